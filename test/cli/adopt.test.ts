import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** What a team needs to adopt Docwright: coverage with a gate and a badge, a baseline, a ratchet, noqa, and CI formats. */

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist/cli.js');
const STATE = mkdtempSync(path.join(tmpdir(), 'docwright-adopt-state-'));

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, DOCWRIGHT_CACHE_DIR: STATE } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function git(args: string[], cwd: string): void {
  const result = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}

const NOTEBOOK = JSON.stringify({
  cells: [
    { cell_type: 'code', metadata: {}, source: ['def a():\n', '    """A."""\n'], outputs: [], execution_count: null },
    { cell_type: 'markdown', metadata: {}, source: ['text'] },
    { cell_type: 'code', metadata: {}, source: ['class B:\n', '    pass\n'], outputs: [], execution_count: null },
  ],
  metadata: { kernelspec: { name: 'python3', language: 'python' } }, nbformat: 4, nbformat_minor: 5,
});

/** Public and private definitions, placeholders, an overload, a property setter, a private package and a notebook. */
const COVERED = {
  'pkg/__init__.py': '"""The package."""\n',
  'pkg/mod.py': [
    '"""TODO: Describe the module."""', 'from typing import overload', '', '',
    'class Shape:', '    """A shape."""', '',
    '    def __init__(self, size):', '        self.size = size', '',
    '    def __eq__(self, other):', '        return True', '',
    '    @property', '    def area(self):', '        """TODO: Describe `area`."""', '        return 1', '',
    '    @area.setter', '    def area(self, value):', '        pass', '',
    '    def _hidden(self):', '        pass', '', '',
    '@overload', 'def grow(x: int) -> int: ...', 'def grow(x):', '    """Grow it."""', '    return x', '', '',
    'def _helper():', '    pass', '',
  ].join('\n'),
  'pkg/_private/x.py': 'def f(): pass\n',
  'nb.ipynb': NOTEBOOK,
};

