import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LspTestClient } from '../server/lspClient';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist/cli.js');

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'docwright-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('docwright CLI', () => {
  const dirs: string[] = [];
  const make = (files: Record<string, string | Buffer>) => {
    const dir = project(files);
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('check prints ruff-style lines and exits 1 on findings (the bundled example)', () => {
    const dir = make({});
    cpSync(path.join(REPO, 'examples/shop'), dir, { recursive: true });
    const { code, stdout, stderr } = run(['check', 'shop'], dir);
    assert.equal(code, 1, stderr);
    assert.deepEqual(stdout.trim().split('\n'), [
      'shop/__init__.py:1:1: DW104 Missing docstring in public package',
      'shop/cart.py:7:7: DW101 Missing docstring in public class: `Item`',
      'shop/cart.py:19:9: DW102 Missing docstring in public method: `Cart.add`',
      'shop/cart.py:30:9: DW105 Missing docstring in magic method: `Cart.__len__`',
      'shop/pricing.py:4:5: DW103 Missing docstring in public function: `price_for`',
      'shop/pricing.py:4:5: DW901 `price_for` is too complex: cyclomatic complexity 18 > 10 (rank C)',
      'shop/pricing.py:4:5: DW902 `price_for` is too hard to follow: cognitive complexity 37 > 15',
      'shop/pricing.py:4:5: DW903 `price_for` nests too deeply: depth 6 > 4',
    ]);
    assert.match(stderr, /Found 8 problems in 3 files/);
  });

  it('exits 0 when clean, and 2 on usage and I/O errors', () => {
    const dir = make({ 'ok.py': '"""Doc."""\n\ndef _private():\n    pass\n' });
    assert.equal(run(['check', '.'], dir).code, 0);
    assert.equal(run(['check', 'missing.py'], dir).code, 2);
    assert.equal(run(['check', '--format', 'xml'], dir).code, 2);
    assert.equal(run(['check', '--max-cyclomatic', 'ten'], dir).code, 2);
    assert.equal(run(['check', '--select', 'E501'], dir).code, 2);
    assert.equal(run(['frobnicate'], dir).code, 2);
    const bad = make({ 'pyproject.toml': '[tool.docwright]\nmax-nesting = "deep"\n', 'a.py': 'x = 1\n' });
    const result = run(['check', '.'], bad);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /\[tool\.docwright\] maxNesting/);
  });

  it('json: one object per finding with 1-based positions', () => {
    const dir = make({ 'm.py': '"""Doc."""\n\n\ndef f():\n    pass\n' });
    const { code, stdout } = run(['check', '--format', 'json'], dir);
    assert.equal(code, 1);
    assert.deepEqual(JSON.parse(stdout), [{
      file: 'm.py', line: 4, column: 5, endLine: 4, endColumn: 6, code: 'DW103',
      message: 'Missing docstring in public function: `f`', severity: 'information',
    }]);
  });

  it('sarif: a valid 2.1.0 log with rules and results', () => {
    const dir = make({ 'm.py': 'def f():\n    pass\n' });
    const log = JSON.parse(run(['check', '--format', 'sarif'], dir).stdout);
    assert.equal(log.version, '2.1.0');
    assert.deepEqual(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId), ['DW100', 'DW103']);
    assert.deepEqual(log.runs[0].results[1].locations[0].physicalLocation.region, { startLine: 1, startColumn: 5, endLine: 1, endColumn: 6 });
  });

  it('reads [tool.docwright] from the nearest pyproject.toml; flags override it', () => {
    const body = Array.from({ length: 4 }, (_, i) => `    if a == ${i}:\n        pass`).join('\n');
    const dir = make({
      'pyproject.toml': '[tool.docwright]\nmax_cyclomatic = 3\nignore = ["DW1"]\n',
      'src/pkg/m.py': `def f(a):\n${body}\n`,
    });
    const fromFile = run(['check', 'src'], dir);
    assert.equal(fromFile.stdout.trim(), 'src/pkg/m.py:1:5: DW901 `f` is too complex: cyclomatic complexity 5 > 3 (rank A)');
    assert.equal(run(['check', 'src', '--max-cyclomatic', '5'], dir).code, 0);
    const selected = run(['check', 'src', '--select', 'DW1', '--ignore', 'DW100'], dir);
    assert.equal(selected.stdout.trim(), 'src/pkg/m.py:1:5: DW103 Missing docstring in public function: `f`');
  });

  it('walks directories, skipping .venv, __pycache__, node_modules and --exclude globs', () => {
    const dir = make({
      'a.py': 'def a():\n    pass\n',
      '.venv/lib/x.py': 'def x():\n    pass\n',
      'pkg/__pycache__/y.py': 'def y():\n    pass\n',
      'node_modules/z.py': 'def z():\n    pass\n',
      'build/gen.py': 'def g():\n    pass\n',
    });
    const files = (args: string[]) => [...new Set(run(['check', ...args, '--format', 'json'], dir).stdout && JSON.parse(run(['check', ...args, '--format', 'json'], dir).stdout).map((f: { file: string }) => f.file))];
    assert.deepEqual(files([]), ['a.py', 'build/gen.py']);
    assert.deepEqual(files(['--exclude', 'build']), ['a.py']);
  });

  it('reports what it skipped and why: binary, undecodable, oversized; decodes coding cookies', () => {
    const dir = make({
      'pyproject.toml': '[tool.docwright]\nmax-file-size-kb = 1\nselect = ["DW103"]\n',
      'bin.py': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]),
      'latin.py': Buffer.from('# -*- coding: latin-1 -*-\ndef caf\u00e9():\n    pass\n', 'latin1'),
      'bad.py': Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xff, 0x22, 0x0a]),
      'big.py': `${'# filler\n'.repeat(200)}def big():\n    pass\n`,
      'broken.py': 'def ok():\n    pass\n\ndef broken(:\n    pass\n',
    });
    const { code, stdout, stderr } = run(['check', '.'], dir);
    assert.equal(code, 1);
    assert.deepEqual(stdout.trim().split('\n'), [
      'broken.py:1:5: DW103 Missing docstring in public function: `ok`',
      'latin.py:2:5: DW103 Missing docstring in public function: `café`',
    ]);
    assert.match(stderr, /^bad\.py: skipped: not valid UTF-8 and no PEP 263 coding declaration$/m);
    assert.match(stderr, /^big\.py: skipped: file is 2 KB, over the maxFileSizeKb limit of 1 KB$/m);
    assert.match(stderr, /^bin\.py: skipped: binary file \(contains NUL bytes\)$/m);
    assert.match(stderr, /^broken\.py:4:\d+: syntax error; analysed what parses$/m);
    assert.match(stderr, /3 skipped/);
  });

  it('metrics --format json: one record per module, class and function, at the def line', () => {
    const dir = make({ 'm.py': 'class C:\n    @property\n    def p(self):\n        return 1 if self else 2\n' });
    const records = JSON.parse(run(['metrics', 'm.py', '--format', 'json'], dir).stdout);
    assert.deepEqual(records.map((r: { kind: string; qualname: string; line: number; column: number; endLine: number; cyclomatic: number; cognitive: number; nesting: number }) =>
      [r.kind, r.qualname, r.line, r.column, r.endLine, r.cyclomatic, r.cognitive, r.nesting]), [
      ['module', 'm', 1, 1, 5, 1, 0, 0],
      ['class', 'C', 1, 1, 4, 3, 1, 0],
      ['method', 'C.p', 3, 5, 4, 2, 1, 0],
    ]);
  });

  it('worker threads give the same output as one thread, in the same order', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 80; i++) files[`pkg/m${String(i).padStart(2, '0')}.py`] = `def f${i}(a):\n${'    if a:\n        pass\n'.repeat(i % 13)}`;
    const dir = make(files);
    const one = run(['check', '.', '--jobs', '1', '--format', 'json'], dir);
    const many = run(['check', '.', '--jobs', '2', '--format', 'json'], dir);
    assert.equal(many.stdout, one.stdout);
    // DW100 and DW103 for every module; DW901 where i % 13 >= 10 (18 files).
    assert.equal(JSON.parse(one.stdout).length, 80 + 80 + 18);
  });

  it('lsp --stdio answers initialize', async () => {
    const client = await LspTestClient.start([CLI, 'lsp', '--stdio']);
    const uri = LspTestClient.uri('cli-lsp.py');
    await client.open(uri, 'def f():\n    pass\n');
    const published = await client.diagnostics(uri);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['DW100', 'DW103']);
    await client.stop();
  });
});
