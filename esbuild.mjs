// Bundles the extension client, the language server and the CLI into dist/, copies the
// tree-sitter wasm files next to them, and transpiles the tests into out/ for mocha.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // The ESM build of web-tree-sitter reads import.meta.url, which a CJS bundle lacks.
  // jsonc-parser's main (UMD) requires its parts by computed paths, which a bundle cannot follow.
  alias: {
    'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs',
    'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js',
  },
};

// tokens.ts requires './encodings' on first use; in dist/ that is the sibling bundle
// dist/encodings.js, kept out of the others so that starting them stays cheap.
const lazyEncodings = {
  name: 'lazy-encodings',
  setup(build) {
    build.onResolve({ filter: /^\.\/encodings$/ }, (args) =>
      args.importer.endsWith('tokens.ts') ? { path: './encodings.js', external: true } : undefined);
  },
};
common.plugins = [lazyEncodings];

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli/bin.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/worker.ts'], outfile: 'dist/worker.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/core/llm/encodings.ts'], outfile: 'dist/encodings.js' }),
  // The search of an exported HTML site (`docwright export --format html`), copied beside its pages.
  esbuild.build({
    entryPoints: ['server/src/core/search/site.ts'], outfile: 'dist/site-search.js', bundle: true, platform: 'browser',
    format: 'iife', globalName: 'DocwrightSearch', target: 'es2020', minify: true, logLevel: 'warning',
  }),
]);

mkdirSync('dist', { recursive: true });
cpSync('node_modules/web-tree-sitter/web-tree-sitter.wasm', 'dist/web-tree-sitter.wasm');
cpSync('grammars/tree-sitter-python.wasm', 'dist/tree-sitter-python.wasm');

// Tests: one file in, one file out, so mocha and the e2e host load them from out/.
function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}
await esbuild.build({
  entryPoints: [...tsFiles('test'), ...tsFiles('server/src'), ...tsFiles('client/src')],
  outdir: 'out',
  outbase: '.',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
});
