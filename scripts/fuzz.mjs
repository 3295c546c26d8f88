// npm run fuzz [-- --seconds N] [--seed S] [--corpus DIR] [--only cli|lsp]: a release check that a maintainer
// runs by hand, bounded in time. Real modules (the CPython standard library by default) are
// mutated at random (line endings, NUL bytes, cut points, deep nesting, stray quotes, huge
// lines) and fed to the built CLI and the built language server:
//   - CLI rounds: check, metrics and document on a directory of mutants. Each run must end with
//     status 0 or 1 and no stack trace; document must keep invariant 1 (python3's ast with
//     docstrings stripped is unchanged, no module gains a syntax error).
//   - LSP rounds: open mutants, apply random edits (reversed and out-of-range ranges among
//     them) and random requests with well-formed and garbage params. The server must answer
//     every request without an internal error (-32603) and stay alive.
// A failing case is kept on disk and its seed printed, so `--seed S` replays it.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const seconds = Number(option('--seconds', '60'));
const seed = Number(option('--seed', String(Date.now() % 1e9)));
const corpus = option('--corpus') ?? execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
const only = option('--only');
const cli = path.join(repo, 'dist', 'cli.js');
const server = path.join(repo, 'dist', 'server.js');

/** mulberry32: small, seedable, good enough to pick mutations reproducibly. */
function prng(state) {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(seed);
const pick = (items) => items[Math.floor(random() * items.length)];
const int = (n) => Math.floor(random() * n);

function seeds() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      const stat = statSync(abs, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory() && !['site-packages', 'dist-packages', '__pycache__', 'test'].includes(name)) walk(abs);
      else if (name.endsWith('.py') && stat.size < 200_000) out.push(abs);
    }
  };
  walk(corpus);
  return out;
}

const MUTATIONS = {
  crOnly: (t) => t.replace(/\r\n|\n/g, '\r'),
  crlf: (t) => t.replace(/\r?\n/g, '\r\n'),
  mixedEndings: (t) => t.split('\n').map((l) => l + pick(['\n', '\r\n', '\r'])).join(''),
  nul: (t) => insertAt(t, '\0'),
  cut: (t) => t.slice(0, int(t.length + 1)),
  strayQuote: (t) => insertAt(t, pick(['"""', "'''", '"', "'", 'f"{', '\\'])),
  deepNesting: (t) => t + Array.from({ length: 60 + int(200) }, (_, i) => `${'    '.repeat(i)}if x:\n`).join('') + `${'    '.repeat(260)}pass\n`,
  hugeLine: (t) => insertAt(t, `x = ${'1 + '.repeat(5000 + int(20_000))}1\n`),
  tabsAndFormFeeds: (t) => t.replace(/^ {4}/gm, () => pick(['\t', '    ', '\f    ', ' \t'])),
  unicode: (t) => insertAt(t, pick(['\u2028', '\u00a0', '\ufeff', '\ud800', 'é', '𝔘', '\u200b'])),
  dedentLine: (t) => { const lines = t.split('\n'); const i = int(lines.length); lines[i] = (lines[i] ?? '').trimStart(); return lines.join('\n'); },
  duplicateBlock: (t) => { const lines = t.split('\n'); const i = int(lines.length); return [...lines.slice(0, i), ...lines.slice(i, i + 30), ...lines.slice(i)].join('\n'); },
};

function insertAt(text, piece) {
  const at = int(text.length + 1);
  return text.slice(0, at) + piece + text.slice(at);
}

function mutate(text) {
  const names = Object.keys(MUTATIONS);
  const chosen = Array.from({ length: 1 + int(3) }, () => pick(names));
  return { text: chosen.reduce((t, name) => MUTATIONS[name](t), text), chosen };
}

const failures = [];
function fail(kind, detail, files) {
  failures.push({ kind, detail: String(detail).slice(0, 800), files });
  console.error(`FAIL ${kind}: ${String(detail).slice(0, 300)}`);
}

const STACK = /\n\s+at .+\(.+:\d+:\d+\)|TypeError|RangeError|Aborted\(\)/;

