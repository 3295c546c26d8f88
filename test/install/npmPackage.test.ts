import { strict as assert } from 'node:assert';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LspTestClient, REPO } from '../lsp/lspClient';

const NODE_BIN = path.dirname(process.execPath);
const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

/** What `npm pack` puts in the tarball: the CLI, its worker, the server `docwright lsp` loads, the tokenizer tables, the grammars. */
const SHIPPED = [
  'LICENSE', 'README.md', 'dist/cli.js', 'dist/encodings.js', 'dist/server.js', 'dist/tree-sitter-python.wasm',
  'dist/web-tree-sitter.wasm', 'dist/worker.js', 'docs/codes.md', 'package.json',
];

interface PackResult { filename: string; size: number; files: { path: string }[] }

/** npm, or npx, from this Node's own folder, offline: the package has no dependencies to fetch. */
function npm(tool: 'npm' | 'npx', args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(path.join(NODE_BIN, tool), args, {
    cwd, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
  });
}

/** The npm package installs into an empty folder and its `docwright` command works there. */
describe('the npm package', function () {
  this.timeout(180000);
  let dir: string;
  let app: string;
  let pack: PackResult;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'docwright-npm-'));
    // The bundles `npm test` just built; prepack (the production build) is skipped so dist/ stays as the other suites use it.
    const packed = npm('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], REPO);
    assert.equal(packed.status, 0, packed.stderr);
    [pack] = JSON.parse(packed.stdout) as PackResult[];
    app = path.join(dir, 'app');
    mkdirSync(app);
    writeFileSync(path.join(app, 'package.json'), '{"name":"app","private":true}\n');
    const install = npm('npm', ['install', path.join(dir, pack.filename)], app);
    assert.equal(install.status, 0, install.stderr + install.stdout);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ships only what runs, and depends on nothing', () => {
    assert.deepEqual(pack.files.map((f) => f.path).sort(), SHIPPED);
    const manifest = JSON.parse(readFileSync(path.join(app, 'node_modules/docwright/package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.dependencies, undefined);
    assert.equal(manifest.private, undefined);
    // The installed folder holds docwright alone: nothing else came with it.
    assert.deepEqual(JSON.parse(npm('npm', ['ls', '--all', '--json'], app).stdout).dependencies, { docwright: { version: VERSION, resolved: `file:${path.join(dir, pack.filename)}`, overridden: false } });
  });

  it('npx docwright --version prints the version', () => {
    const result = npm('npx', ['docwright', '--version'], app);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${VERSION}\n`);
  });

  it('npx docwright check reports findings on a file and passes a clean one', () => {
    writeFileSync(path.join(app, 'bad.py'), 'def f(x):\n    return x\n');
    writeFileSync(path.join(app, 'good.py'), '"""Module."""\n\n\ndef f(x):\n    """Return x."""\n    return x\n');
    const bad = npm('npx', ['docwright', 'check', 'bad.py'], app);
    assert.equal(bad.status, 1, bad.stderr);
    assert.equal(bad.stdout, 'bad.py:1:1: DW100 Missing docstring in public module\nbad.py:1:5: DW103 Missing docstring in public function: `f`\n');
    const good = npm('npx', ['docwright', 'check', 'good.py'], app);
    assert.equal(good.status, 0, good.stderr + good.stdout);
    assert.equal(good.stdout, '');
  });

  it('the installed docwright lsp --stdio answers as a language server', async () => {
    const client = await LspTestClient.start([path.join(app, 'node_modules/docwright/dist/cli.js'), 'lsp', '--stdio']);
    try {
      const uri = LspTestClient.uri('installed.py');
      await client.open(uri, 'def f():\n    pass\n');
      assert.deepEqual((await client.diagnostics(uri)).diagnostics.map((d) => d.code), ['DW100', 'DW103']);
    } finally {
      await client.stop();
    }
  });
});