describe('docwright coverage, baseline, suppressions and CI formats', () => {
  const dirs: string[] = [];
  const make = (files: Record<string, string>) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'docwright-adopt-'));
    dirs.push(dir);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), content);
    }
    return dir;
  };
  after(() => [...dirs, STATE].forEach((d) => rmSync(d, { recursive: true, force: true })));

  describe('coverage', () => {
    it('prints interrogate\'s table: a row per file, the total, the result; placeholders are not documented', () => {
      const dir = make(COVERED);
      const { code, stdout } = run(['coverage'], dir);
      assert.equal(code, 0);
      assert.equal(stdout, [
        '====================== Coverage for . =======================',
        '-------------------------- Summary --------------------------',
        '| Name              |   Total |   Miss |   Cover |   Cover% |',
        '|-------------------|---------|--------|---------|----------|',
        '| nb.ipynb          |       2 |      1 |       1 |      50% |',
        '| pkg/__init__.py   |       1 |      0 |       1 |     100% |',
        '| pkg/_private/x.py |       1 |      1 |       0 |       0% |',
        '| pkg/mod.py        |       6 |      4 |       2 |      33% |',
        '|-------------------|---------|--------|---------|----------|',
        '| TOTAL             |      10 |      6 |       4 |    40.0% |',
        '------------ RESULT: 40.0% documented (4 of 10) -------------',
        '2 placeholder docstrings (DW501) counted as missing.',
        '',
      ].join('\n'));
    });

    it('json: the total and each file, coverage in percent', () => {
      const dir = make(COVERED);
      const { code, stdout } = run(['coverage', 'pkg', '--format', 'json'], dir);
      assert.equal(code, 0);
      assert.deepEqual(JSON.parse(stdout), {
        total: { documented: 3, total: 8, placeholders: 2, coverage: 37.5 },
        files: [
          { file: 'pkg/__init__.py', documented: 1, total: 1, placeholders: 0, coverage: 100 },
          { file: 'pkg/_private/x.py', documented: 0, total: 1, placeholders: 0, coverage: 0 },
          { file: 'pkg/mod.py', documented: 2, total: 6, placeholders: 2, coverage: 33.33 },
        ],
      });
    });

    it('--fail-under: exit 1 below it, 0 at it; markdown says which', () => {
      const dir = make(COVERED);
      const failed = run(['coverage', 'pkg', '--fail-under', '50.5', '--format', 'markdown'], dir);
      assert.equal(failed.code, 1);
      assert.equal(failed.stdout, [
        '## Docstring coverage: 37.5%', '',
        '| Name | Total | Miss | Cover | Cover% |',
        '|:---|---:|---:|---:|---:|',
        '| pkg/__init__.py | 1 | 0 | 1 | 100% |',
        '| pkg/_private/x.py | 1 | 1 | 0 | 0% |',
        '| pkg/mod.py | 6 | 4 | 2 | 33% |',
        '| **TOTAL** | **8** | **5** | **3** | **37.5%** |', '',
        'RESULT: FAILED (minimum: 50.5%, actual: 37.5%)', '',
        '2 placeholder docstrings (DW501) counted as missing.', '',
      ].join('\n'));
      const passed = run(['coverage', 'pkg', '--fail-under', '37.5'], dir);
      assert.equal(passed.code, 0);
      assert.match(passed.stdout, /^-+ RESULT: PASSED \(minimum: 37\.5%, actual: 37\.5%\) -+$/m);
      assert.equal(run(['coverage', '--fail-under', '101'], dir).code, 2);
      assert.equal(run(['coverage', '--fail-under', 'most'], dir).code, 2);
      assert.equal(run(['coverage', '--baseline', 'b.json'], dir).code, 2);
    });

    it('--badge writes an SVG badge and --shields a shields.io endpoint document', () => {
      const dir = make(COVERED);
      assert.equal(run(['coverage', '--badge', 'badge.svg', '--shields', 'shields.json', '--format', 'json'], dir).code, 0);
      assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'shields.json'), 'utf8')), { schemaVersion: 1, label: 'docstring coverage', message: '40.0%', color: 'orange' });
      const svg = readFileSync(path.join(dir, 'badge.svg'), 'utf8');
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="170" height="20" role="img" aria-label="docstring coverage: 40\.0%">/);
      assert.deepEqual([...svg.matchAll(/<text x="[\d.]+" y="14">([^<]*)<\/text>/g)].map((m) => m[1]), ['docstring coverage', '40.0%']);
      assert.match(svg, /fill="#fe7d37"/);
      const full = make({ 'm.py': '"""Doc."""\n' });
      run(['coverage', '--shields', 's.json'], full);
      assert.equal(JSON.parse(readFileSync(path.join(full, 's.json'), 'utf8')).color, 'brightgreen');
    });

    it('counts only the codes the settings report: ignoring DW107 leaves __init__ out', () => {
      const dir = make({ ...COVERED, 'pyproject.toml': '[tool.docwright]\nignore = ["DW107"]\n' });
      const { stdout } = run(['coverage', 'pkg/mod.py', '--format', 'json'], dir);
      assert.deepEqual(JSON.parse(stdout).total, { documented: 2, total: 5, placeholders: 2, coverage: 40 });
    });
  });

  describe('check formats and flags', () => {
    const FILES = {
      'a.py': '"""Doc."""\n\n\ndef f():\n    pass\n\n\ndef g(x):\n    """Do.\n\n    Args:\n        y: nothing.\n    """\n',
      'b.py': 'class C:\n    def m(self):\n        pass\n',
    };

    it('--format github: one workflow command per finding, escaped', () => {
      const dir = make({ ...FILES, 'odd,name.py': '"""Doc."""\nx = "100%"\n\n\ndef h():\n    pass\n' });
      const { code, stdout } = run(['check', '--format', 'github', '--select', 'DW1'], dir);
      assert.equal(code, 1);
      assert.equal(stdout, [
        '::notice file=a.py,line=4,col=5,endLine=4,endColumn=6,title=Docwright (DW103)::a.py:4:5: DW103 Missing docstring in public function: `f`',
        '::notice file=b.py,line=1,col=1,endLine=1,endColumn=1,title=Docwright (DW100)::b.py:1:1: DW100 Missing docstring in public module',
        '::notice file=b.py,line=1,col=7,endLine=1,endColumn=8,title=Docwright (DW101)::b.py:1:7: DW101 Missing docstring in public class: `C`',
        '::notice file=b.py,line=2,col=9,endLine=2,endColumn=10,title=Docwright (DW102)::b.py:2:9: DW102 Missing docstring in public method: `C.m`',
        '::notice file=odd%2Cname.py,line=5,col=5,endLine=5,endColumn=6,title=Docwright (DW103)::odd,name.py:5:5: DW103 Missing docstring in public function: `h`',
        '',
      ].join('\n'));
      const warned = run(['check', '--format', 'github', '--select', 'DW40'], dir);
      assert.match(warned.stdout, /^::warning file=a\.py,line=8,col=5,endLine=8,endColumn=6,title=Docwright \(DW401\)::a\.py:8:5: DW401 /m);
    });

    it('--format gitlab: Code Quality issues whose fingerprints survive an edit above them', () => {
      const dir = make(FILES);
      const before = JSON.parse(run(['check', '--format', 'gitlab', '--select', 'DW1'], dir).stdout);
      assert.deepEqual(before.map((i: { check_name: string; severity: string; location: unknown; description: string }) => [i.check_name, i.severity, i.location, i.description]), [
        ['DW103', 'info', { path: 'a.py', lines: { begin: 4, end: 4 } }, 'Missing docstring in public function: `f`'],
        ['DW100', 'info', { path: 'b.py', lines: { begin: 1, end: 1 } }, 'Missing docstring in public module'],
        ['DW101', 'info', { path: 'b.py', lines: { begin: 1, end: 1 } }, 'Missing docstring in public class: `C`'],
        ['DW102', 'info', { path: 'b.py', lines: { begin: 2, end: 2 } }, 'Missing docstring in public method: `C.m`'],
      ]);
      const fingerprints = before.map((i: { fingerprint: string }) => i.fingerprint);
      assert.equal(new Set(fingerprints).size, 4);
      for (const f of fingerprints) assert.match(f, /^[0-9a-f]{64}$/);
      writeFileSync(path.join(dir, 'a.py'), FILES['a.py'].replace('"""Doc."""\n', '"""Doc."""\nimport os\n\n'));
      const after = JSON.parse(run(['check', '--format', 'gitlab', '--select', 'DW1'], dir).stdout);
      assert.equal(after[0].location.lines.begin, 6);
      assert.deepEqual(after.map((i: { fingerprint: string }) => i.fingerprint), fingerprints);
    });

    it('--statistics: counts per code, most first, as ruff prints them; JSON too', () => {
      const dir = make(FILES);
      const { code, stdout } = run(['check', '--statistics'], dir);
      assert.equal(code, 1);
      assert.equal(stdout, [
        '1\tDW100\tMissing docstring in public module',
        '1\tDW101\tMissing docstring in public class',
        '1\tDW102\tMissing docstring in public method',
        '1\tDW103\tMissing docstring in public function',
        '1\tDW401\tParameter missing from the docstring',
        '1\tDW402\tDocumented parameter not in the signature',
        '',
      ].join('\n'));
      const many = make({ 'c.py': Array.from({ length: 12 }, (_, i) => `def f${i}():\n    pass\n`).join('\n\n') });
      assert.equal(run(['check', '--statistics'], many).stdout, '12\tDW103\tMissing docstring in public function\n 1\tDW100\tMissing docstring in public module\n');
      assert.deepEqual(JSON.parse(run(['check', '--statistics', '--format', 'json'], many).stdout), [
        { code: 'DW103', title: 'Missing docstring in public function', count: 12 },
        { code: 'DW100', title: 'Missing docstring in public module', count: 1 },
      ]);
      assert.equal(run(['check', '--statistics', '--format', 'github'], many).code, 2);
    });

    it('--exit-zero: findings reported, exit 0; a usage error is still 2', () => {
      const dir = make(FILES);
      const { code, stdout } = run(['check', '--exit-zero', '--select', 'DW103'], dir);
      assert.equal(code, 0);
      assert.equal(stdout, 'a.py:4:5: DW103 Missing docstring in public function: `f`\n');
      assert.equal(run(['check', '--exit-zero', 'nowhere.py'], dir).code, 2);
      assert.equal(run(['metrics', '--exit-zero'], dir).code, 2);
    });
  });

  describe('baseline', () => {
    const LEGACY = {
      'src/app.py': [
        '"""App."""', '', '',
        'def load(path, mode):', '    """Load it.', '', '    Args:', '        other: unused.', '    """', '    # Read as text.', '    return open(path)', '', '',
        'class Store:', '    def get(self):', '        pass', '',
      ].join('\n'),
      'src/util.py': 'def helper():\n    pass\n',
    };
    const reported = (r: { stdout: string }) => r.stdout.trim().split('\n').filter(Boolean);

    it('write it, edit unrelated lines, add a new finding: only the new finding is reported', () => {
      const dir = make(LEGACY);
      const written = run(['check', '--write-baseline', 'docwright-baseline.json'], dir);
      assert.equal(written.code, 0, written.stderr);
      assert.equal(written.stdout, '');
      assert.equal(written.stderr, 'Wrote 7 findings (6 entries) to docwright-baseline.json.\n');
      assert.equal(readFileSync(path.join(dir, 'docwright-baseline.json'), 'utf8'), [
        '{', '  "version": 1,', '  "findings": [',
        '    {"file":"src/app.py","code":"DW101","qualname":"Store","count":1},',
        '    {"file":"src/app.py","code":"DW102","qualname":"Store.get","count":1},',
        '    {"file":"src/app.py","code":"DW401","qualname":"load","count":2},',
        '    {"file":"src/app.py","code":"DW402","qualname":"load","count":1},',
        '    {"file":"src/util.py","code":"DW100","qualname":"","count":1},',
        '    {"file":"src/util.py","code":"DW103","qualname":"helper","count":1}',
        '  ]', '}', '',
      ].join('\n'));
      assert.equal(run(['check', '--baseline', 'docwright-baseline.json'], dir).code, 0);
      // Unrelated lines: an import and blank lines above everything moves every finding down.
      const app = LEGACY['src/app.py'].replace('"""App."""\n', '"""App."""\nimport os\nimport sys\n\n');
      // A new finding: a third parameter missing from load's docstring (a third DW401 of the same key) and a new function.
      writeFileSync(path.join(dir, 'src/app.py'), `${app.replace('def load(path, mode):', 'def load(path, mode, strict):')}\n\ndef save():\n    pass\n`);
      const after = run(['check', '--baseline', 'docwright-baseline.json'], dir);
      assert.equal(after.code, 1);
      assert.deepEqual(reported(after), [
        'src/app.py:7:5: DW401 Parameter `strict` is missing from the docstring (`load`)',
        'src/app.py:22:5: DW103 Missing docstring in public function: `save`',
      ]);
      assert.match(after.stderr, /^Found 2 problems in 1 of 2 files, 7 in the baseline[,.]/);
    });

    it('a fixed finding drops out when the baseline is rewritten; [tool.docwright] baseline is honoured, relative to its pyproject.toml', () => {
      const dir = make({ ...LEGACY, 'pyproject.toml': '[tool.docwright]\nbaseline = "config/baseline.json"\n' });
      mkdirSync(path.join(dir, 'config'));
      run(['check', '--write-baseline', 'config/baseline.json'], dir);
      assert.equal(run(['check', 'src'], dir).code, 0);
      // From below the project, the same baseline applies: its files are named from the baseline's folder.
      assert.equal(run(['check', '.'], path.join(dir, 'src')).code, 0);
      writeFileSync(path.join(dir, 'src/util.py'), '"""Util."""\n\n\ndef helper():\n    """Help."""\n');
      run(['check', '--write-baseline', 'config/baseline.json'], dir);
      const entries = JSON.parse(readFileSync(path.join(dir, 'config/baseline.json'), 'utf8')).findings;
      assert.deepEqual(entries.map((e: { file: string; code: string }) => `${e.file} ${e.code}`), [
        '../src/app.py DW101', '../src/app.py DW102', '../src/app.py DW401', '../src/app.py DW402',
      ]);
      // The fixed helper's findings are gone from the baseline, so they would be new again.
      writeFileSync(path.join(dir, 'src/util.py'), 'def helper():\n    pass\n');
      assert.deepEqual(reported(run(['check'], dir)), [
        'src/util.py:1:1: DW100 Missing docstring in public module',
        'src/util.py:1:5: DW103 Missing docstring in public function: `helper`',
      ]);
    });

    it('a baseline that cannot be read is an error (exit 2), not an empty baseline', () => {
      const dir = make({ ...LEGACY, 'bad.json': '{"version": 2}' });
      const missing = run(['check', '--baseline', 'none.json'], dir);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /cannot read the baseline \S*none\.json: no such file/);
      const bad = run(['check', '--baseline', 'bad.json'], dir);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /bad\.json: not a Docwright baseline/);
    });

    it('--diff REF reports only findings in definitions changed since REF (and in files git does not track yet)', () => {
      const dir = make(LEGACY);
      git(['init', '-q', '.'], dir);
      git(['add', '.'], dir);
      git(['commit', '-qm', 'legacy'], dir);
      assert.deepEqual(reported(run(['check', '--diff', 'HEAD'], dir)), []);
      const app = LEGACY['src/app.py'];
      // Store.get's body changes; load and the module's own lines do not.
      writeFileSync(path.join(dir, 'src/app.py'), app.replace('    def get(self):\n        pass', '    def get(self):\n        return None'));
      writeFileSync(path.join(dir, 'src/new.py'), '"""New."""\n\n\ndef fresh():\n    pass\n');
      const changed = run(['check', '--diff', 'HEAD'], dir);
      assert.equal(changed.code, 1);
      assert.deepEqual(reported(changed), [
        'src/app.py:14:7: DW101 Missing docstring in public class: `Store`',
        'src/app.py:15:9: DW102 Missing docstring in public method: `Store.get`',
        'src/new.py:4:5: DW103 Missing docstring in public function: `fresh`',
      ]);
      assert.match(changed.stderr, /, 5 outside definitions changed since HEAD/);
      // A deleted line inside load counts as a change to load.
      writeFileSync(path.join(dir, 'src/app.py'), app.replace('    # Read as text.\n', ''));
      assert.deepEqual(reported(run(['check', '--diff', 'HEAD', 'src/app.py'], dir)), [
        'src/app.py:4:5: DW401 Parameter `path` is missing from the docstring (`load`)',
        'src/app.py:4:5: DW401 Parameter `mode` is missing from the docstring (`load`)',
        'src/app.py:4:5: DW402 Documented parameter `other` is not in the signature (`load`)',
      ]);
      assert.equal(run(['check', '--diff', 'no-such-ref'], dir).code, 2);
      assert.equal(run(['check', '--diff'], dir).code, 2);
    });
  });

  describe('suppressions', () => {
    it('--add-noqa writes a noqa for every finding, merges into one already there, keeps CRLF, and leaves lines a comment would break alone', () => {
      const dir = make({
        'a.py': 'def f():  # noqa: E501\r\n    pass\r\n\r\n\r\nclass C:\r\n    def m(self):\r\n        pass\r\n',
        'tool.py': '#!/usr/bin/env python3\ndef main():\n    pass\n',
        'doc.py': '"""TODO: Describe the module.\n\nMore text.\n"""\n',
      });
      const { code, stderr } = run(['check', '--add-noqa'], dir);
      assert.equal(code, 0, stderr);
      assert.equal(stderr, [
        'doc.py:1: left alone: a string goes on past this line',
        'tool.py:1: left alone: line 1 is a shebang',
        'Added 5 noqa directives to 2 files.', '',
      ].join('\n'));
      assert.equal(readFileSync(path.join(dir, 'a.py'), 'utf8'),
        'def f():  # noqa: E501, DW100, DW103\r\n    pass\r\n\r\n\r\nclass C:  # noqa: DW101\r\n    def m(self):  # noqa: DW102\r\n        pass\r\n');
      assert.equal(readFileSync(path.join(dir, 'tool.py'), 'utf8'), '#!/usr/bin/env python3\ndef main():  # noqa: DW103\n    pass\n');
      assert.equal(readFileSync(path.join(dir, 'doc.py'), 'utf8'), '"""TODO: Describe the module.\n\nMore text.\n"""\n');
      assert.deepEqual(run(['check', '--format', 'json'], dir).stdout.trim(), JSON.stringify([
        { file: 'doc.py', line: 1, column: 1, endLine: 1, endColumn: 30, code: 'DW501', message: 'Docstring is a placeholder: TODO in summary (module)', severity: 'information' },
        { file: 'tool.py', line: 1, column: 1, endLine: 1, endColumn: 1, code: 'DW100', message: 'Missing docstring in public module', severity: 'information' },
      ], null, 2));
      assert.equal(run(['check', '--add-noqa', '--statistics'], dir).code, 2);
    });

    it('--add-noqa leaves what the baseline already accepts alone', () => {
      const dir = make({ 'a.py': '"""Doc."""\n\n\ndef f():\n    pass\n' });
      run(['check', '--write-baseline', 'b.json'], dir);
      writeFileSync(path.join(dir, 'a.py'), '"""Doc."""\n\n\ndef f():\n    pass\n\n\ndef g():\n    pass\n');
      assert.equal(run(['check', '--add-noqa', '--baseline', 'b.json'], dir).stderr, 'Added 1 noqa directive to 1 file.\n');
      assert.equal(readFileSync(path.join(dir, 'a.py'), 'utf8'), '"""Doc."""\n\n\ndef f():\n    pass\n\n\ndef g():  # noqa: DW103\n    pass\n');
    });

    it('--report-suppressed lists each suppression in force, noqa and docwright ignore alike', () => {
      const dir = make({ 'a.py': '"""Doc."""\n\n\ndef f():  # noqa: DW103\n    pass\n\n\ndef g():  # docwright: ignore[DW103]\n    pass\n\n\ndef h():\n    pass\n' });
      const { code, stdout } = run(['check', '--report-suppressed'], dir);
      assert.equal(code, 1);
      assert.equal(stdout, [
        'a.py:12:5: DW103 Missing docstring in public function: `h`',
        '2 suppressed findings:',
        'a.py:4:5: DW103 Missing docstring in public function: `f` (suppressed by # noqa: DW103)',
        'a.py:8:5: DW103 Missing docstring in public function: `g` (suppressed by # docwright: ignore[DW103])',
        '',
      ].join('\n'));
      assert.equal(run(['check', '--report-suppressed', '--format', 'json'], dir).code, 2);
    });
  });
});