function cliRound(files, work) {
  const before = path.join(work, 'before');
  const after = path.join(work, 'after');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(before, { recursive: true });
  mkdirSync(after, { recursive: true });
  const mutations = {};
  files.forEach((file, i) => {
    const { text, chosen } = mutate(readFileSync(file, 'utf8'));
    const name = `m${i}_${path.basename(file)}`;
    mutations[name] = { from: file, chosen };
    writeFileSync(path.join(before, name), text);
    writeFileSync(path.join(after, name), text);
  });
  writeFileSync(path.join(work, 'mutations.json'), JSON.stringify(mutations, null, 1));
  const env = { ...process.env, DOCWRIGHT_CACHE_DIR: path.join(work, 'state') };
  for (const command of [['check', '--format', 'json', '--no-cache'], ['metrics', '--format', 'json', '--no-cache'], ['document', '--only', 'all', '--format', 'json']]) {
    const run = spawnSync(process.execPath, [cli, ...command, after], { encoding: 'utf8', env, maxBuffer: 1 << 28, timeout: 300_000 });
    if (run.error) fail(`${command[0]} did not end`, run.error, work);
    else if (run.status !== 0 && run.status !== 1) fail(`${command[0]} exited ${run.status}`, run.stderr, work);
    else if (STACK.test(run.stderr)) fail(`${command[0]} printed a stack trace`, run.stderr, work);
  }
  const ast = JSON.parse(execFileSync('python3', [path.join(repo, 'scripts', 'ast_same.py'), before, after], { encoding: 'utf8', maxBuffer: 1 << 28 }));
  if (ast.new_syntax_errors.length) fail('document made a syntax error', JSON.stringify(ast.new_syntax_errors), work);
  if (ast.ast_differs.length) fail('document changed a program', JSON.stringify(ast.ast_differs), work);
  return files.length;
}

/** A range that may be reversed or point past the end of the text, as a careless client sends. */
function wildRange(lines) {
  const position = () => ({ line: int(lines + 3) - 1, character: int(120) - 1 });
  return { start: position(), end: position() };
}

const GARBAGE = [undefined, null, 0, -1, 'x', [], {}, { uri: 42 }, { textDocument: {} }, { textDocument: { uri: 'file:///nowhere.py' }, position: { line: -5, character: 'a' } }];

async function lspRound(files, deadline) {
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let exited = false;
  child.on('exit', () => { exited = true; });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onRequest('workspace/configuration', (p) => (p?.items ?? []).map(() => ({})));
  connection.onRequest(() => null);
  connection.onNotification(() => undefined);
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
  connection.sendNotification('initialized', {});
  let operations = 0;
  const ask = async (method, params) => {
    operations++;
    try {
      await connection.sendRequest(method, params);
    } catch (error) {
      if (error?.code === -32603 || exited) fail(`${method} answered an internal error`, `${error?.message} params=${JSON.stringify(params)?.slice(0, 300)}`, undefined);
    }
  };
  for (const [n, file] of files.entries()) {
    if (Date.now() > deadline || exited) break;
    const uri = pathToFileURL(path.join(tmpdir(), `fuzz-${n}.py`)).href;
    const { text } = mutate(readFileSync(file, 'utf8'));
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    // Only steers where edits land: the server's text, not this count, is the truth after an edit.
    const lines = text.split('\n').length;
    for (let version = 2; version < 40; version++) {
      const range = wildRange(lines);
      const insert = pick(['', 'x', '\n', '\r', '\r\n', '    ', 'def f(a, b):\n    """Doc."""\n', '"""', '#', '\0', ')']);
      connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert }] });
      const position = { line: int(lines), character: int(80) };
      const method = pick(['textDocument/hover', 'textDocument/codeAction', 'textDocument/documentSymbol', 'textDocument/completion']);
      const params = random() < 0.2 ? pick(GARBAGE)
        : { textDocument: { uri }, position, range: wildRange(lines), context: { diagnostics: random() < 0.5 ? [] : [{ range: wildRange(lines), message: 'x', code: pick(['DW103', 'DW401', 'DW902', 42]) }] } };
      await ask(method, params);
    }
    connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
  if (exited) fail('the server exited', '', undefined);
  else {
    await ask('shutdown', undefined);
    connection.sendNotification('exit');
  }
  connection.dispose();
  child.kill();
  return operations;
}

const started = Date.now();
const deadline = started + seconds * 1000;
const pool = seeds();
const work = mkdtempSync(path.join(tmpdir(), 'docwright-fuzz-'));
let cases = 0;
let operations = 0;
let round = 0;
console.log(`fuzz: seed ${seed}, ${pool.length} seed modules from ${corpus}, ${seconds} s`);
while (Date.now() < deadline && failures.length === 0) {
  const sample = Array.from({ length: 40 }, () => pick(pool));
  const kind = only ?? (round % 2 === 0 ? 'cli' : 'lsp');
  if (kind === 'cli') cases += cliRound(sample, path.join(work, `round-${round}`));
  else operations += await lspRound(sample, deadline);
  if (failures.length === 0) rmSync(path.join(work, `round-${round}`), { recursive: true, force: true });
  round++;
}
const summary = { seed, seconds: Math.round((Date.now() - started) / 1000), rounds: round, cliCases: cases, lspOperations: operations, failures: failures.length };
console.log(JSON.stringify(summary));
if (failures.length) {
  console.error(`Kept the failing cases under ${work}; replay with: npm run fuzz -- --seed ${seed}`);
  process.exitCode = 1;
} else rmSync(work, { recursive: true, force: true });
