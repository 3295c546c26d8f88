import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkspaceCoverageRequest } from '../../server/src/shared/protocol';
import { LspTestClient, REPO } from '../lsp/lspClient';

/**
 * Docstring coverage against pydocstyle's own parser on Debian's standard library, and the
 * same figure in the editor as on the command line; the baseline honoured by the editor as by
 * `check --baseline`.
 */

const CLI = path.join(REPO, 'dist/cli.js');
const STDLIB = '/usr/lib/python3.11';
/** Packages and modules with classes, nested classes, properties and setters, overloads, magic methods and `__all__`. */
const SAMPLE = ['json', 'email', 'asyncio', 'collections', 'unittest', 'xml', 'concurrent', 'importlib', 'logging', 'http', 'argparse.py', 'typing.py', 'dataclasses.py'];
const STATE = mkdtempSync(path.join(tmpdir(), 'docwright-coverage-state-'));

function docwright(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, DOCWRIGHT_CACHE_DIR: STATE }, maxBuffer: 64 * 1024 * 1024 });
  assert.ok(result.status === 0 || result.status === 1, `docwright ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

interface Count { file: string; total: number; documented: number }

describe('docstring coverage', function () {
  this.timeout(180000);
  after(() => rmSync(STATE, { recursive: true, force: true }));

  it('counts what pydocstyle 6.2\'s parser counts, file by file, on the standard library', () => {
    // Debian's python3 has python3-pydocstyle (.ci/run installs it).
    const script = path.join(REPO, 'test/parity/pydocstyle_coverage.py');
    const pydocstyle = spawnSync('/usr/bin/python3', [script, ...SAMPLE], { cwd: STDLIB, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(pydocstyle.status, 0, `pydocstyle's count failed (is python3-pydocstyle installed?): ${pydocstyle.stderr}`);
    const theirs: Count[] = pydocstyle.stdout.trim().split('\n').map((line) => JSON.parse(line) as Count);
    // DW1 only: the standard library has no placeholder text, and DW501 would count it against documented.
    const ours = JSON.parse(docwright(['coverage', '--format', 'json', '--select', 'DW1', ...SAMPLE], STDLIB)) as { total: { total: number; documented: number }; files: Count[] };
    const byFile = (counts: Count[]) => Object.fromEntries(counts.map((c) => [c.file, [c.total, c.documented]]));
    assert.equal(theirs.length, 144);
    assert.deepEqual(byFile(ours.files), byFile(theirs));
    // The totals follow Debian's point release of the standard library (3,128 / 1,552 at
    // 3.11.2-6+deb12u6, 3,129 / 1,553 at +deb12u9): they are pydocstyle's, summed.
    const sum = (key: 'total' | 'documented') => theirs.reduce((n, c) => n + c[key], 0);
    assert.deepEqual([ours.total.total, ours.total.documented], [sum('total'), sum('documented')]);
    assert.ok(ours.total.total > 3000 && ours.total.documented > 1500);
  });

  describe('in the editor', () => {
    let dir: string;
    let client: LspTestClient;
    const uri = (name: string) => pathToFileURL(path.join(dir, name)).toString();
    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'docwright-coverage-'));
      const files: Record<string, string> = {
        'pyproject.toml': '[tool.docwright]\nbaseline = "ci/baseline.json"\n',
        'app.py': '"""App."""\n\n\ndef old():\n    pass\n\n\nclass Kept:\n    """TODO: Describe the class."""\n',
        'lib/util.py': 'def helper():\n    """Help."""\n',
      };
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), text);
      }
      mkdirSync(path.join(dir, 'ci'));
      docwright(['check', '--write-baseline', 'ci/baseline.json'], dir);
      client = await LspTestClient.start(undefined, true, {}, undefined, [pathToFileURL(dir).toString()]);
    });
    after(async () => {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('the workspace coverage is what docwright coverage counts, an open document as it stands', async () => {
      const cli = JSON.parse(docwright(['coverage', '--format', 'json'], dir)).total;
      assert.deepEqual(cli, { documented: 2, total: 5, placeholders: 1, coverage: 40 });
      const params = { roots: [pathToFileURL(dir).toString()], exclude: [] };
      assert.deepEqual(await client.connection.sendRequest(WorkspaceCoverageRequest, params), { ...cli, files: 2, skipped: 0 });
      await client.open(uri('app.py'), '"""App."""\n\n\ndef old():\n    """Old."""\n\n\nclass Kept:\n    """TODO: Describe the class."""\n');
      assert.deepEqual(await client.connection.sendRequest(WorkspaceCoverageRequest, params), { documented: 3, total: 5, placeholders: 1, coverage: 60, files: 2, skipped: 0 });
      await client.close(uri('app.py'));
    });

    it('baselined findings are hidden; a new one is reported; with baselineFindings = hint they show as hints', async () => {
      const text = '"""App."""\n\n\ndef old():\n    pass\n\n\ndef new():\n    pass\n\n\nclass Kept:\n    """TODO: Describe the class."""\n';
      await client.open(uri('app.py'), text);
      const shown = await client.diagnostics(uri('app.py'));
      assert.deepEqual(shown.diagnostics.map((d) => [d.range.start.line + 1, d.code, d.severity, d.message]), [
        [8, 'DW103', 3, 'Missing docstring in public function: `new`'],
      ]);
      await client.close(uri('app.py'));
      client.settings = { baselineFindings: 'hint' };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await client.open(uri('app.py'), text);
      const hinted = await client.diagnostics(uri('app.py'));
      assert.deepEqual(hinted.diagnostics.map((d) => [d.range.start.line + 1, d.code, d.severity, d.message]), [
        [4, 'DW103', 4, 'Missing docstring in public function: `old` (in the baseline)'],
        [8, 'DW103', 3, 'Missing docstring in public function: `new`'],
        [12, 'DW501', 4, 'Docstring is a placeholder: TODO in summary (`Kept`) (in the baseline)'],
      ]);
    });

    it('a rewritten baseline re-publishes: the server watches the file it read', async () => {
      const capabilities = { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } };
      const watching = await LspTestClient.start(undefined, true, capabilities, undefined, [pathToFileURL(dir).toString()]);
      try {
        const text = '"""App."""\n\n\ndef old():\n    pass\n';
        await watching.open(uri('app.py'), text);
        assert.deepEqual((await watching.diagnostics(uri('app.py'))).diagnostics.map((d) => d.code), []);
        const watcher = await watching.until('the baseline watcher', () => watching.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles' && JSON.stringify(r.registerOptions).includes('baseline.json')));
        assert.deepEqual(watcher.registerOptions, { watchers: [{ globPattern: { baseUri: pathToFileURL(path.join(dir, 'ci')).toString(), pattern: 'baseline.json' } }] });
        writeFileSync(path.join(dir, 'ci/baseline.json'), '{"version": 1, "findings": []}\n');
        await watching.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, 'ci/baseline.json')).toString(), type: 2 }] });
        const after = await watching.diagnostics(uri('app.py'), (p) => p.diagnostics.length > 0);
        assert.deepEqual(after.diagnostics.map((d) => [d.range.start.line + 1, d.code]), [[4, 'DW103']]);
      } finally {
        await watching.stop();
      }
    });
  });
});
