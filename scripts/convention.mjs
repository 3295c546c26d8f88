// npm run verify (or node scripts/convention.mjs [--limit N] [--corpus DIR] [--styles google,numpy]
// [--examples N] [--keep]): invariant 9 on the CPython standard library. For each style it runs
// `docwright document --style S --only all` on a copy, then ruff's pydocstyle rules (ruff's WASM
// build, the matching convention: google → google, numpy → numpy, sphinx → pep257) before and
// after. A finding is charged to the docstring it sits in (or the definition whose line it is
// on) and judged by that docstring's convention: an existing docstring keeps its own style
// (invariant 8), so a Google docstring in a numpy run is judged as Google. One a docstring did
// not draw before is `fresh` when the docstring kept that rule before (or is new), `inherited`
// when the author's docstring already broke it. It fails on any fresh finding of a code about
// how a docstring is written.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pythonFiles, stdlibPath } from './corpus.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { Workspace, PositionEncoding } = require('@astral-sh/ruff-wasm-nodejs');
// Docwright's own reading of a docstring's style (the build puts the sources in out/).
const { detectStyle } = require(path.join(repo, 'out', 'server', 'src', 'core', 'docstring', 'parse.js'));

const args = process.argv.slice(2);
const option = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const corpus = option('--corpus') ?? stdlibPath();
const limit = Number(option('--limit') ?? Infinity);
const styles = (option('--styles') ?? 'google,numpy,sphinx').split(',');
const exampleCount = Number(option('--examples') ?? 3);
const CONVENTION = { google: 'google', numpy: 'numpy', sphinx: 'pep257' };

/**
 * D1xx count missing docstrings, which `document` adds; every other D code is about how a
 * docstring is written, so a rise there is ours.
 */
const owned = (code) => /^D[2-4]\d\d$/.test(code);

/** Ruff's D findings of one file, as `code` → list of { row, message }. */
function lint(workspace, source) {
  const byCode = new Map();
  let diagnostics;
  try {
    diagnostics = workspace.check(source);
  } catch {
    return byCode; // ruff gives up on a few files of bad input; so do we
  }
  for (const d of diagnostics) {
    if (!d.code?.startsWith('D')) continue;
    if (!byCode.has(d.code)) byCode.set(d.code, []);
    byCode.get(d.code).push({ row: d.start_location.row, message: d.message });
  }
  return byCode;
}

function documentCopy(files, dir, style, env) {
  for (const file of files) cpSync(file, path.join(dir, path.relative(corpus, file)));
  const cli = path.join(repo, 'dist', 'cli.js');
  const run = spawnSync(process.execPath, [cli, 'document', '--style', style, '--only', 'all', '--format', 'json', dir],
    { encoding: 'utf8', maxBuffer: 1 << 28, env });
  if (run.status !== 0) throw new Error(`document --style ${style} failed (${run.status}): ${run.stderr.slice(0, 2000)}`);
  return JSON.parse(run.stdout).summary;
}

