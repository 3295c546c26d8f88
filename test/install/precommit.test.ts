import { strict as assert } from 'node:assert';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO } from '../lsp/lspClient';

const GOOD = '"""Module."""\n\n\ndef f(x):\n    """Return x."""\n    return x\n';
const BAD = 'def f(x):\n    return x\n';
const STALE = '"""Module."""\n\n\ndef g(x, y):\n    """Add.\n\n    Args:\n        x: The value.\n\n    Returns:\n        The sum.\n    """\n    return x + y\n';
const NOTEBOOK = JSON.stringify({
  cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['def area(r):\n', '    return 3.14 * r * r\n'] }],
  metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5,
});

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8' });
}

function git(args: string[], cwd: string): void {
  const result = run('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], cwd);
  assert.equal(result.status, 0, result.stderr);
}

/** This checkout as pre-commit would fetch it: a commit of every file git does not ignore, uncommitted edits included. */
function snapshotOfRepo(into: string): string {
  mkdirSync(into);
  const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], REPO);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    const from = path.join(REPO, file);
    if (!lstatSync(from, { throwIfNoEntry: false })?.isFile()) continue; // deleted, or a link such as .vscode-test
    mkdirSync(path.dirname(path.join(into, file)), { recursive: true });
    copyFileSync(from, path.join(into, file));
  }
  git(['init', '-q'], into);
  git(['add', '-A'], into);
  git(['commit', '-q', '-m', 'snapshot'], into);
  return run('git', ['rev-parse', 'HEAD'], into).stdout.trim();
}

/**
 * The hooks of .pre-commit-hooks.yaml, installed and run by Debian's pre-commit from the
 * configuration the README gives (with this checkout for the repository). pre-commit's node
 * install runs `npm install` in the hook's clone and `npm pack`, whose prepack builds dist/:
 * the npm registry, or npm's cache after `npm ci` (prefer-offline), provides the build tools.
 */
describe('the pre-commit hooks', function () {
  this.timeout(900000);
  let dir: string;
  let project: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    const version = run('pre-commit', ['--version'], REPO);
    assert.equal(version.status, 0, 'pre-commit is not installed: apt-get install pre-commit');
    dir = mkdtempSync(path.join(tmpdir(), 'docwright-pre-commit-'));
    const rev = snapshotOfRepo(path.join(dir, 'hooks'));
    project = path.join(dir, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'good.py'), GOOD);
    writeFileSync(path.join(project, 'bad.py'), BAD);
    writeFileSync(path.join(project, 'stale.py'), STALE);
    writeFileSync(path.join(project, 'cells.ipynb'), NOTEBOOK);
    writeFileSync(path.join(project, 'notes.txt'), 'def f(x): not Python, never passed to a hook\n');
    writeFileSync(path.join(project, '.pre-commit-config.yaml'), [
      'repos:', `  - repo: ${path.join(dir, 'hooks')}`, `    rev: ${rev}`, '    hooks:',
      '      - id: docwright-check', '      - id: docwright-document-check', '',
    ].join('\n'));
    git(['init', '-q'], project);
    git(['add', '-A'], project);
    env = { ...process.env, PRE_COMMIT_HOME: path.join(dir, 'cache'), npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('both hooks pass a clean file and a file that is not Python', () => {
    const result = run('pre-commit', ['run', '--files', 'good.py', 'notes.txt'], project, env);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^docwright check\.+Passed$/m);
    assert.match(result.stdout, /^docwright document --check\.+Passed$/m);
  });

  it('docwright-check fails on findings in Python files and notebooks; docwright-document-check on a stale docstring only', () => {
    const result = run('pre-commit', ['run', '--files', 'bad.py', 'stale.py', 'cells.ipynb', 'good.py'], project, env);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    const [check, documentCheck] = result.stdout.split(/^docwright document --check\.+/m);
    assert.match(check, /^docwright check\.+Failed$/m);
    const findings = check.split('\n').filter((line) => /: DW\d+ /.test(line)).sort();
    assert.deepEqual(findings, [
      'bad.py:1:1: DW100 Missing docstring in public module',
      'bad.py:1:5: DW103 Missing docstring in public function: `f`',
      'cells.ipynb:cell 1:1:5: DW103 Missing docstring in public function: `area`',
      'stale.py:4:5: DW401 Parameter `y` is missing from the docstring (`g`)',
    ]);
    assert.match(documentCheck, /^Failed$/m);
    assert.deepEqual(documentCheck.split('\n').filter((line) => /would be updated$/.test(line)), ['stale.py: 1 would be updated']);
  });
});
