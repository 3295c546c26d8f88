// npm run bench -- --only llm (or node bench/llm.mjs [--corpus DIR]):
// (f) prompt-token estimate vs the mock's independent count on the stdlib's functions;
// (g) client overhead per request against the mock at zero latency;
// (h) achieved requests per minute against an RPM limit with the mock at a fixed latency.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (p) => require(path.join(repo, 'out', p));
const { loadPythonGrammar } = out('server/src/core/parse/python.js');
const { grammarFilesIn } = out('server/src/workspace/grammar.js');
const { PythonAnalyzer } = out('server/src/core/analysis/analyzer.js');
const { planFile } = out('server/src/core/docstring/engine.js');
const { buildPrompt } = out('server/src/core/llm/prompt.js');
const { TokenCounter } = out('server/src/core/llm/tokens.js');
const { LlmProvider } = out('server/src/workspace/llm/provider.js');
const { llmSchema } = out('server/src/shared/settings.js');
const { MockLlm, countPrompt } = out('test/mock-llm/server.js');

const args = process.argv.slice(2);
const corpusArg = args.indexOf('--corpus');
const corpus = corpusArg >= 0 ? args[corpusArg + 1] : execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
const fmt = (n, d = 2) => n.toFixed(d);

function pythonFiles(dir, outList = [], limit = 300) {
  for (const name of readdirSync(dir).sort()) {
    if (outList.length >= limit) break;
    const p = path.join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) { if (!['site-packages', '__pycache__', 'test', 'tests'].includes(name)) pythonFiles(p, outList, limit); }
    else if (name.endsWith('.py')) outList.push(p);
  }
  return outList;
}

/** Every docstring request the engine would make for the corpus' functions (nothing sent). */
async function collectRequests(files, max) {
  const grammar = await loadPythonGrammar(grammarFilesIn(path.join(repo, 'dist')));
  const parser = grammar.newParser();
  const analyzer = new PythonAnalyzer(grammar.language);
  const requests = [];
  const recorder = { id: 'record', provide: async (rs) => { requests.push(...rs); return rs.map(() => new Error('recorded')); } };
  for (const file of files) {
    if (requests.length >= max) break;
    let source;
    try { source = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file)); } catch { continue; }
    const tree = parser.parse(source);
    const analysis = analyzer.analyze(tree, source);
    const slots = analysis.definitions.map((_, index) => ({ index, action: 'generate' }));
    await planFile({ path: file, source, tree, analysis, parse: (t, old) => parser.parse(t, old ?? null) }, slots, recorder, { style: 'google', lineLength: 88 });
    tree.delete();
  }
  return requests.slice(0, max);
}

async function accuracy(requests) {
  console.log('\n(f) prompt tokens: our count vs the mock\'s independent tokenizer (js-tiktoken)');
  for (const model of ['gpt-4o-mini', 'gpt-4-turbo', 'llama3.1:8b']) {
    const counter = new TokenCounter(model);
    let ours = 0;
    let theirs = 0;
    let absolute = 0;
    for (const r of requests) {
      const prompt = buildPrompt({ qualname: r.qualname, source: r.source, expected: r.expected, style: r.style, context: r.context }, counter, 3000);
      const mine = prompt.tokens;
      const real = countPrompt(model === 'llama3.1:8b' ? 'gpt-4o-mini' : model, prompt.messages);
      ours += mine; theirs += real; absolute += Math.abs(mine - real);
    }
    if (!counter.exact) {
      // After one answer the estimate is calibrated by the endpoint's usage.prompt_tokens.
      const first = buildPrompt({ qualname: requests[0].qualname, source: requests[0].source, expected: requests[0].expected, style: requests[0].style, context: requests[0].context }, counter, 3000);
      counter.calibrate(first.messages, countPrompt('gpt-4o-mini', first.messages));
      let o = 0; let t = 0; let a = 0; let under = 0;
      for (const r of requests.slice(1)) {
        const p = buildPrompt({ qualname: r.qualname, source: r.source, expected: r.expected, style: r.style, context: r.context }, counter, 3000);
        const real = countPrompt('gpt-4o-mini', p.messages);
        o += p.likely; t += real; a += Math.abs(p.likely - real); if (p.tokens < real) under++;
      }
      console.log(`  ${model}: likely count after calibrating on one answer: ${o} vs ${t} — error ${fmt((100 * a) / t, 3)}%; the budget's upper bound was under the real count for ${under} of ${requests.length - 1} prompts`);
    }
    const label = model === 'llama3.1:8b' ? `${model} upper bound (unknown tokenizer; o200k as the stand-in truth)` : model;
    console.log(`  ${label}: ${requests.length} prompts, ours ${ours} vs mock ${theirs} tokens — error ${fmt((100 * absolute) / theirs, 3)}% (sum |diff| / total), ${ours >= theirs ? 'never under' : 'UNDER'}`);
  }
}

