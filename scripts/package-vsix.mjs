// Builds the .vsix from a staging folder holding only what the extension loads or shows.
// package.json's "files" lists the npm package (the CLI), and vsce refuses a .vscodeignore next
// to a "files" list, so the extension's own list lives here: the client, the language server it
// starts, the tokenizer tables the server loads lazily, the wasm grammars, the codes its
// diagnostics link to, and the page the marketplace shows (README, CHANGELOG, icon, and the
// images that README references, so they render from the package itself).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What the extension runs and links to, besides the page; paths relative to the repository. */
export const EXTENSION_FILES = [
  'dist/client.js',
  'dist/server.js',
  'dist/encodings.js',
  'dist/tree-sitter-python.wasm',
  'dist/web-tree-sitter.wasm',
  'docs/codes.md',
  'CHANGELOG.md',
  'LICENSE',
  'images/icon.png',
];

/** The marketplace page: EXTENSION.md, shipped as the package's README.md. */
const EXTENSION_README = 'EXTENSION.md';

/** Relative image paths a Markdown page shows, from `![alt](path)` and `<img src="path">`. */
export function imagesOf(markdown) {
  const links = [...markdown.matchAll(/!\[[^\]]*\]\(([^)\s]+)[^)]*\)/g), ...markdown.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)];
  return [...new Set(links.map((m) => m[1]).filter((link) => !/^[a-z]+:/i.test(link)))];
}

/** The manifest as the extension needs it: no npm packing list, CLI entry, scripts or dev tools. */
function extensionManifest() {
  const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
  for (const key of ['files', 'bin', 'scripts', 'devDependencies', 'dependencies']) delete manifest[key];
  return manifest;
}

function stage(dir) {
  rmSync(dir, { recursive: true, force: true });
  const readme = readFileSync(path.join(repo, EXTENSION_README), 'utf8');
  for (const file of [...EXTENSION_FILES, ...imagesOf(readme)]) {
    const from = path.join(repo, file);
    if (!existsSync(from)) throw new Error(`${file} is missing (run npm run build first)`);
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(from, path.join(dir, file));
  }
  writeFileSync(path.join(dir, 'README.md'), readme);
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(extensionManifest(), null, 2)}\n`);
}

/** Stages and packs; returns the .vsix's size in bytes. */
export function packageVsix(out) {
  const dir = path.join(repo, 'out/vsix');
  stage(dir);
  const vsce = path.join(repo, 'node_modules/@vscode/vsce/vsce');
  // Relative links stay relative: in VS Code they resolve inside the installed extension, and
  // the marketplace resolves them against the repository.
  const pack = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', path.resolve(out)], { cwd: dir, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`vsce package failed:\n${pack.stderr}${pack.stdout}`);
  return statSync(out).size;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? 'docwright.vsix';
  try {
    const size = packageVsix(out);
    process.stdout.write(`${out}: ${(size / 1024).toFixed(1)} KiB\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
