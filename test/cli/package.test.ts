import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LspTestClient } from '../lsp/lspClient';

const REPO = path.resolve(__dirname, '../../..');
const CODE_SERVER = path.join(REPO, '.vscode-test/code-server/node_modules/.bin/code-server');

/** What the extension loads (client, the server it starts, the tokenizer tables the server loads lazily, the grammars) and its marketplace page. */
const SHIPPED = [
  '[Content_Types].xml', 'extension.vsixmanifest', 'extension/LICENSE.txt', 'extension/changelog.md',
  'extension/dist/client.js', 'extension/dist/encodings.js', 'extension/dist/server.js',
  'extension/dist/tree-sitter-python.wasm', 'extension/dist/web-tree-sitter.wasm', 'extension/docs/codes.md',
  'extension/images/icon.png', 'extension/package.json', 'extension/readme.md',
];

/** The entries of a zip file, read by python3's zipfile (python3 is already needed by the suites). */
function zipEntries(file: string): Map<string, Buffer> {
  const script = 'import base64,json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({n: base64.b64encode(z.read(n)).decode() for n in z.namelist()}))';
  const listed = spawnSync('python3', ['-c', script, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(listed.status, 0, listed.stderr);
  const entries = JSON.parse(listed.stdout) as Record<string, string>;
  return new Map(Object.entries(entries).map(([name, data]) => [name, Buffer.from(data, 'base64')]));
}

/** Relative image links of a Markdown page, as scripts/package-vsix.mjs finds them. */
function imagesOf(markdown: string): string[] {
  return [...markdown.matchAll(/!\[[^\]]*\]\(([^)\s]+)[^)]*\)/g)].map((m) => m[1]).filter((link) => !/^[a-z]+:/i.test(link));
}

/** `npm run package`'s .vsix holds what the extension loads and shows, and nothing else; code-server installs it and its server runs from there. */
describe('the packaged extension', function () {
  this.timeout(240000);
  let dir: string;
  let vsix: string;
  let entries: Map<string, Buffer>;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'docwright-vsix-'));
    vsix = path.join(dir, 'docwright.vsix');
    // The build that `npm test` already made, staged and zipped as `npm run package` does.
    const pack = spawnSync(process.execPath, [path.join(REPO, 'scripts/package-vsix.mjs'), vsix], { cwd: REPO, encoding: 'utf8' });
    assert.equal(pack.status, 0, pack.stderr + pack.stdout);
    entries = zipEntries(vsix);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ships the extension and its page, and nothing else: no CLI, worker, sources, tests or source maps', () => {
    const readme = readFileSync(path.join(REPO, 'EXTENSION.md'), 'utf8');
    const images = imagesOf(readme);
    assert.ok(images.length >= 2, images.join(', '));
    assert.deepEqual([...entries.keys()].sort(), [...SHIPPED, ...images.map((image) => `extension/${image}`)].sort());
    // The screenshots render from the package: the page links them relatively and each is in it, byte for byte.
    assert.equal(entries.get('extension/readme.md')!.toString('utf8'), readme);
    for (const image of images) assert.ok(entries.get(`extension/${image}`)!.equals(readFileSync(path.join(REPO, image))), image);
    assert.equal(statSync(vsix).size < 3e6, true, `${statSync(vsix).size} bytes`);
  });

  it('has the marketplace fields: icon, repository, bugs, homepage; no npm-only fields', () => {
    const manifest = JSON.parse(entries.get('extension/package.json')!.toString('utf8')) as Record<string, unknown>;
    assert.equal(manifest.icon, 'images/icon.png');
    assert.deepEqual(manifest.repository, { type: 'git', url: 'https://github.com/docwright/docwright.git' });
    assert.deepEqual(manifest.bugs, { url: 'https://github.com/docwright/docwright/issues' });
    assert.equal(manifest.homepage, 'https://github.com/docwright/docwright#readme');
    for (const key of ['files', 'bin', 'scripts', 'devDependencies', 'dependencies', 'private']) assert.equal(manifest[key], undefined, key);
    const vsixManifest = entries.get('extension.vsixmanifest')!.toString('utf8');
    assert.match(vsixManifest, /<Icon>extension\/images\/icon\.png<\/Icon>/);
    assert.match(vsixManifest, /Microsoft\.VisualStudio\.Services\.Links\.Source" Value="https:\/\/github\.com\/docwright\/docwright\.git"/);
    const icon = entries.get('extension/images/icon.png')!;
    // A PNG of at least 128×128, as the marketplace asks.
    assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [256, 256]);
  });

  it('code-server installs it, and the installed server answers', async () => {
    assert.ok(existsSync(CODE_SERVER), 'code-server is not installed: run `bash test/e2e/install-code-server.sh` (npm test does it first)');
    const extensions = path.join(dir, 'extensions');
    const install = spawnSync(CODE_SERVER, ['--extensions-dir', extensions, '--user-data-dir', path.join(dir, 'data'), '--install-extension', vsix], { encoding: 'utf8', env: { ...process.env, HOME: dir } });
    assert.equal(install.status, 0, install.stderr + install.stdout);
    const installed = readdirSync(extensions).find((n) => n.startsWith('docwright.docwright-'));
    assert.ok(installed, readdirSync(extensions).join(', '));
    const files = readdirSync(path.join(extensions, installed, 'dist')).sort();
    assert.deepEqual(files, ['client.js', 'encodings.js', 'server.js', 'tree-sitter-python.wasm', 'web-tree-sitter.wasm']);
    // The tokenizer tables ship as their own bundle, required on the first token count.
    const encodings = require(path.join(extensions, installed, 'dist/encodings.js')) as { countO200k(text: string): number };
    assert.equal(encodings.countO200k('hello world'), 2);
    const client = await LspTestClient.start([path.join(extensions, installed, 'dist/server.js'), '--stdio']);
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
