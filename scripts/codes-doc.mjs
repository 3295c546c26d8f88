// npm run docs:codes (or node scripts/codes-doc.mjs [--check] [--out FILE], after the build):
// writes docs/codes.md from the rules registry in server/src/core/rules, which the build
// transpiles into out/. With --check it writes nothing and exits 1 when the file differs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { renderCodesDoc } = require(path.join(repo, 'out', 'server', 'src', 'core', 'rules', 'codesDoc.js'));

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const target = outIndex >= 0 ? path.resolve(args[outIndex + 1]) : path.join(repo, 'docs', 'codes.md');
const text = renderCodesDoc();

if (args.includes('--check')) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error(`${path.relative(repo, target)} differs from the rules registry: run npm run docs:codes`);
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log(`wrote ${path.relative(repo, target)}`);
}
