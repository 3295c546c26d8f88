// Benchmarks for issue 2, printed (not asserted). Peers run in the same script so the ratios
// mean something on a shared, noisy machine.
//   node bench/run.mjs [--corpus DIR] [--only speed,latency,memory,accuracy,document,radon,llm,batch,large] [--radon-timeout S]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const stdlib = spawnSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).stdout.trim();
const corpus = path.resolve(option('corpus', stdlib));
const only = new Set(option('only', 'speed,latency,memory,accuracy,document,radon,llm,batch,large').split(','));
const cli = path.join(repo, 'dist/cli.js');
const work = mkdtempSync(path.join(tmpdir(), 'docwright-bench-'));

function pythonFiles(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) {
      if (!['site-packages', '__pycache__', '.git', 'node_modules', '.venv', 'venv'].includes(name)) pythonFiles(p, out);
    } else if (name.endsWith('.py')) out.push(p);
  }
  return out;
}

function timed(command, argv, outFile, env = process.env) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 1 << 30, env });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (outFile) writeFileSync(outFile, result.stdout ?? '');
  return { seconds, status: result.status, stderr: result.stderr };
}

const fmt = (n, d = 2) => n.toFixed(d);

/** The corpus files that are UTF-8, read as they are asked for (so reading counts in timings). */
function* utf8Texts() {
  for (const file of files) {
    try {
      yield new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
    } catch {
      // not UTF-8: neither peer reads it
    }
  }
}
const files = pythonFiles(corpus);
const megabytes = files.reduce((s, f) => s + statSync(f).size, 0) / 1e6;
console.log(`corpus: ${corpus} — ${files.length} files, ${fmt(megabytes, 1)} MB`);

const radonBin = ['/usr/bin/radon', 'radon'].find((b) => spawnSync(b, ['--version']).status === 0);
const radonJson = path.join(work, 'radon.json');

async function speed() {
  console.log('\n(a) wall time on the corpus');
  // Cold runs analyse every file (--no-cache); the warm run is a second run over unchanged
  // files with the result cache (in a fresh directory, so the first run fills it).
  const env = { ...process.env, DOCWRIGHT_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'docwright-bench-cache-')) };
  const ours = timed(process.execPath, [cli, 'check', corpus, '--format', 'json', '--no-cache'], path.join(work, 'check.json'));
  console.log(`  docwright check, cold (2 worker threads):       ${fmt(ours.seconds)} s (exit ${ours.status})`);
  const single = timed(process.execPath, [cli, 'check', corpus, '--format', 'json', '--no-cache', '--jobs', '1']);
  console.log(`  docwright check, cold, --jobs 1:                ${fmt(single.seconds)} s`);
  const sameRules = timed(process.execPath, [cli, 'check', corpus, '--format', 'json', '--no-cache', '--select', 'DW1,DW9']);
  console.log(`  docwright check --select DW1,DW9, cold:         ${fmt(sameRules.seconds)} s (the rules ruff runs below)`);
  timed(process.execPath, [cli, 'check', corpus, '--format', 'json'], undefined, env);
  const warm = timed(process.execPath, [cli, 'check', corpus, '--format', 'json'], path.join(work, 'check-warm.json'), env);
  const same = readFileSync(path.join(work, 'check-warm.json'), 'utf8') === readFileSync(path.join(work, 'check.json'), 'utf8');
  console.log(`  docwright check, warm (unchanged files cached): ${fmt(warm.seconds)} s (${same ? 'output identical to the cold run' : 'OUTPUT DIFFERS from the cold run'})`);

  const ruff = require('@astral-sh/ruff-wasm-nodejs');
  const start = process.hrtime.bigint();
  const workspace = new ruff.Workspace({ lint: { select: ['C901', 'D1'] } }, ruff.PositionEncoding.Utf16);
  let ruffFindings = 0;
  for (const text of utf8Texts()) {
    try {
      ruffFindings += workspace.check(text).length;
    } catch {
      // ruff refuses some files (syntax errors in the test suite); it still spent the time
    }
  }
  const ruffSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`  ruff WASM (C901 + D1, one thread):              ${fmt(ruffSeconds)} s (${ruffFindings} findings)`);

  let radonSeconds;
  if (radonBin) {
    const radon = timed(radonBin, ['cc', '-j', '--exclude', '*/site-packages/*', corpus], radonJson);
    radonSeconds = radon.seconds;
    console.log(`  radon cc -j:                                    ${fmt(radonSeconds)} s`);
  } else {
    console.log('  radon: not installed (apt-get install radon)');
  }
  const ratios = (label, seconds) => console.log(`  ${label}: ruff WASM / docwright = ${fmt(ruffSeconds / seconds)}×` +
    (radonSeconds ? `, radon / docwright = ${fmt(radonSeconds / seconds)}×` : ''));
  ratios('cold          ', ours.seconds);
  ratios('cold, DW1+DW9 ', sameRules.seconds);
  ratios('cold, 1 thread', single.seconds);
  ratios('warm          ', warm.seconds);
  await floor();
}

