import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { PythonAnalyzer } from '../../core/analysis/analyzer';
import { TemplateProvider, type DocstringProvider, type DocstringRequest } from '../../core/docstring/provider';
import { loadPythonGrammar } from '../../core/parse/python';
import { grammarFilesIn } from '../../workspace/grammar';
import { LlmProvider, type Estimate } from '../../workspace/llm/provider';
import type { LlmSettings } from '../../shared/settings';
import { documentFile, type DocumentFileResult } from '../documentJob';
import type { DocumentPlan } from '../documentPlan';
import { UsageError } from '../flags';
import type { CliIo } from '../io';
import { apiKeyVariable } from '../llmSettings';
import { writeJson } from '../output/json';
import { llmSpend } from '../output/documentSummary';
import { reportDocument } from '../output/report';
import { estimateLine, interruptedText } from '../output/text';
import { recordChanges, runName, stateDir } from '../state';

/** `docwright document --provider openai|azure|compatible`: estimate, then (unless told not to) send. */

interface LlmRun {
  plan: DocumentPlan;
  llm: LlmSettings;
  provider: LlmProvider;
  parser: Parser;
  analyzer: PythonAnalyzer;
  runName: string;
  io: CliIo;
}

export async function documentWithLlm(plan: DocumentPlan, llm: LlmSettings, io: CliIo): Promise<number> {
  const keyName = apiKeyVariable(llm);
  const envKey = io.env[keyName];
  const sends = plan.options.write && !plan.estimate;
  if (!envKey && llm.provider !== 'compatible' && sends) throw new UsageError(`--provider ${llm.provider} needs ${keyName} in the environment`);
  const dir = stateDir(io.env);
  const name = runName();
  const provider = new LlmProvider(llm, {
    apiKey: async () => envKey, cacheDir: path.join(dir, 'answers'), ledgerFile: path.join(dir, 'usage.jsonl'),
    log: () => undefined, run: name,
  });
  const grammar = await loadPythonGrammar(grammarFilesIn(io.distDir));
  const run: LlmRun = { plan, llm, provider, parser: grammar.newParser(), analyzer: new PythonAnalyzer(grammar.language, 'full'), runName: name, io };
  try {
    const { planned, estimate } = await estimateRun(run, sends);
    const line = estimateLine(estimate);
    if (plan.estimate) {
      if (plan.format === 'json') writeJson(io.stdout, { estimate });
      else io.stdout.write(`${line}\n`);
      return 0;
    }
    io.stderr.write(`${line}\n`);
    if (!sends) {
      io.stderr.write(`docwright: --${plan.check ? 'check' : 'dry-run'} sends nothing to ${provider.id}: what is missing or stale is shown with the template's text; the estimate is what a run would send.\n`);
      return reportDocument(io, [...planned, ...plan.walkSkips], plan.format, { write: false, check: plan.check, style: plan.style, provider: provider.id }, undefined, estimate);
    }
    return await sendAll(run);
  } finally {
    provider.dispose();
  }
}

/**
 * The first pass, sending nothing: the template answers, so --dry-run and --check report what
 * the template path decides, and what an LLM run would ask is recorded for the estimate.
 */
async function estimateRun(run: LlmRun, sends: boolean): Promise<{ planned: DocumentFileResult[]; estimate: Estimate }> {
  const { plan: { jobs, options, resolved: { settings } }, parser, analyzer } = run;
  const requests: DocstringRequest[] = [];
  const template = new TemplateProvider();
  const recorder: DocstringProvider = { id: 'estimate', provide: async (rs) => { requests.push(...rs); return rs.map((r) => template.provideOne(r)); } };
  const planned: DocumentFileResult[] = [];
  for (const job of jobs) {
    const result = await documentFile(job.file, job.display, job.module, settings, { ...options, write: false, diff: options.diff && !sends }, parser, analyzer, recorder);
    // The template's text only stands in for what the LLM would write: no placeholder is meant.
    planned.push({ ...result, items: result.items.map(({ placeholder: _standIn, ...item }) => item) });
  }
  return { planned, estimate: run.provider.estimate(requests) };
}

/**
 * The run that sends. Ctrl-C stops sending (requests in flight are aborted); a file is written
 * whole once all its docstrings are in, so a file interrupted half-way is left untouched, and the
 * run says which files were written and which were not, and exits 130. A second Ctrl-C quits at
 * once: every write is a single atomic rename, so nothing is left half-written.
 */
async function sendAll(run: LlmRun): Promise<number> {
  const { plan, provider, io } = run;
  const interrupt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
    io.stderr.write('docwright: interrupted: nothing more is sent; files not yet complete are left untouched (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onSigint);
  let results: (DocumentFileResult | undefined)[];
  try {
    results = await documentInParallel(run, interrupt.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
  const done = results.filter((r): r is DocumentFileResult => r !== undefined);
  recordChanges(io.env, done, provider.id, run.runName);
  if (interrupt.signal.aborted) {
    interruptedText(io, plan.jobs.map((job, i) => ({ file: job.display, written: results[i]?.written ?? false })));
    return 130;
  }
  const code = reportDocument(io, [...done, ...plan.walkSkips], plan.format,
    { write: plan.options.write, check: false, style: plan.style, provider: provider.id }, llmSpend(provider.id, provider.stats));
  for (const m of provider.stats.messages) io.stderr.write(`docwright: ${m}\n`);
  return code;
}

/** Files in parallel (each written whole or not at all); requests within them are rate-limited by the provider. */
async function documentInParallel(run: LlmRun, signal: AbortSignal): Promise<(DocumentFileResult | undefined)[]> {
  const { plan: { jobs, options, resolved: { settings } }, provider, parser, analyzer } = run;
  const cancellable: DocstringProvider = { id: provider.id, provide: (rs) => provider.provide(rs, signal) };
  const results: (DocumentFileResult | undefined)[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(run.llm.concurrency, jobs.length) }, async () => {
    while (next < jobs.length && !signal.aborted) {
      const i = next++;
      const job = jobs[i]!;
      results[i] = await documentFile(job.file, job.display, job.module, settings, options, parser, analyzer, cancellable, signal);
    }
  }));
  return results;
}
