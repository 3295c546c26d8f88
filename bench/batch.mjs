// node bench/batch.mjs [--corpus DIR]: Document Workspace's plan + dry-run over the corpus with
// the template (wall time, peak RSS, overhead per function), then with the mock LLM at a fixed
// latency against an RPM limit (functions per minute vs the limit).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
const { planWorkspace, runWorkspace } = out('server/src/core/documenting/index.js');
const { collectFiles } = out('server/src/workspace/files.js');
const { readSourceFile } = out('server/src/workspace/sourceFile.js');
const { TemplateProvider } = out('server/src/core/docstring/provider.js');
const { LlmProvider } = out('server/src/workspace/llm/provider.js');
const { DEFAULT_SETTINGS, llmSchema } = out('server/src/shared/settings.js');
const { MockLlm } = out('test/mock-llm/server.js');

const args = process.argv.slice(2);
const i = args.indexOf('--corpus');
const corpus = i >= 0 ? args[i + 1] : execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
const fmt = (n, d = 2) => n.toFixed(d);

const grammar = await loadPythonGrammar(grammarFilesIn(path.join(repo, 'dist')));
const tools = {
  parser: grammar.newParser(), analyzer: new PythonAnalyzer(grammar.language), settings: DEFAULT_SETTINGS,
  options: { style: 'google', lineLength: 88 }, modulePath: (f) => f,
};
const dryHost = {
  read: (file) => readSourceFile(file, DEFAULT_SETTINGS.maxFileSizeKb),
  async apply() { return true; }, // dry run: computed, checked, not written
};

let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 25);
const { files } = collectFiles([corpus], [], corpus, { gitignore: true });
const startPlan = process.hrtime.bigint();
const plan = await planWorkspace(files, dryHost, tools, { only: 'all', scope: 'public' });
const planSeconds = Number(process.hrtime.bigint() - startPlan) / 1e9;
const planPeak = Math.max(peak, process.memoryUsage().rss);
const startRun = process.hrtime.bigint();
const report = await runWorkspace(plan, dryHost, tools, new TemplateProvider());
const runSeconds = Number(process.hrtime.bigint() - startRun) / 1e9;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
const done = report.added.length + report.updated.length;
console.log(`corpus: ${corpus} — ${files.length} files`);
console.log('\n(i) Document Workspace with the template, dry run (every edit computed and checked, nothing written)');
console.log(`  plan: ${fmt(planSeconds)} s for ${plan.functions} docstrings in ${plan.files.length} files (${plan.skippedFiles.length} unreadable); peak RSS while planning ${fmt(planPeak / 2 ** 20, 0)} MB`);
console.log(`  run:  ${fmt(runSeconds)} s, ${done} docstrings (${report.added.length} added, ${report.updated.length} updated), ${report.skipped.length} left alone; ${fmt((runSeconds * 1000) / done, 3)} ms per docstring; peak RSS ${fmt(peak / 2 ** 20, 0)} MB`);

// With the mock LLM at a fixed latency, a small slice of the corpus.
const rpm = 120;
const latency = 100;
const mock = await MockLlm.start();
mock.latencyMs = latency;
const dir = mkdtempSync(path.join(tmpdir(), 'docwright-bench-batch-'));
try {
  const provider = new LlmProvider(llmSchema.parse({
    provider: 'compatible', baseUrl: mock.url, model: 'gpt-4o-mini', concurrency: 4, requestsPerMinute: rpm, maxRetries: 0,
    budgetTokensPerRun: 1e9, budgetTokensPerDay: 1e9, budgetUsdPerRun: 1e6, budgetUsdPerDay: 1e6,
  }), { apiKey: async () => 'sk-bench', cacheDir: path.join(dir, 'c'), ledgerFile: path.join(dir, 'l.jsonl'), log: () => {}, run: 'bench' });
  const slice = { ...plan, files: [], functions: 0 };
  for (const f of plan.files) { if (slice.functions >= 60) break; slice.files.push(f); slice.functions += f.slots.length; }
  const started = Date.now();
  const llmReport = await runWorkspace(slice, dryHost, tools, provider);
  const minutes = (Date.now() - started) / 60000;
  const fpm = (llmReport.added.length + llmReport.updated.length) / minutes;
  const sentMinutes = (mock.requests[mock.requests.length - 1].at - mock.requests[0].at) / 60000;
  const rate = (mock.requests.length - 1) / sentMinutes;
  console.log(`\n(j) with the mock LLM (latency ${latency} ms, limit ${rpm} requests/min, concurrency 4): ${llmReport.added.length + llmReport.updated.length} docstrings in ${fmt(minutes * 60, 1)} s = ${fmt(fpm, 1)} functions/min; ${mock.requests.length} requests at ${fmt(rate, 1)}/min = ${fmt((100 * rate) / rpm, 1)}% of the limit (functions without a request: cache hits and template fallbacks)`);
  provider.dispose();
} finally {
  await mock.close();
  rmSync(dir, { recursive: true, force: true });
}