/** What no analysis can go below with this parser: web-tree-sitter's parse of every file, in one thread. */
function floor() {
  const { Parser, Language } = require('web-tree-sitter');
  return Parser.init({ locateFile: (f) => path.join(repo, 'dist', f) }).then(async () => {
    const parser = new Parser();
    parser.setLanguage(await Language.load(path.join(repo, 'dist/tree-sitter-python.wasm')));
    const start = process.hrtime.bigint();
    for (const text of utf8Texts()) parser.parse(text)?.delete();
    console.log(`  floor: web-tree-sitter parse alone, one thread: ${fmt(Number(process.hrtime.bigint() - start) / 1e9)} s`);
  });
}

async function lspSession(settings = {}) {
  const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
  const child = spawn(process.execPath, [path.join(repo, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = new Map();
  const published = new Map();
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    published.set(p.uri, p.version);
    const key = `${p.uri}#${p.version}`;
    waiters.get(key)?.(process.hrtime.bigint());
    waiters.delete(key);
  });
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
  await connection.sendNotification('initialized', {});
  const published_ = (uri, version) => new Promise((resolve) => {
    if (published.get(uri) === version) resolve(process.hrtime.bigint());
    else waiters.set(`${uri}#${version}`, resolve);
  });
  return { child, connection, published: published_ };
}

async function latency() {
  const file = path.join(corpus, 'test/test_typing.py');
  if (!existsSync(file)) {
    console.log('\n(b) latency: test/test_typing.py not in the corpus, skipped');
    return;
  }
  console.log('\n(b) keystroke → publishDiagnostics over LSP, test/test_typing.py, 200 one-character edits');
  await typing(file, undefined);
  // What VS Code asks after each change with lenses and hints on: the lenses, each visible one's title, the hints.
  console.log('  inlay hints on and the default lenses (over a threshold), each keystroke also waiting for codeLens, codeLens/resolve in view and inlayHint:');
  await typing(file, { inlayHints: true });
  console.log('  the same with codeLens: always (a lens on each of its 1,460 defs and classes):');
  await typing(file, { codeLens: 'always', inlayHints: true });
}

async function typing(file, editorFeatures) {
  const { child, connection, published } = await lspSession(editorFeatures ?? {});
  const uri = pathToFileURL(file).toString();
  const text = readFileSync(file, 'utf8');
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
  await published(uri, 1);
  // Type a new statement, character by character, into a method in the middle of the file.
  const lines = text.split('\n');
  const line = lines.findIndex((l, i) => i > lines.length / 2 && /^        self\.assert/.test(l));
  const typed = 'if value and other: total = compute(value, other) or 0  # typing ';
  const samples = [];
  let version = 1;
  let column = 0;
  await connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: ++version },
    contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '        \n' }],
  });
  await published(uri, version);
  column = 8;
  // The editor's viewport: about 60 lines around the cursor.
  const viewport = { start: { line: Math.max(0, line - 30), character: 0 }, end: { line: line + 30, character: 0 } };
  const answered = async () => {
    const lenses = await connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    const visible = lenses.filter((l) => l.range.start.line >= viewport.start.line && l.range.start.line <= viewport.end.line);
    await Promise.all([
      ...visible.map((l) => connection.sendRequest('codeLens/resolve', l)),
      connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: viewport }),
    ]);
    return process.hrtime.bigint();
  };
  for (let i = 0; i < 200; i++) {
    const ch = typed[i % typed.length];
    const sent = process.hrtime.bigint();
    const done = published(uri, ++version);
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: column }, end: { line, character: column } }, text: ch }],
    });
    column++;
    const ends = await Promise.all([done, ...(editorFeatures ? [answered()] : [])]);
    const last = ends.reduce((a, b) => (a > b ? a : b));
    samples.push(Number(last - sent) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const pct = (p) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))];
  console.log(`  p50 ${fmt(pct(50))} ms, p95 ${fmt(pct(95))} ms, max ${fmt(samples[samples.length - 1])} ms (debounce 0 ms: only changed top-level statements are re-analysed)`);
  child.kill();
}

