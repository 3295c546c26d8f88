import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LspTestClient } from '../lsp/lspClient';

const REPO = path.resolve(__dirname, '../../..');
const CODE_SERVER = path.join(REPO, '.vscode-test/code-server/node_modules/.bin/code-server');

/** The .vsix installs into the real VS Code (code-server) and its server runs from there. */
describe('the packaged extension', function () {
  this.timeout(240000);
  let dir: string;
  before(() => { dir = mkdtempSync(path.join(tmpdir(), 'docwright-vsix-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('vsce packages what ships (a few MB), code-server installs it, and the installed server answers', async function () {
    if (!existsSync(CODE_SERVER)) this.skip(); // installed by .ci/run and test:e2e; see the notes
    const vsix = path.join(dir, 'docwright.vsix');
    // The build that `npm test` already made; vsce only zips what .vscodeignore lets through.
    const pack = spawnSync(process.execPath, [path.join(REPO, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], { cwd: REPO, encoding: 'utf8' });
    assert.equal(pack.status, 0, pack.stderr + pack.stdout);
    const size = statSync(vsix).size;
    assert.ok(size > 1e6 && size < 12e6, `${size} bytes`);
    const extensions = path.join(dir, 'extensions');
    const install = spawnSync(CODE_SERVER, ['--extensions-dir', extensions, '--user-data-dir', path.join(dir, 'data'), '--install-extension', vsix], { encoding: 'utf8', env: { ...process.env, HOME: dir } });
    assert.equal(install.status, 0, install.stderr + install.stdout);
    const installed = readdirSync(extensions).find((n) => n.startsWith('docwright.docwright-') || n.includes('docwright'));
    assert.ok(installed, readdirSync(extensions).join(', '));
    const files = readdirSync(path.join(extensions, installed!, 'dist')).sort();
    assert.deepEqual(files.filter((f) => f.endsWith('.js') || f.endsWith('.wasm')), ['cli.js', 'client.js', 'encodings.js', 'server.js', 'tree-sitter-python.wasm', 'web-tree-sitter.wasm', 'worker.js']);
    // The tokenizer tables ship as their own bundle, required on the first token count.
    const encodings = require(path.join(extensions, installed!, 'dist/encodings.js')) as { countO200k(text: string): number };
    assert.equal(encodings.countO200k('hello world'), 2);
    const client = await LspTestClient.start([path.join(extensions, installed!, 'dist/server.js'), '--stdio']);
    try {
      const uri = LspTestClient.uri('installed.py');
      await client.open(uri, 'def f():\n    pass\n');
      const published = await client.diagnostics(uri);
      assert.deepEqual(published.diagnostics.map((d) => d.code), ['DW100', 'DW103']);
    } finally {
      await client.stop();
    }
  });
});
