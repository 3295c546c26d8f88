import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LspTestClient } from '../lsp/lspClient';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist/cli.js');

/** The CLI's cache, ledger and changelog go to a temporary directory, never the user's. */
const STATE = mkdtempSync(path.join(tmpdir(), 'docwright-cli-state-'));

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, DOCWRIGHT_CACHE_DIR: STATE } });
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
    assert.match(stderr, /Found 8 problems in 3 of 3 files\./);
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
    const files = (args: string[]) => [...new Set(JSON.parse(run(['check', ...args, '--format', 'json'], dir).stdout).map((f: { file: string }) => f.file))];
    assert.deepEqual(files([]), ['a.py', 'build/gen.py']);
    assert.deepEqual(files(['--exclude', 'build']), ['a.py']);
  });

  it('[tool.docwright] exclude is relative to its pyproject.toml (as in ruff), --exclude to the working directory', () => {
    const dir = make({
      'pyproject.toml': '[tool.docwright]\nexclude = ["src/generated"]\nselect = ["DW103"]\n',
      'src/app.py': 'def app():\n    pass\n',
      'src/generated/models.py': 'def model():\n    pass\n',
      'src/vendor/lib.py': 'def lib():\n    pass\n',
    });
    const files = (args: string[], cwd: string) => JSON.parse(run(['check', ...args, '--format', 'json'], cwd).stdout).map((f: { file: string }) => f.file);
    assert.deepEqual(files(['.'], path.join(dir, 'src')), ['app.py', 'vendor/lib.py']);
    assert.deepEqual(files(['.', '--exclude', 'vendor/*.py'], path.join(dir, 'src')), ['app.py']);
    assert.deepEqual(files(['src'], dir), ['src/app.py', 'src/vendor/lib.py']);
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
    assert.match(stderr, /^Found 2 problems in 2 of 5 files, 3 skipped\./m);
  });

  it('notebooks: each Python code cell checked with IPython hidden, positions as `cell N:line:col`, in every format', () => {
    const notebook = (cells: { cell_type: string; source: string[] }[], language = 'python') => JSON.stringify({
      cells: cells.map((c) => ({ metadata: {}, ...c, ...(c.cell_type === 'code' ? { outputs: [], execution_count: null } : {}) })),
      metadata: { language_info: { name: language } }, nbformat: 4, nbformat_minor: 5,
    });
    const dir = make({
      'analysis.ipynb': notebook([
        { cell_type: 'markdown', source: ['# Title'] },
        { cell_type: 'code', source: ['%matplotlib inline\n', 'import os\n'] },
        { cell_type: 'code', source: ['def load(path):\n', '    !ls {path}\n', '    return open(path)\n'] },
        { cell_type: 'code', source: ['%%bash\n', 'echo hi\n'] },
        { cell_type: 'code', source: ['def broken(:\n', '    pass\n'] },
      ]),
      'r.ipynb': notebook([{ cell_type: 'code', source: ['x <- 1'] }], 'R'),
      'bad.ipynb': '{"cells": [',
      'mod.py': '"""Doc."""\n',
    });
    const text = run(['check', '.', '--no-cache'], dir);
    assert.equal(text.code, 1, text.stderr);
    // Cell 2 of the code cells; the `!ls` in the body would otherwise make the def a syntax error.
    assert.deepEqual(text.stdout.trim().split('\n'), ['analysis.ipynb:cell 2:1:5: DW103 Missing docstring in public function: `load`']);
    assert.match(text.stderr, /^analysis\.ipynb:cell 4:1:\d+: syntax error; analysed what parses$/m);
    assert.match(text.stderr, /^bad\.ipynb: skipped: not a valid notebook: /m);
    assert.match(text.stderr, /^r\.ipynb: skipped: the notebook's language is R, not Python$/m);
    assert.match(text.stderr, /Found 1 problem in 1 of 4 files, 2 skipped\./);
    const json = JSON.parse(run(['check', 'analysis.ipynb', '--format', 'json'], dir).stdout) as Record<string, unknown>[];
    assert.deepEqual(json.map((r) => [r.file, r.cell, r.line, r.column, r.code]), [['analysis.ipynb', 2, 1, 5, 'DW103']]);
    const sarif = JSON.parse(run(['check', 'analysis.ipynb', '--format', 'sarif'], dir).stdout) as { runs: { results: { message: { text: string }; locations: { physicalLocation: Record<string, unknown> }[]; properties: unknown }[] }[] };
    const [finding] = sarif.runs[0]!.results;
    assert.equal(finding!.message.text, 'Missing docstring in public function: `load` (cell 2, line 1)');
    assert.equal(finding!.locations[0]!.physicalLocation.region, undefined, 'notebook lines are not lines of the .ipynb file');
    assert.deepEqual(finding!.properties, { cell: 2, line: 1, column: 5 });
    const metrics = JSON.parse(run(['metrics', 'analysis.ipynb', '--format', 'json'], dir).stdout) as Record<string, unknown>[];
    assert.deepEqual(metrics.map((r) => [r.cell, r.qualname, r.line, r.cyclomatic]), [[2, 'load', 1, 1], [4, 'broken', 1, 1]]);
    // export leaves notebooks alone, and says so.
    const exported = run(['export', 'analysis.ipynb'], dir);
    assert.match(exported.stderr, /analysis\.ipynb: skipped: notebooks are not exported/);
  });

  it('notebooks: document writes docstrings into the code cells it changes, and leaves every other byte alone', () => {
    const cell = (source: string[], n: number) => ({ cell_type: 'code', execution_count: n, metadata: { scrolled: true }, outputs: [{ output_type: 'stream', name: 'stdout', text: ['42\n'] }], source });
    const original = `${JSON.stringify({
      cells: [
        { cell_type: 'markdown', metadata: {}, source: ['def not_code(x):\n', '    return x'] },
        cell(['%load_ext autoreload\n', 'def area(w: float, h: float) -> float:\n', '    !echo {w}\n', '    return w * h'], 1),
        cell(['x = area(2, 3)'], 2),
        cell(['class Shape:\n', '    def __init__(self, sides):\n', '        self.sides = sides\n'], 3),
        cell(['def broken(a):\n', '    x = [1, 2 3]\n', '    return a'], 4),
      ],
      metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5,
    }, null, 1)}\n`;
    const dir = make({ 'nb.ipynb': original });
    const file = path.join(dir, 'nb.ipynb');

    const dry = run(['document', '.', '--only', 'all', '--dry-run', '--diff'], dir);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(readFileSync(file, 'utf8'), original, '--dry-run writes nothing');
    // Per-cell diffs of the Python, named as check names cells.
    assert.match(dry.stdout, /^--- a\/nb\.ipynb:cell 1\n\+\+\+ b\/nb\.ipynb:cell 1\n/m);
    assert.match(dry.stdout, /^--- a\/nb\.ipynb:cell 3\n/m);
    assert.match(dry.stdout, /^nb\.ipynb: 3 would be added$/m);
    assert.match(dry.stderr, /^nb\.ipynb:cell 4:1: left `broken` alone: it contains a syntax error/m);

    const wrote = run(['document', 'nb.ipynb', '--only', 'all', '--style', 'numpy'], dir);
    assert.equal(wrote.code, 0, wrote.stderr);
    const after = JSON.parse(readFileSync(file, 'utf8')) as { cells: { source: string[]; outputs?: unknown }[] };
    const before = JSON.parse(original) as typeof after;
    assert.deepEqual(after.cells[1]!.source, [
      '%load_ext autoreload\n',
      'def area(w: float, h: float) -> float:\n',
      '    """TODO: Area.\n',
      '\n',
      '    Parameters\n',
      '    ----------\n',
      '    w : float\n',
      '        TODO: Describe `w`.\n',
      '    h : float\n',
      '        TODO: Describe `h`.\n',
      '\n',
      '    Returns\n',
      '    -------\n',
      '    float\n',
      '        TODO: Describe the return value.\n',
      '    """\n',
      '    !echo {w}\n',
      '    return w * h',
    ]);
    assert.match(after.cells[3]!.source.join(''), /^class Shape:\n    """TODO: Describe `Shape`\.\n[^]*\n    def __init__\(self, sides\):\n        """TODO: Initialize `Shape`\.\n/);
    // Everything but those two sources is as it was, byte for byte in the file's own layout.
    for (const i of [1, 3]) after.cells[i]!.source = before.cells[i]!.source;
    assert.equal(`${JSON.stringify(after, null, 1)}\n`, original);
    // Nothing is missing now (the broken cell has no findings); the template's placeholders are
    // reported as such (DW501), and a second run writes nothing.
    assert.deepEqual(run(['check', 'nb.ipynb', '--no-cache', '--ignore', 'DW501'], dir).stdout, '');
    assert.equal(run(['check', 'nb.ipynb', '--no-cache'], dir).stdout.match(/: DW501 Docstring is a placeholder/g)?.length, 3);
    const again = run(['document', 'nb.ipynb', '--check'], dir);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /^nb\.ipynb:cell 4:1: left `broken` alone: it contains a syntax error/m);
    assert.match(again.stderr, /No docstring would be written \(1 files checked, style numpy \(most existing docstrings\), 1 left alone\)/);
  });

  it('metrics --format json: one record per module, class and function, at the def line', () => {
    const dir = make({ 'm.py': 'class C:\n    @property\n    def p(self):\n        return 1 if self else 2\n' });
    const records = JSON.parse(run(['metrics', 'm.py', '--format', 'json'], dir).stdout);
    assert.deepEqual(records.map((r: { kind: string; qualname: string; line: number; column: number; endLine: number; cyclomatic: number; cognitive: number; nesting: number }) =>
      [r.kind, r.qualname, r.line, r.column, r.endLine, r.cyclomatic, r.cognitive, r.nesting]), [
      ['module', 'm', 1, 1, 4, 1, 0, 0],
      ['class', 'C', 1, 1, 4, 3, 1, 0],
      ['method', 'C.p', 3, 5, 4, 2, 1, 0],
    ]);
  });

  it("metrics: radon's raw counts, Halstead metrics and maintainability index, as radon prints them", () => {
    // What radon 5.1 prints for this file: raw [loc 6, lloc 4, sloc 3, comments 1, multi 0,
    // blank 1, single comments 2]; hal total and f (7, 11, 8, 15), volume 95.90827503317318;
    // mi 99.93407503138164 (A).
    const dir = make({ 'm.py': '"""M."""\n# setup\nX = 1\n\ndef f(a, b):\n    return -a + b if a else X * (a - b) / (a + b) ** 2 % 7\n' });
    const records = JSON.parse(run(['metrics', 'm.py', '--format', 'json'], dir).stdout) as {
      kind: string; raw?: Record<string, number>; halstead?: Record<string, number>; maintainability?: number; maintainabilityRank?: string;
    }[];
    const [module, f] = records;
    const counts = (h: Record<string, number>) => [h.h1, h.h2, h.N1, h.N2, h.volume];
    assert.deepEqual(module!.raw, { loc: 6, lloc: 4, sloc: 3, comments: 1, multi: 0, blank: 1, singleComments: 2 });
    assert.deepEqual(counts(module!.halstead!), [7, 11, 8, 15, 95.90827503317318]);
    assert.deepEqual(counts(f!.halstead!), [7, 11, 8, 15, 95.90827503317318]);
    assert.equal(module!.maintainability, 99.93407503138164);
    assert.equal(module!.maintainabilityRank, 'A');
    const text = run(['metrics', 'm.py'], dir).stdout.split('\n');
    assert.equal(text[0], 'm.py:1:1: module m cyclomatic=1 (A) cognitive=0 nesting=0 lines=6 mi=99.93 (A)');
    assert.equal(text[1], 'm.py:5:1: function f cyclomatic=2 (A) cognitive=1 nesting=0 lines=2 volume=95.9');
  });

  it('worker threads give the same output as one thread, in the same order', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 80; i++) files[`pkg/m${String(i).padStart(2, '0')}.py`] = `def f${i}(a):\n${'    if a:\n        pass\n'.repeat(i % 13)}`;
    const dir = make(files);
    const one = run(['check', '.', '--jobs', '1', '--format', 'json', '--no-cache'], dir);
    const many = run(['check', '.', '--jobs', '2', '--format', 'json', '--no-cache'], dir);
    assert.equal(many.stdout, one.stdout);
    // DW100 and DW103 for every module; DW901 where i % 13 >= 10 (18 files).
    assert.equal(JSON.parse(one.stdout).length, 80 + 80 + 18);
  });

  it('a raise documented by its base class in another module is no DW406, and a cached result follows a change of that base', () => {
    const dir = make({});
    cpSync(path.join(REPO, 'test/fixtures/crossmodule'), dir, { recursive: true });
    const cache = mkdtempSync(path.join(tmpdir(), 'docwright-check-cache-'));
    dirs.push(cache);
    const check = () => {
      const result = spawnSync(process.execPath, [CLI, 'check', '.', '--select', 'DW4'], { cwd: dir, encoding: 'utf8', env: { ...process.env, DOCWRIGHT_CACHE_DIR: cache } });
      return { stdout: result.stdout, cached: Number(/(\d+) unchanged since the last run/.exec(result.stderr)?.[1] ?? 0) };
    };
    assert.deepEqual(check(), { stdout: '', cached: 0 });
    assert.deepEqual(check(), { stdout: '', cached: 3 });
    // The base changes: api.py's result read errors.py, so it is computed again.
    const errors = path.join(dir, 'pkg/errors.py');
    writeFileSync(errors, readFileSync(errors, 'utf8').replace('InvalidRequest(OAuthError)', 'InvalidRequest(ValueError)'));
    const later = new Date(Date.now() + 10_000);
    utimesSync(errors, later, later);
    assert.deepEqual(check(), { stdout: 'pkg/api.py:5:5: DW406 `errors.InvalidRequest` is raised but not documented (`validate`)\n', cached: 1 });
  });

  it('a second check reuses unchanged files\' results: same output; edits, settings and a corrupt cache are honoured', () => {
    const dir = make({
      'a.py': '"""A."""\n\ndef f():\n    pass\n',
      'b.py': '"""B."""\n\ndef g(x):\n    """G."""\n    return x and 1 or 2\n',
      'c.py': '"""C."""\n',
    });
    const cache = mkdtempSync(path.join(tmpdir(), 'docwright-check-cache-'));
    dirs.push(cache);
    const check = (...args: string[]) => {
      const result = spawnSync(process.execPath, [CLI, 'check', '.', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, DOCWRIGHT_CACHE_DIR: cache } });
      return { stdout: result.stdout, stderr: result.stderr, cached: Number(/(\d+) unchanged since the last run/.exec(result.stderr)?.[1] ?? 0) };
    };
    const first = check();
    assert.equal(first.cached, 0);
    assert.equal(first.stdout, 'a.py:3:5: DW103 Missing docstring in public function: `f`\n');
    const second = check();
    assert.deepEqual([second.stdout, second.cached], [first.stdout, 3]);
    // A run that changed nothing writes nothing.
    const shards = readdirSync(path.join(cache, 'check')).map((name) => path.join(cache, 'check', name));
    const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600 * 1000); // whole seconds: utimes stores a float
    for (const shard of shards) utimesSync(shard, past, past);
    assert.equal(check().cached, 3);
    for (const shard of shards) assert.equal(Math.round(statSync(shard).mtimeMs), past.getTime(), shard);

    // An edit is seen; the other files still come from the cache.
    writeFileSync(path.join(dir, 'a.py'), '"""A."""\n\ndef f():\n    """F."""\n');
    const edited = check();
    assert.deepEqual([edited.stdout, edited.cached], ['', 2]);
    // Touching a file without changing it keeps its result (the content hash decides).
    const stamp = new Date(Date.now() + 5000);
    utimesSync(path.join(dir, 'b.py'), stamp, stamp);
    assert.equal(check().cached, 3);

    // Other settings never reuse results computed under different ones.
    const strict = check('--max-cyclomatic', '1');
    assert.deepEqual([strict.stdout, strict.cached], ['b.py:3:5: DW901 `g` is too complex: cyclomatic complexity 3 > 1 (rank A)\n', 0]);
    assert.equal(check('--max-cyclomatic', '1').cached, 3);

    // metrics has results of its own, equal whether computed or cached.
    const metrics = () => spawnSync(process.execPath, [CLI, 'metrics', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, DOCWRIGHT_CACHE_DIR: cache } }).stdout;
    const before = new Set(readdirSync(path.join(cache, 'check')));
    const computed = metrics();
    assert.equal((JSON.parse(computed) as unknown[]).length, 5); // 3 modules, f, g
    const [shard, ...others] = readdirSync(path.join(cache, 'check')).filter((n) => !before.has(n));
    assert.ok(shard && others.length === 0, 'metrics keeps a shard of its own');
    assert.equal(metrics(), computed);
    // Proof that the second run read the cache: a value planted in it comes back.
    const file = path.join(cache, 'check', shard);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"cyclomatic":3', '"cyclomatic":99'));
    assert.match(metrics(), /"cyclomatic": 99/);
    // A cached record names the file as seen from where this run started.
    const fromAbove = spawnSync(process.execPath, [CLI, 'metrics', path.basename(dir), '--format', 'json'], { cwd: path.dirname(dir), encoding: 'utf8', env: { ...process.env, DOCWRIGHT_CACHE_DIR: cache } }).stdout;
    assert.deepEqual([...new Set((JSON.parse(fromAbove) as { file: string }[]).map((r) => r.file))].sort(), ['a', 'b', 'c'].map((m) => `${path.basename(dir)}/${m}.py`));
    assert.match(fromAbove, /"cyclomatic": 99/); // and it did come from the cache

    // --no-cache neither reads nor counts it; a corrupt cache file is an empty cache.
    assert.equal(check('--no-cache').cached, 0);
    for (const name of readdirSync(path.join(cache, 'check'))) writeFileSync(path.join(cache, 'check', name), '{"key": ');
    const recovered = check();
    assert.deepEqual([recovered.stdout, recovered.cached], ['', 0]);
    assert.equal(check().cached, 3);
  });

  it('a cache directory that cannot be made is reported, and the run still answers', function () {
    if (!existsSync('/proc/self')) this.skip(); // needs Linux's /proc, where mkdir answers ENOENT
    const dir = make({ 'a.py': 'def f():\n    pass\n' });
    const result = spawnSync(process.execPath, [CLI, 'check', '.'], { cwd: dir, encoding: 'utf8', timeout: 20000, env: { ...process.env, DOCWRIGHT_CACHE_DIR: '/proc/docwright-cannot-exist' } });
    assert.equal(result.error, undefined, 'the run must not hang');
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stdout, 'a.py:1:1: DW100 Missing docstring in public module\na.py:1:5: DW103 Missing docstring in public function: `f`\n');
    assert.match(result.stderr, /could not write the result cache: ENOENT/);
  });

  it('lsp --stdio answers initialize', async () => {
    const client = await LspTestClient.start([CLI, 'lsp', '--stdio']);
    const uri = LspTestClient.uri('cli-lsp.py');
    await client.open(uri, 'def f():\n    pass\n');
    const published = await client.diagnostics(uri);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['DW100', 'DW103']);
    await client.stop();
  });

  it('document: --check fails and --diff shows the change, then a run writes it, then nothing is left', () => {
    const dir = make({});
    cpSync(path.join(REPO, 'examples/shop'), dir, { recursive: true });
    const before = readFileSync(path.join(dir, 'shop/pricing.py'), 'utf8');
    const check = run(['document', '--check', '--diff', 'shop'], dir);
    assert.equal(check.code, 1, check.stderr);
    assert.match(check.stdout, /^--- a\/shop\/pricing\.py\n\+\+\+ b\/shop\/pricing\.py\n@@ /m);
    assert.match(check.stdout, /^\+ {4}"""TODO: Price for\.$/m);
    assert.equal(readFileSync(path.join(dir, 'shop/pricing.py'), 'utf8'), before, '--check writes nothing');
    // The template's default: only complete existing docstrings. Every one is missing here, so nothing is written, and that is said.
    const completing = run(['document', 'shop'], dir);
    assert.equal(completing.code, 0, completing.stderr);
    assert.equal(completing.stdout, '');
    assert.equal(completing.stderr, 'Every existing docstring is up to date (3 files checked, style google (default)).\n'
      + '5 missing docstrings left out: the template would only write placeholders; --only missing or --only all inserts them, an LLM provider (--provider) writes descriptions instead.\n');
    assert.equal(readFileSync(path.join(dir, 'shop/pricing.py'), 'utf8'), before);
    const write = run(['document', '--only', 'all', 'shop'], dir);
    assert.equal(write.code, 0, write.stderr);
    assert.deepEqual(write.stdout.trim().split('\n'), ['shop/__init__.py: 1 added', 'shop/cart.py: 3 added', 'shop/pricing.py: 1 added']);
    assert.equal(write.stderr, '5 docstrings added, 0 updated in 3 files (3 files checked, style google (default)).\n'
      + '5 placeholder docstrings written (TODO text to replace by hand); an LLM provider (--provider) writes descriptions instead.\n');
    const after = readFileSync(path.join(dir, 'shop/pricing.py'), 'utf8');
    assert.equal(after.replace(/\n {4}"""TODO: Price for\.[\s\S]*?"""\n/, '\n'), before, 'only a docstring was inserted');
    const again = run(['document', '--check', 'shop'], dir);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stderr, /Every docstring is present and up to date/);
    assert.equal(run(['check', 'shop'], dir).stdout.split('\n').filter((l) => /DW1|DW4/.test(l)).length, 0);
  });

  it('document --format json, --only, --dry-run and the style from ruff\'s convention', () => {
    const dir = make({
      'pyproject.toml': '[tool.ruff.lint.pydocstyle]\nconvention = "numpy"\n',
      'pkg/_m.py': 'def f(a):\n    """Doc.\n\n    Parameters\n    ----------\n    b : int\n        Gone.\n    """\n    return a\n\n\ndef g(x):\n    return x\n',
    });
    const stale = run(['document', '--only', 'stale', '--dry-run', '--format', 'json', 'pkg'], dir);
    assert.equal(stale.code, 0, stale.stderr);
    const report = JSON.parse(stale.stdout) as { summary: Record<string, unknown>; files: { items: { qualname: string; kind: string; line: number }[] }[] };
    assert.deepEqual(report.summary, {
      files: 1, changedFiles: 1, added: 0, placeholders: 0, updated: 1, missingLeftOut: 1, refused: 0, skippedFiles: 0, written: false, style: 'numpy (ruff pydocstyle convention)',
    });
    assert.deepEqual(report.files[0]!.items, [{ qualname: 'f', line: 1, kind: 'updated' }]);
    const all = run(['document', '--only', 'missing', 'pkg'], dir);
    assert.equal(all.code, 0, all.stderr);
    assert.match(readFileSync(path.join(dir, 'pkg/_m.py'), 'utf8'), /def g\(x\):\n {4}"""TODO: G\.\n\n {4}Parameters\n {4}----------\n {4}x\n/);
    assert.match(readFileSync(path.join(dir, 'pkg/_m.py'), 'utf8'), /b : int\n {8}Gone\./, '--only missing leaves stale ones');
  });

  it('document with the template completes stale docstrings by default; --only missing|all insert placeholders and count them', () => {
    const source = '"""Module."""\n\n\ndef scale(value, factor):\n    """Scale a value.\n\n    Args:\n        value: The value.\n    """\n    print(value * factor)\n\n\ndef offset(value):\n    print(value + 1)\n';
    const dir = make({ 'pkg/m.py': source });
    const file = path.join(dir, 'pkg/m.py');
    const dry = run(['document', '--only', 'missing', '--dry-run', 'pkg'], dir);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.stdout, 'pkg/m.py: 1 would be added\n');
    assert.equal(dry.stderr, '1 docstring would be added, 0 would be updated in 1 file (1 files checked, style google (most existing docstrings)).\n'
      + '1 placeholder docstring would be written (TODO text to replace by hand); an LLM provider (--provider) writes descriptions instead.\n');
    assert.equal(readFileSync(file, 'utf8'), source);

    const completed = run(['document', 'pkg'], dir);
    assert.equal(completed.code, 0, completed.stderr);
    assert.equal(completed.stdout, 'pkg/m.py: 1 updated\n');
    assert.equal(completed.stderr, '0 docstrings added, 1 updated in 1 file (1 files checked, style google (most existing docstrings)).\n'
      + '1 missing docstring left out: the template would only write placeholders; --only missing or --only all inserts them, an LLM provider (--provider) writes descriptions instead.\n');
    const afterUpdate = source.replace('        value: The value.\n', '        value: The value.\n        factor: TODO: Describe `factor`.\n');
    assert.equal(readFileSync(file, 'utf8'), afterUpdate, 'the stale docstring gained its entry; the missing one was not inserted');

    const inserted = run(['document', '--only', 'all', '--format', 'json', 'pkg'], dir);
    assert.equal(inserted.code, 0, inserted.stderr);
    const report = JSON.parse(inserted.stdout) as { summary: Record<string, unknown>; files: { items: Record<string, unknown>[] }[] };
    assert.deepEqual(report.summary, {
      files: 1, changedFiles: 1, added: 1, placeholders: 1, updated: 0, missingLeftOut: 0, refused: 0, skippedFiles: 0, written: true, style: 'google (most existing docstrings)',
    });
    assert.deepEqual(report.files[0]!.items, [{ qualname: 'offset', line: 14, kind: 'added', placeholder: true }]);
    assert.match(readFileSync(file, 'utf8'), /def offset\(value\):\n {4}"""TODO: Offset\./);
    // --check still asks for everything: it writes nothing, so it has no placeholder to avoid.
    writeFileSync(file, source);
    const check = run(['document', '--check', '--format', 'json', 'pkg'], dir);
    assert.equal(check.code, 1, check.stderr);
    const checked = (JSON.parse(check.stdout) as { summary: Record<string, unknown> }).summary;
    assert.deepEqual([checked.added, checked.updated, checked.placeholders, checked.missingLeftOut], [1, 1, 1, 0]);
  });

  it('document keeps CRLF and a BOM, skips non-UTF-8 files with a reason, and rejects bad flags', () => {
    const dir = make({
      'crlf.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('"""M."""\r\n\r\n\r\ndef f():\r\n    pass\r\n')]),
      'latin.py': Buffer.from('# -*- coding: latin-1 -*-\n"""M\xe9."""\n\n\ndef f():\n    pass\n', 'latin1'),
    });
    const result = run(['document', '--only', 'all', '.'], dir);
    assert.equal(result.code, 0, result.stderr);
    const bytes = readFileSync(path.join(dir, 'crlf.py'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(bytes.subarray(3).toString('utf8'), '"""M."""\r\n\r\n\r\ndef f():\r\n    """TODO: F."""\r\n    pass\r\n');
    assert.match(result.stderr, /latin\.py: skipped: the file is windows-1252; Docwright writes UTF-8 files only/);
    assert.equal(run(['document', '--provider', 'openai', '.'], dir).code, 2);
    assert.equal(run(['document', '--only', 'some', '.'], dir).code, 2);
    assert.equal(run(['document', '--style', 'pep8', '.'], dir).code, 2);
    assert.equal(run(['check', '--dry-run', '.'], dir).code, 2);
  });

  it('a CR-only file (old Mac line endings): check reports its real lines, document keeps its CR and writes what python3 compiles', () => {
    const dir = make({ 'a.py': 'class A:\r    def m(self):\r        return 1\r' });
    const check = run(['check', 'a.py'], dir);
    assert.deepEqual(check.stdout.split('\n').filter((l) => l.startsWith('a.py')), [
      'a.py:1:1: DW100 Missing docstring in public module',
      'a.py:1:7: DW101 Missing docstring in public class: `A`',
      'a.py:2:9: DW102 Missing docstring in public method: `A.m`',
    ]);
    const diff = run(['document', '--only', 'all', '--dry-run', '--diff', 'a.py'], dir);
    assert.match(diff.stdout, /^@@ -1,3 \+1,12 @@\n\+"""TODO: Describe the `a` module\."""\n\+\n class A:\n/m, 'lone CRs shown as line breaks');
    const result = run(['document', '--only', 'all', 'a.py'], dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /3 docstrings added, 0 updated in 1 file/);
    assert.equal(readFileSync(path.join(dir, 'a.py'), 'utf8'), [
      '"""TODO: Describe the `a` module."""', '', 'class A:', '    """TODO: Describe `A`."""', '', '    def m(self):',
      '        """TODO: M.', '', '        Returns:', '            TODO: Describe the return value.', '        """', '        return 1', '',
    ].join('\r'));
    const compiled = spawnSync('python3', ['-c', 'import sys; compile(open(sys.argv[1], "rb").read(), sys.argv[1], "exec")', path.join(dir, 'a.py')], { encoding: 'utf8' });
    assert.equal(compiled.status, 0, compiled.stderr);
  });

  it('invariant 1 on CR-only copies of 60 CPython stdlib modules spread over the library: same ast without docstrings, no LF written', function () {
    this.timeout(180000);
    const result = spawnSync(process.execPath, [path.join(REPO, 'scripts/verify.mjs'), '--sample', '60', '--cr'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const report = JSON.parse(result.stdout.slice(0, result.stdout.lastIndexOf('}') + 1)) as Record<string, unknown>;
    assert.deepEqual([report.files, report.lineEndings], [60, 'CR only']);
    assert.ok((report.added as number) > 1000, `documented ${String(report.added)}`);
    assert.equal(report.identicalAst, report.parsedBefore);
    assert.deepEqual([report.newSyntaxErrors, report.astDiffers, report.gainedLineFeeds], [[], [], []]);
    assert.deepEqual(report.secondRun, { exit: 0, added: 0, updated: 0 });
  });

  it('invariant 1 on a slice of the CPython stdlib: same ast without docstrings, no new syntax errors, second run a no-op', function () {
    this.timeout(180000);
    const result = spawnSync(process.execPath, [path.join(REPO, 'scripts/verify.mjs'), '--limit', '60'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const report = JSON.parse(result.stdout.slice(0, result.stdout.lastIndexOf('}') + 1)) as Record<string, unknown>;
    assert.equal(report.files, 60);
    assert.ok((report.added as number) > 300, `documented ${String(report.added)}`);
    assert.equal(report.identicalAst, report.parsedBefore);
    assert.deepEqual(report.newSyntaxErrors, []);
    assert.deepEqual(report.secondRun, { exit: 0, added: 0, updated: 0 });
  });

  it('export: Markdown with a TOC, every function in the index, and every anchor resolving (one file and a directory)', () => {
    const dir = make({});
    cpSync(path.join(REPO, 'examples/shop'), dir, { recursive: true });
    const single = run(['export', 'shop', '--out', 'api.md'], dir);
    assert.equal(single.code, 0, single.stderr);
    const text = readFileSync(path.join(dir, 'api.md'), 'utf8');
    const qualnames = ['shop.cart.Item', 'shop.cart.Cart', 'shop.cart.Cart.add', 'shop.cart.Cart.total', 'shop.cart.Cart.__len__', 'shop.cart.Cart._audit', 'shop.pricing.price_for', 'shop.pricing.format_price', 'shop.pricing._round_cents'];
    const index = text.slice(text.indexOf('## Index'));
    for (const q of qualnames) assert.match(index, new RegExp(`\\[\`${q.replace(/\./g, '\\.')}\`\\]\\(#`), q);
    assert.match(text, /## Contents\n\n- \[shop\]\(#module-shop\) \(package\)\n  - \[cart\]\(#module-shop-cart\)\n  - \[pricing\]\(#module-shop-pricing\)\n/);
    const ids = new Set([...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
    const links = [...text.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    assert.ok(links.length >= 12);
    for (const l of links) assert.ok(ids.has(l), `#${l} resolves`);
    assert.match(text, /### function `price_for`\n\n```python\ndef price_for\(customer, cart, coupon=None, region="EU"\):\n```\n\n\*Line 4 · cyclomatic 18 \(C\) · cognitive 37 · nesting 6 · \d+ lines\*/);

    const many = run(['export', 'shop', '--out', 'docs'], dir);
    assert.equal(many.code, 0, many.stderr);
    const files = new Map(['index.md', 'shop.md', 'shop.cart.md', 'shop.pricing.md'].map((f) => [f, readFileSync(path.join(dir, 'docs', f), 'utf8')]));
    for (const [name, body] of files) {
      for (const [, file, anchor] of body.matchAll(/\]\(([\w.]*\.md)?#([^)]+)\)/g)) {
        const target = files.get(file ?? name)!;
        assert.ok(target.includes(`<a id="${anchor}"></a>`), `${name}: ${file ?? ''}#${anchor}`);
      }
    }
  });

  it('document on a copy of the batch fixture: every file documented, .gitignore honoured, changes in the changelog', () => {
    const dir = make({});
    cpSync(path.join(REPO, 'test/fixtures/e2e/batch'), dir, { recursive: true });
    const ignored = readFileSync(path.join(dir, 'ignored.py'), 'utf8');
    const result = run(['document', '--only', 'all', '--format', 'json', '.'], dir);
    assert.equal(result.code, 0, result.stderr);
    const summary = (JSON.parse(result.stdout) as { summary: { added: number; placeholders: number; changedFiles: number } }).summary;
    assert.deepEqual([summary.added, summary.placeholders, summary.changedFiles], [12, 12, 3]);
    assert.equal(readFileSync(path.join(dir, 'ignored.py'), 'utf8'), ignored);
    const changes = readFileSync(path.join(STATE, 'changelog.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; qualname: string; kind: string; provider: string });
    const mine = changes.filter((c) => c.file === 'two.py');
    assert.deepEqual(mine.map((c) => `${c.qualname}:${c.kind}:${c.provider}`), ['two_total:added:template', 'TwoBox:added:template', 'TwoBox.__init__:added:template', 'TwoBox.grow:added:template']);
  });
});