async function overhead(requests) {
  console.log('\n(g) client overhead per request (mock answers at once, concurrency 1)');
  const mock = await MockLlm.start();
  const dir = mkdtempSync(path.join(tmpdir(), 'docwright-bench-llm-'));
  try {
    const provider = new LlmProvider(llmSchema.parse({
      provider: 'compatible', baseUrl: mock.url, model: 'gpt-4o-mini', concurrency: 1, requestsPerMinute: 1_000_000,
      tokensPerMinute: 100_000_000, budgetTokensPerRun: 1e9, budgetTokensPerDay: 1e9, budgetUsdPerRun: 1e6, budgetUsdPerDay: 1e6, maxRetries: 0,
    }), { apiKey: async () => 'sk-bench', cacheDir: path.join(dir, 'c'), ledgerFile: path.join(dir, 'l.jsonl'), log: () => {}, run: 'bench' });
    const sample = requests.slice(0, 200);
    const started = process.hrtime.bigint();
    for (const r of sample) await provider.provide([{ ...r, mode: 'generate' }]);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`  ${sample.length} requests in ${fmt(ms / 1000)} s: ${fmt(ms / sample.length)} ms per request end to end (prompt build, count, cache lookup, budget, HTTP to 127.0.0.1, parse, merge, ledger)`);
    provider.dispose();
  } finally {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function throughput(requests) {
  const rpm = 300;
  const latency = 200;
  console.log(`\n(h) achieved requests per minute: limit ${rpm}/min, mock latency ${latency} ms, concurrency 8`);
  const mock = await MockLlm.start();
  mock.latencyMs = latency;
  const dir = mkdtempSync(path.join(tmpdir(), 'docwright-bench-llm-'));
  try {
    const provider = new LlmProvider(llmSchema.parse({
      provider: 'compatible', baseUrl: mock.url, model: 'gpt-4o-mini', concurrency: 8, requestsPerMinute: rpm,
      tokensPerMinute: 100_000_000, budgetTokensPerRun: 1e9, budgetTokensPerDay: 1e9, budgetUsdPerRun: 1e6, budgetUsdPerDay: 1e6, maxRetries: 0,
    }), { apiKey: async () => 'sk-bench', cacheDir: path.join(dir, 'c'), ledgerFile: path.join(dir, 'l.jsonl'), log: () => {}, run: 'bench' });
    const sample = requests.slice(200, 260).map((r) => ({ ...r, mode: 'generate' }));
    const started = Date.now();
    await provider.provide(sample);
    const minutes = (mock.requests[mock.requests.length - 1].at - mock.requests[0].at) / 60000;
    const achieved = (mock.requests.length - 1) / minutes;
    console.log(`  ${mock.requests.length} requests in ${fmt((Date.now() - started) / 1000)} s: ${fmt(achieved, 1)} requests/min as the mock received them = ${fmt((100 * achieved) / rpm, 1)}% of the limit (requests are spaced 60/${rpm} s apart; arrival jitter is a few ms)`);
    provider.dispose();
  } finally {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const files = pythonFiles(corpus);
const requests = await collectRequests(files, 2000);
console.log(`corpus: ${corpus} — ${requests.length} function prompts from ${files.length} files`);
await accuracy(requests);
await overhead(requests);
await throughput(requests);
