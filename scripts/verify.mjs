// npm run verify [-- --limit N | --sample N] [--cr] [--corpus DIR]: runs `docwright document` on
// a copy of the CPython standard library and proves invariant 1 with python3's ast: every module
// is the same program with docstrings stripped, no file gains a syntax error, a second run is a
// no-op. --limit takes the first N files of the sorted walk, --sample N files spread evenly over
// it. --cr converts every copy to old Mac line endings (a lone '\r', which Python accepts) and
// also requires that no written file gains a '\n'.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pythonFiles, stdlibPath } from './corpus.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const corpus = option('--corpus') ?? stdlibPath();
const limit = Number(option('--limit') ?? Infinity);
const sample = option('--sample') === undefined ? undefined : Number(option('--sample'));
const crOnly = args.includes('--cr');

/** `count` of the files, evenly spaced from the first: the same choice on every run. */
function spread(files, count) {
  if (count === undefined || count >= files.length) return files;
  return Array.from({ length: count }, (_, i) => files[Math.floor((i * files.length) / count)]);
}

/** The file's bytes, with CR-only line endings when --cr is given (byte-wise: any encoding). */
function copyOf(file) {
  const bytes = readFileSync(file);
  return crOnly ? Buffer.from(bytes.toString('latin1').replace(/\r\n|\n/g, '\r'), 'latin1') : bytes;
}

/** Written files that now hold a '\n' although their copy ended its lines with '\r' only. */
function gainedLineFeeds(beforeDir, afterDir) {
  const found = [];
  for (const entry of readdirSync(afterDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const written = path.join(entry.parentPath, entry.name);
    const copy = readFileSync(path.join(beforeDir, path.relative(afterDir, written)));
    if (copy.includes(13) && readFileSync(written).includes(10)) found.push(written);
  }
  return found;
}

const work = mkdtempSync(path.join(tmpdir(), 'docwright-verify-'));
const before = path.join(work, 'before');
const after = path.join(work, 'after');
try {
  const files = spread(pythonFiles(corpus, limit), sample);
  for (const file of files) {
    const rel = path.relative(corpus, file);
    const bytes = copyOf(file);
    for (const root of [before, after]) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), bytes);
    }
  }
  const cli = path.join(repo, 'dist', 'cli.js');
  const started = process.hrtime.bigint();
  const env = { ...process.env, DOCWRIGHT_CACHE_DIR: path.join(work, 'state') };
  const first = spawnSync(process.execPath, [cli, 'document', '--only', 'all', '--format', 'json', after], { encoding: 'utf8', maxBuffer: 1 << 28, env });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (first.status !== 0) throw new Error(`document failed (${first.status}): ${first.stderr.slice(0, 2000)}`);
  const summary = JSON.parse(first.stdout).summary;
  const second = spawnSync(process.execPath, [cli, 'document', '--check', '--format', 'json', after], { encoding: 'utf8', maxBuffer: 1 << 28, env });
  const again = JSON.parse(second.stdout).summary;
  const ast = JSON.parse(execFileSync('python3', [path.join(repo, 'scripts', 'ast_same.py'), before, after], { encoding: 'utf8', maxBuffer: 1 << 28 }));
  const report = {
    corpus, files: files.length, lineEndings: crOnly ? 'CR only' : 'as in the corpus', seconds: Number(seconds.toFixed(2)),
    added: summary.added, updated: summary.updated, leftAlone: summary.refused, skippedFiles: summary.skippedFiles,
    docstringsPerSecond: Math.round((summary.added + summary.updated) / seconds),
    changedFiles: ast.changed, parsedBefore: ast.files - ast.unparsable_before, identicalAst: ast.identical_ast,
    newSyntaxErrors: ast.new_syntax_errors, astDiffers: ast.ast_differs.slice(0, 20),
    secondRun: { exit: second.status, added: again.added, updated: again.updated },
    ...(crOnly ? { gainedLineFeeds: gainedLineFeeds(before, after).slice(0, 20) } : {}),
  };
  console.log(JSON.stringify(report, null, 2));
  const ok = report.identicalAst === report.parsedBefore && report.newSyntaxErrors.length === 0
    && second.status === 0 && again.added + again.updated === 0 && (report.gainedLineFeeds ?? []).length === 0;
  console.log(ok ? 'invariant 1: PASS' : 'invariant 1: FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  if (!args.includes('--keep')) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