/** Issue 13: a file-wide generate and a codeAction carrying a whole file's diagnostics stay linear, and a hover is not held up. */
async function largeRequests() {
  const functions = 7675;
  console.log(`\n(g) large requests over LSP: a generated file of ${functions} undocumented functions`);
  const { child, connection, published } = await lspSession();
  const lines = ['"""Module."""', ''];
  for (let i = 0; i < functions; i++) lines.push('', `def f${i}(a, b):`, '    return a + b', '');
  const uri = pathToFileURL(path.join(work, 'large.py')).toString();
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: lines.join('\n') } });
  await published(uri, 1);
  const at = (line) => ({ start: { line, character: 0 }, end: { line, character: 0 } });
  const ms = (start) => fmt(Number(process.hrtime.bigint() - start) / 1e6, 0);
  let start = process.hrtime.bigint();
  let hovered;
  const generating = connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: at(0), context: { diagnostics: [], only: ['source'] } });
  void connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 5 } }).then(() => { hovered = ms(start); });
  const [action] = await generating;
  console.log(`  "${action.title}": ${action.edit.changes[uri].length} edits in ${ms(start)} ms; a hover sent with it answered after ${hovered ?? '(not yet)'} ms`);
  const diagnostics = Array.from({ length: 1939 }, (_, i) => ({
    range: { start: { line: 3 + 4 * i, character: 4 }, end: { line: 3 + 4 * i, character: 4 + `f${i}`.length } },
    code: 'DW103', source: 'docwright', message: 'missing docstring',
  }));
  start = process.hrtime.bigint();
  const fixes = await connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: at(3), context: { diagnostics, only: ['quickfix'] } });
  console.log(`  codeAction with ${diagnostics.length} diagnostics in its context: ${fixes.length} quick fixes in ${ms(start)} ms`);
  child.kill();
}

async function memory() {
  console.log('\n(c) server RSS with the 50 largest corpus files open');
  const largest = files.map((f) => [f, statSync(f).size]).sort((a, b) => b[1] - a[1]).slice(0, 50);
  const { child, connection, published } = await lspSession();
  const rss = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)[1]);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  };
  const before = rss();
  for (const [file] of largest) {
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
    } catch {
      continue;
    }
    const uri = pathToFileURL(file).toString();
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    await published(uri, 1);
  }
  const after = rss();
  console.log(`  idle ${fmt(before.rss, 0)} MB → ${fmt(after.rss, 0)} MB with 50 files open (peak ${fmt(after.peak, 0)} MB; ${fmt(largest.reduce((s, [, n]) => s + n, 0) / 1e6, 1)} MB of source)`);
  child.kill();
}

