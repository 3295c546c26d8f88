import * as path from 'node:path';
import { PythonAnalyzer } from '../../core/analysis/analyzer';
import { TemplateProvider, type DocstringProvider } from '../../core/docstring/provider';
import { addFile, documentOne, emptyPlan, recordingProvider, runWorkspace, type FileSurvey, type FileRun, type Tools } from '../../core/documenting';
import { loadPythonGrammar } from '../../core/parse/python';
import { grammarFilesIn } from '../../workspace/grammar';
import { LlmProvider, type Estimate } from '../../workspace/llm/provider';
import type { LlmSettings } from '../../shared/settings';
import { diskHost, documentTools, fileResult, type DocumentFileResult } from '../documentJob';
import type { DocumentPlan } from '../documentPlan';
import { UsageError } from '../flags';
import type { CliIo } from '../io';
import { apiKeyVariable } from '../llmSettings';
import { writeJson } from '../output/json';
import { llmSpend } from '../output/documentSummary';
import { reportDocument } from '../output/report';
import { estimateLine, interruptedText } from '../output/text';
import { stateDirectory } from '../../workspace/state';
import { recordChanges, runName } from '../state';

/** `docwright document --provider openai|azure|compatible`: estimate, then (unless told not to) send. */

interface LlmRun {
  plan: DocumentPlan;
  llm: LlmSettings;
  provider: LlmProvider;
  tools: Tools;
  runName: string;
  io: CliIo;
}

export async function documentWithLlm(plan: DocumentPlan, llm: LlmSettings, io: CliIo): Promise<number> {
  const keyName = apiKeyVariable(llm);
  const envKey = io.env[keyName];
  const sends = plan.options.write && !plan.estimate;
  if (!envKey && llm.provider !== 'compatible' && sends) throw new UsageError(`--provider ${llm.provider} needs ${keyName} in the environment`);
  const dir = stateDirectory(io.env);
  const name = runName();
  const provider = new LlmProvider(llm, {
    apiKey: async () => envKey, cacheDir: path.join(dir, 'answers'), ledgerFile: path.join(dir, 'usage.jsonl'),
    log: () => undefined, run: name, stats: io.stats.llm,
  });
  const grammar = await loadPythonGrammar(grammarFilesIn(io.distDir));
  const tools = documentTools(grammar.newParser(), new PythonAnalyzer(grammar.language, 'full'), plan.resolved.settings, plan.options, (file) => file.split(path.sep).join('/'));
  const run: LlmRun = { plan, llm, provider, tools, runName: name, io };
  try {
    const { planned, plans, estimate } = await estimateRun(run, sends);
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
    return await sendAll(run, plans);
  } finally {
    provider.dispose();
  }
}

/** How a job's file is named in a diff. */
function displayOf(jobs: LlmRun['plan']['jobs']): (file: string) => string {
  const names = new Map(jobs.map((job) => [job.file, job.display]));
  return (file) => names.get(file) ?? file;
}

/**
 * The first pass, sending nothing: the template answers, so --dry-run and --check report what
 * the template path decides, and what an LLM run would ask is recorded for the estimate. Each
 * file's plan is kept for the run that sends.
 */
async function estimateRun(run: LlmRun, sends: boolean): Promise<{ planned: DocumentFileResult[]; plans: FileSurvey[]; estimate: Estimate }> {
  const { plan: { jobs, options, resolved: { settings } }, tools } = run;
  const recorder = recordingProvider(new TemplateProvider());
  const dry = diskHost(settings, { write: false, diff: options.diff && !sends }, displayOf(jobs));
  const planned: DocumentFileResult[] = [];
  const plans: FileSurvey[] = [];
  for (const job of jobs) {
    const { plan, run: first } = await documentOne(job.file, dry, tools, { only: options.only, scope: 'public' }, recorder);
    plans.push(plan);
    const result = fileResult(job.display, plan, first === 'cancelled' ? undefined : first, dry);
    // The template's text only stands in for what the LLM would write: no placeholder is meant.
    planned.push({ ...result, items: result.items.map(({ placeholder: _standIn, ...item }) => item) });
  }
  return { planned, plans, estimate: run.provider.estimate(recorder.requests) };
}

/**
 * The run that sends. Ctrl-C stops sending (requests in flight are aborted); a file is written
 * whole once all its docstrings are in, so a file interrupted half-way is left untouched, and the
 * run says which files were written and which were not, and exits 130. A second Ctrl-C quits at
 * once: every write is a single atomic rename, so nothing is left half-written.
 */
async function sendAll(run: LlmRun, plans: FileSurvey[]): Promise<number> {
  const { plan, provider, io } = run;
  const interrupt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
    io.stderr.write('docwright: interrupted: nothing more is sent; files not yet complete are left untouched (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onSigint);
  let done: DocumentFileResult[];
  try {
    done = await documentPlanned(run, plans, interrupt.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
  recordChanges(io.env, done, provider.id, run.runName);
  if (interrupt.signal.aborted) {
    interruptedText(io, done.map((r) => ({ file: r.file, written: r.written })));
    return 130;
  }
  const code = reportDocument(io, [...done, ...plan.walkSkips], plan.format,
    { write: plan.options.write, check: false, style: plan.style, provider: provider.id }, llmSpend(provider.id, provider.stats));
  for (const m of provider.stats.messages) io.stderr.write(`docwright: ${m}\n`);
  return code;
}

/** Files in parallel (each written whole or not at all); requests within them are rate-limited by the provider. */
async function documentPlanned(run: LlmRun, plans: FileSurvey[], signal: AbortSignal): Promise<DocumentFileResult[]> {
  const { plan: { jobs, options, resolved: { settings } }, provider, tools } = run;
  const cancellable: DocstringProvider = { id: provider.id, provide: (rs) => provider.provide(rs, signal) };
  const host = diskHost(settings, options, displayOf(jobs), signal);
  const workspace = emptyPlan();
  for (const p of plans) addFile(workspace, p);
  const runs = new Map<string, FileRun>();
  await runWorkspace(workspace, host, tools, cancellable, { concurrency: run.llm.concurrency, onFile: (file, outcome) => runs.set(file, outcome) });
  return jobs.map((job, i) => fileResult(job.display, plans[i]!, runs.get(job.file), host));
}