/** python3 reads where every docstring of a tree is (scripts/docstrings.py). */
function docstringOwners(dir) {
  return JSON.parse(execFileSync('python3', [path.join(repo, 'scripts', 'docstrings.py'), dir], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}

/** The docstring (or, for findings on a `def` line, the definition) a finding belongs to. */
function ownerOf(owners, row) {
  const inside = owners?.find(([, , first, last]) => first > 0 && row >= first && row <= last);
  return (inside ?? owners?.find(([, line]) => line === row))?.[0] ?? '<file>';
}

/** Findings per owner and code: `owner code` → list. */
function byOwner(lints, owners) {
  const map = new Map();
  for (const [code, list] of lints) {
    for (const f of list) {
      const key = `${ownerOf(owners, f.row)} ${code}`;
      if (!map.has(key)) map.set(key, []);
      map.get(key).push(f);
    }
  }
  return map;
}

/**
 * The convention each docstring of a file is judged by: the one of its own style (an update
 * keeps a docstring's style, as `document` does), else of the style the run writes.
 */
function conventionsOf(owners, style) {
  const map = new Map();
  for (const [key, , , , value] of owners ?? []) {
    map.set(key, CONVENTION[(typeof value === 'string' && detectStyle(value)) || style]);
  }
  return map;
}

/**
 * Every finding after `document` that its docstring did not draw before, under the docstring's
 * convention. `inherited`: the author's docstring already broke that rule; `fresh`: it kept the
 * rule before, or the docstring is new.
 */
function compare(files, dir, style, ownersBefore, ownersAfter) {
  const workspaces = new Map(Object.values(CONVENTION).map((c) => [c, new Workspace({ lint: { select: ['D'], pydocstyle: { convention: c } } }, PositionEncoding.Utf16)]));
  const totals = { before: new Map(), after: new Map() };
  const rises = { fresh: new Map(), inherited: new Map() }; // code → { count, examples }
  const bump = (map, code, n) => map.set(code, (map.get(code) ?? 0) + n);
  try {
    for (const file of files) {
      const rel = path.relative(corpus, file);
      const beforeText = readFileSync(file, 'utf8');
      const afterText = readFileSync(path.join(dir, rel), 'utf8');
      const run = workspaces.get(CONVENTION[style]);
      const before = lint(run, beforeText);
      const after = afterText === beforeText ? before : lint(run, afterText);
      for (const [code, list] of before) bump(totals.before, code, list.length);
      for (const [code, list] of after) bump(totals.after, code, list.length);
      if (after === before) continue;
      const judge = conventionsOf(ownersBefore[rel], style);
      const lines = afterText.split('\n');
      for (const convention of new Set([CONVENTION[style], ...judge.values()])) {
        const workspace = workspaces.get(convention);
        const old = byOwner(lint(workspace, beforeText), ownersBefore[rel]);
        for (const [key, list] of byOwner(lint(workspace, afterText), ownersAfter[rel])) {
          const owner = key.slice(0, key.lastIndexOf(' '));
          if ((judge.get(owner) ?? CONVENTION[style]) !== convention) continue;
          const had = old.get(key)?.length ?? 0;
          if (list.length <= had) continue;
          const code = key.slice(key.lastIndexOf(' ') + 1);
          const bucket = had > 0 ? rises.inherited : rises.fresh;
          const entry = bucket.get(code) ?? { count: 0, examples: [] };
          entry.count += list.length - had;
          for (const f of list.slice(had)) {
            if (entry.examples.length >= exampleCount) break;
            entry.examples.push(`${rel}:${f.row} (${convention}): ${f.message}\n${lines.slice(Math.max(0, f.row - 2), f.row + 12).join('\n')}`);
          }
          bucket.set(code, entry);
        }
      }
    }
  } finally {
    for (const workspace of workspaces.values()) workspace.free();
  }
  return { totals, rises };
}

const sum = (map) => [...map.values()].reduce((a, b) => a + b, 0);
const sorted = (map) => Object.fromEntries([...map].sort((a, b) => a[0].localeCompare(b[0])));

const work = mkdtempSync(path.join(tmpdir(), 'docwright-convention-'));
let failed = false;
try {
  const files = pythonFiles(corpus, limit);
  const env = { ...process.env, DOCWRIGHT_CACHE_DIR: path.join(work, 'state') };
  const report = { corpus, files: files.length, styles: {} };
  const ownersBefore = docstringOwners(corpus);
  for (const style of styles) {
    const dir = path.join(work, style);
    const summary = documentCopy(files, dir, style, env);
    const { totals, rises } = compare(files, dir, style, ownersBefore, docstringOwners(dir));
    const ours = [...rises.fresh].filter(([code]) => owned(code));
    failed ||= ours.length > 0;
    const counts = (map) => Object.fromEntries([...map].sort((a, b) => b[1].count - a[1].count).map(([c, e]) => [c, e.count]));
    const ownedSum = (map) => sum(new Map([...map].filter(([c]) => owned(c))));
    report.styles[style] = {
      convention: CONVENTION[style], added: summary.added, updated: summary.updated,
      before: sum(totals.before), after: sum(totals.after), ownedBefore: ownedSum(totals.before), ownedAfter: ownedSum(totals.after),
      byCodeBefore: sorted(totals.before), byCodeAfter: sorted(totals.after),
      fresh: counts(rises.fresh), inherited: counts(rises.inherited),
    };
    for (const [kind, bucket] of Object.entries(rises)) {
      for (const [code, entry] of [...bucket].sort((a, b) => b[1].count - a[1].count)) {
        console.error(`--- ${style} ${kind}: ${code} +${entry.count}${owned(code) ? '' : ' (missing docstrings: not ours)'}`);
        for (const e of entry.examples) console.error(e, '\n');
      }
    }
  }
  console.log(JSON.stringify(report, null, 2));
  console.log(failed ? 'invariant 9 (ruff pydocstyle conventions): FAIL' : 'invariant 9 (ruff pydocstyle conventions): PASS');
  process.exitCode = failed ? 1 : 0;
} finally {
  if (!args.includes('--keep')) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