async function accuracy() {
  console.log('\n(d) accuracy against the reference implementations');
  const metrics = timed(process.execPath, [cli, 'metrics', corpus, '--format', 'json', '--no-cache'], path.join(work, 'metrics.json'));
  if (metrics.status !== 0) console.log(`  docwright metrics exited ${metrics.status}`);
  const ours = JSON.parse(readFileSync(path.join(work, 'metrics.json'), 'utf8'));
  const byKey = new Map();
  for (const r of ours) if (r.kind === 'function' || r.kind === 'method') byKey.set(`${path.resolve(r.file)}:${r.line}:${r.name}`, r.cyclomatic);
  if (radonBin) {
    if (!existsSync(radonJson)) timed(radonBin, ['cc', '-j', '--exclude', '*/site-packages/*', corpus], radonJson);
    const radon = JSON.parse(readFileSync(radonJson, 'utf8'));
    let total = 0;
    let equal = 0;
    const differences = [];
    const visit = (file, block) => {
      if (block.type === 'function' || block.type === 'method') {
        total++;
        const mine = byKey.get(`${file}:${block.lineno}:${block.name}`);
        if (mine === block.complexity) equal++;
        else differences.push(`${path.relative(corpus, file)}:${block.lineno} ${block.name}: radon ${block.complexity}, docwright ${mine}`);
        for (const closure of block.closures ?? []) visit(file, closure);
      }
    };
    // Compare the files both analysed: docwright skips `venv` folders by default (the stdlib
    // has a package of that name) and files without the .py extension.
    const analysed = new Set(ours.map((r) => path.resolve(r.file)));
    let excluded = 0;
    for (const [file, blocks] of Object.entries(radon)) {
      if (!Array.isArray(blocks)) continue;
      if (!analysed.has(path.resolve(file))) {
        excluded += blocks.length;
        continue;
      }
      blocks.forEach((b) => visit(path.resolve(file), b));
    }
    console.log(`  cyclomatic equal to radon's: ${equal}/${total} functions (${fmt((100 * equal) / total, 3)}%); ${excluded} top-level blocks in files docwright excludes by default`);
    for (const d of differences.slice(0, 10)) console.log(`    differs: ${d}`);
  }
  const pydocstyle = ['/usr/bin/pydocstyle', 'pydocstyle'].find((b) => spawnSync(b, ['--version']).status === 0);
  if (!pydocstyle) {
    console.log('  pydocstyle: not installed (apt-get install pydocstyle)');
    return;
  }
  const codes = 'D100,D101,D102,D103,D104,D105,D106,D107';
  const check = spawnSync(process.execPath, [cli, 'check', corpus, '--select', 'DW1', '--format', 'json', '--no-cache'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  writeFileSync(path.join(work, 'dw1.json'), check.stdout);
  // pydocstyle aborts a whole run (printing nothing) on some files, e.g. a coding cookie naming
  // an unknown encoding. It gets only files docwright could read, in chunks of 100 (two at a
  // time); a chunk that crashes is re-run file by file and the files that crash are listed.
  const skipped = new Set(check.stderr.split('\n').map((l) => /^(.+?): skipped: /.exec(l)?.[1]).filter(Boolean).map((f) => path.resolve(f)));
  const readable = files.filter((f) => !skipped.has(f));
  const started = process.hrtime.bigint();
  const run = (chunk) => new Promise((resolve) => {
    // --match: pydocstyle skips test_*.py by default; compare on every file.
    const child = spawn(pydocstyle, [`--select=${codes}`, '--match=.*\\.py', ...chunk], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', () => resolve({ stdout, stderr, crashed: stderr.includes('Traceback') }));
  });
  const chunks = [];
  for (let i = 0; i < readable.length; i += 100) chunks.push(readable.slice(i, i + 100));
  const outputs = [];
  const crashedFiles = [];
  const worker = async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      const result = await run(chunk);
      if (!result.crashed) {
        outputs.push(result);
        continue;
      }
      for (const file of chunk) {
        const single = await run([file]);
        if (single.crashed) crashedFiles.push(file);
        else outputs.push(single);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  const pydocstyleSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const reference = new Set();
  const text = outputs.map((o) => o.stdout).join('\n').split('\n');
  for (let i = 0; i + 1 < text.length; i++) {
    const head = /^(.+?):(\d+) /.exec(text[i]);
    const code = /^\s+(D10\d):/.exec(text[i + 1]);
    if (head && code) reference.add(`${path.resolve(head[1])}:${head[2]}:${code[1]}`);
  }
  const mine = new Set(JSON.parse(check.stdout).map((f) => `${path.resolve(f.file)}:${f.line}:${f.code.replace('DW', 'D')}`));
  // pydocstyle reports at the def line; so do we (the name is on it). Files pydocstyle cannot
  // parse are left out of our side too.
  const unparsed = new Set([
    ...crashedFiles,
    ...outputs.map((o) => `${o.stdout}\n${o.stderr}`).join('\n').split('\n').map((l) => /Error in file (.+\.py): /.exec(l)?.[1]).filter(Boolean),
  ].map((f) => path.resolve(f)));
  const onlyMine = [...mine].filter((k) => !reference.has(k) && !unparsed.has(k.split(':')[0]));
  const onlyTheirs = [...reference].filter((k) => !mine.has(k));
  const common = [...mine].filter((k) => reference.has(k)).length;
  console.log(`  DW100–DW107 vs pydocstyle D100–D107: ${common} identical, ${onlyMine.length} only docwright, ${onlyTheirs.length} only pydocstyle (pydocstyle took ${fmt(pydocstyleSeconds, 1)} s on two processes)`);
  console.log(`  (left out: ${unparsed.size} files pydocstyle cannot parse or crashes on${crashedFiles.length ? `, e.g. ${path.relative(corpus, crashedFiles[0])}` : ''})`);
  const differences = [...onlyMine.map((k) => `only docwright: ${path.relative(corpus, k)}`), ...onlyTheirs.map((k) => `only pydocstyle: ${path.relative(corpus, k)}`)];
  writeFileSync(path.join(work, 'docstring-differences.txt'), differences.join('\n'));
  for (const d of differences.slice(0, 12)) console.log(`    ${d}`);
  if (differences.length > 12) console.log(`    ... all ${differences.length} in ${path.join(work, 'docstring-differences.txt')}`);
}

if (!existsSync(cli)) throw new Error('run `npm run build` first');
async function documentRun() {
  console.log('\n(e) docwright document --dry-run (template provider) on the corpus');
  for (const jobs of [undefined, '1']) {
    const argv = [cli, 'document', '--only', 'all', '--dry-run', '--format', 'json', corpus, ...(jobs ? ['--jobs', jobs] : [])];
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 30 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const summary = JSON.parse(result.stdout).summary;
    const count = summary.added + summary.updated;
    console.log(`  ${jobs ? '--jobs 1:        ' : 'worker threads:  '} ${fmt(seconds)} s, ${count} docstrings (${summary.added} added, ${summary.updated} updated, ${summary.refused} left alone), ` +
      `${Math.round(count / seconds)} docstrings/s, ${fmt((seconds * 1000) / count, 3)} ms each`);
  }
  console.log('  invariant 1 on the same corpus: npm run verify');
}

/**
 * docwright metrics against radon's raw, hal and mi on the same files: time and agreement,
 * file by file. radon runs through its own functions (bench/radon_metrics.py, with radon's
 * interpreter), since its raw counting takes minutes on a few large literals: a file it spends
 * over --radon-timeout seconds on is named and left out of the comparison.
 */
async function radonMetrics() {
  console.log('\n(f) docwright metrics against radon raw + hal + mi');
  const python = radonBin && /^#!\s*(\S+)/.exec(readFileSync(spawnSync('which', [radonBin], { encoding: 'utf8' }).stdout.trim() || radonBin, 'utf8'))?.[1];
  if (!python) {
    console.log('  radon: not installed (apt-get install radon)');
    return;
  }
  const ours = timed(process.execPath, [cli, 'metrics', corpus, '--format', 'json', '--no-cache'], path.join(work, 'metrics-radon.json'));
  const records = JSON.parse(readFileSync(path.join(work, 'metrics-radon.json'), 'utf8'));
  const modules = new Map(records.filter((r) => r.kind === 'module').map((r) => [path.resolve(r.file), r]));
  const functionsOf = new Map();
  for (const r of records) {
    if (r.kind !== 'function' && r.kind !== 'method') continue;
    const key = path.resolve(r.file);
    if (!functionsOf.has(key)) functionsOf.set(key, []);
    functionsOf.get(key).push(r);
  }
  const timeout = option('radon-timeout', '10');
  const start = process.hrtime.bigint();
  const run = spawnSync(python, [path.join(repo, 'bench/radon_metrics.py'), timeout, ...modules.keys()], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) {
    console.log(`  radon_metrics.py failed: ${run.stderr.trim().split('\n').pop()}`);
    return;
  }
  const radon = JSON.parse(run.stdout);
  console.log(`  docwright metrics --no-cache (every metric):   ${fmt(ours.seconds)} s`);
  console.log(`  radon raw + hal + mi (one process, one thread): ${fmt(wall)} s, of which ${fmt(radon.seconds)} s in radon; radon / docwright = ${fmt(wall / ours.seconds)}×`);
  if (radon.slow.length) console.log(`  radon took over ${timeout} s on (left out): ${radon.slow.map((f) => path.relative(corpus, f)).join(', ')}`);
  const tally = { files: 0, raw: 0, hal: 0, mi: 0, functions: 0, functionsEqual: 0 };
  const differences = [];
  const counts = (x) => x && [x.h1, x.h2, x.N1, x.N2].join();
  for (const [file, theirs] of Object.entries(radon.files)) {
    const module = modules.get(path.resolve(file));
    if (!module) continue;
    const where = path.relative(corpus, file);
    tally.files++;
    const mine = module.raw && [module.raw.loc, module.raw.lloc, module.raw.sloc, module.raw.comments, module.raw.multi, module.raw.blank, module.raw.singleComments];
    if (mine?.join() === theirs.raw.join()) tally.raw++;
    else differences.push(`${where}: raw radon ${theirs.raw}, docwright ${mine}`);
    if (counts(module.halstead) === theirs.hal.total.slice(0, 4).join()) tally.hal++;
    else differences.push(`${where}: halstead radon ${theirs.hal.total.slice(0, 4)}, docwright ${counts(module.halstead)}`);
    if (module.maintainability !== undefined && Math.abs(module.maintainability - theirs.mi) < 1e-9) tally.mi++;
    else differences.push(`${where}: maintainability index radon ${theirs.mi}, docwright ${module.maintainability}`);
    const candidates = functionsOf.get(path.resolve(file)) ?? [];
    for (const [name, report] of theirs.hal.functions) {
      tally.functions++;
      if (candidates.some((c) => c.name === name && counts(c.halstead) === report.slice(0, 4).join())) tally.functionsEqual++;
      else differences.push(`${where}: halstead of ${name}: radon ${report.slice(0, 4)}`);
    }
  }
  const pct = (n, d) => `${n}/${d} (${fmt((100 * n) / d, 3)}%)`;
  console.log(`  equal to radon over ${tally.files} modules: raw ${pct(tally.raw, tally.files)}, Halstead ${pct(tally.hal, tally.files)}, maintainability index ${pct(tally.mi, tally.files)}; functions' Halstead ${pct(tally.functionsEqual, tally.functions)}`);
  for (const d of differences.slice(0, 10)) console.log(`    differs: ${d}`);
}

if (only.has('speed')) await speed();
if (only.has('latency')) await latency();
if (only.has('memory')) await memory();
if (only.has('accuracy')) await accuracy();
if (only.has('document')) await documentRun();
if (only.has('radon')) await radonMetrics();
if (only.has('large')) await largeRequests();
if (only.has('batch')) spawnSync(process.execPath, [path.join(repo, 'bench/batch.mjs'), '--corpus', corpus], { stdio: 'inherit' });
if (only.has('llm')) spawnSync(process.execPath, [path.join(repo, 'bench/llm.mjs'), '--corpus', corpus], { stdio: 'inherit' });
