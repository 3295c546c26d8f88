import type { Only } from '../../core/docstring/engine';
import { documentFile, type DocumentFileResult, type DocumentJobOptions } from '../documentJob';
import { choice, formatFlag, integerFlag, parseFlags, pathsOf, rejectFlags, CHECK_ONLY_FLAGS, COVERAGE_ONLY_FLAGS, UsageError, type Flags } from '../flags';
import type { CliIo } from '../io';
import { llmSettingsFrom } from '../llmSettings';
import { reportDocument } from '../output/report';
import { collectOrSay, jobsFor, skippedResults } from '../paths';
import { runJobs } from '../pool';
import { resolveProject, sayIgnoredLlmKeys } from '../project';
import { recordChanges, runName } from '../state';
import { documentWithLlm } from './documentWithLlm';
import type { DocumentPlan } from '../documentPlan';

const ONLY: readonly Only[] = ['missing', 'stale', 'all'];

/** `docwright document [PATH...]`: write missing and stale docstrings, with the template or an LLM. */
export async function document(args: string[], io: CliIo): Promise<number> {
  const { values: flags, positionals } = parseFlags(args);
  rejectFlags(flags, ['select', 'ignore', 'max-cyclomatic', 'max-cognitive', 'max-nesting', ...CHECK_ONLY_FLAGS, ...COVERAGE_ONLY_FLAGS], 'document');
  const format = formatFlag(flags.format, ['text', 'json'] as const);
  const onlyFlag = choice('--only', flags.only, ONLY);
  const paths = pathsOf(positionals);
  const resolved = resolveProject(paths, flags);
  sayIgnoredLlmKeys(resolved, io.stderr);
  const cwd = process.cwd();
  const collected = collectOrSay(paths, resolved.exclude, cwd, { gitignore: true, notebooks: true }, io.stderr);
  if (!collected) return 2;
  const { style, lineLength } = resolved.conventions();
  const write = !flags['dry-run'] && !flags.check;
  const llm = llmSettingsFrom(flags, resolved.settings.llm, io.env);
  // The template writes placeholders for missing docstrings: a run does that only when asked.
  const only = onlyFlag ?? (llm.provider === 'template' && !flags.check ? 'stale' : 'all');
  const plan: DocumentPlan = {
    jobs: jobsFor(collected.files, cwd), resolved, format, check: !!flags.check, estimate: !!flags.estimate,
    options: { style: style.style, lineLength, only, write, diff: !!flags.diff },
    style: `${style.style} (${style.source})`, walkSkips: skippedResults(collected.skipped, cwd),
  };
  if (llm.provider !== 'template') return documentWithLlm(plan, llm, io);
  if (flags.estimate) throw new UsageError('--estimate needs an LLM --provider (the template costs nothing)');
  return documentWithTemplate(plan, flags, io);
}

/** The offline run: files spread over the worker pool, each written whole. */
async function documentWithTemplate(plan: DocumentPlan, flags: Flags, io: CliIo): Promise<number> {
  const { jobs, options, resolved: { settings } } = plan;
  const results = await runJobs<DocumentFileResult>(
    jobs, { distDir: io.distDir, settings, mode: 'document', document: options }, integerFlag('jobs', flags.jobs),
    (job, parser, analyzer) => documentFile(job.file, job.display, job.module, settings, options, parser, analyzer),
  );
  if (options.write) recordChanges(io.env, results, 'template', runName());
  return reportDocument(io, [...results, ...plan.walkSkips], plan.format, { write: options.write, check: plan.check, style: plan.style, provider: 'template' });
}
