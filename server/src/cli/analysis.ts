import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Settings } from '../shared/settings';
import { processFile, type FileResult, type Mode } from './fileJob';
import { CHECK_ONLY_FLAGS, COVERAGE_ONLY_FLAGS, integerFlag, pathsOf, type FlagName, type Flags } from './flags';
import type { CliIo } from './io';
import { fileProblemsText } from './output/text';
import { collectOrSay, jobsFor, skippedResults } from './paths';
import { runJobs } from './pool';
import { resolveProject } from './project';
import { contentHash, ResultCache } from './resultCache';
import { stateDirectory } from '../workspace/state';
import type { WorkerJob } from './worker';

/** What `check` and `metrics` share: collect the files, analyse them (cached, pooled), say what was skipped. */

/** Flags of `document` and `export`, refused by `check` and `metrics`. */
export const NOT_ANALYSIS_FLAGS: FlagName[] = ['provider', 'style', 'only', 'dry-run', 'diff', 'check', 'model', 'base-url', 'budget-tokens', 'budget-usd', 'concurrency', 'estimate', 'out', 'limit'];

/** What `metrics` refuses: the document flags and those of check and coverage. */
export const NOT_METRICS_FLAGS: FlagName[] = [...NOT_ANALYSIS_FLAGS, ...CHECK_ONLY_FLAGS, ...COVERAGE_ONLY_FLAGS];

export interface AnalysedRun {
  results: FileResult[];
  settings: Settings;
  /** Files whose result came from the cache. */
  cached: number;
}

/** Undefined when a PATH does not exist (said; the exit status is 2). */
export async function analyseFiles(mode: Mode, flags: Flags, positionals: string[], io: CliIo): Promise<AnalysedRun | undefined> {
  const cwd = process.cwd();
  const paths = pathsOf(positionals);
  const resolved = resolveProject(paths, flags);
  const { settings } = resolved;
  const collected = collectOrSay(paths, resolved.exclude, cwd, { notebooks: true }, io.stderr);
  if (!collected) return undefined;
  const jobs = jobsFor(collected.files, cwd);
  const workers = integerFlag('jobs', flags.jobs);
  const cache = flags['no-cache'] ? undefined : openResultCache(io, mode, settings);
  const results: FileResult[] = [...await analyseCached(io, jobs, settings, mode, workers, cache), ...skippedResults(collected.skipped, cwd)];
  fileProblemsText(io, results);
  return { results, settings, cached: cache?.hits ?? 0 };
}

/**
 * The cache key: the analysis engine's own code (dist/worker.js holds all of it), the command
 * and every setting, so that no change of version or configuration reuses an old result.
 */
function openResultCache(io: CliIo, mode: Mode, settings: Settings): ResultCache {
  let engine: string;
  try {
    engine = contentHash(readFileSync(path.join(io.distDir, 'worker.js')));
  } catch {
    engine = `unknown-${Date.now()}`; // no engine file: never reuse anything
  }
  return new ResultCache(path.join(stateDirectory(io.env), 'check'), JSON.stringify({ engine, mode, settings }));
}

/** Results from the cache where a file is unchanged; the rest analysed, then cached. */
async function analyseCached(
  io: CliIo, jobs: WorkerJob[], settings: Settings, mode: Mode, workers: number | undefined, cache: ResultCache | undefined,
): Promise<FileResult[]> {
  const results: FileResult[] = new Array(jobs.length);
  const pending: number[] = [];
  jobs.forEach((job, i) => {
    const hit = cache?.lookup(job.file);
    if (cache) io.stats.resultCache.record(hit !== undefined);
    if (!hit) pending.push(i);
    // Metrics records name their file as this run displays it (the cwd may differ).
    else results[i] = { ...hit, file: job.display, ...(hit.metrics ? { metrics: hit.metrics.map((r) => ({ ...r, file: job.display })) } : {}) };
  });
  const stamps = cache !== undefined;
  const fresh = await runJobs<FileResult>(pending.map((i) => jobs[i]!), { distDir: io.distDir, settings, mode, stamps }, workers, async (job, parser, analyzer) =>
    processFile(job.file, job.display, job.module, settings, mode, parser, analyzer, stamps));
  pending.forEach((i, k) => {
    const { timings, ...result } = fresh[k]!;
    for (const t of timings ?? []) {
      io.stats.parse.add(t.parseMs);
      io.stats.analysis.add(t.analysisMs);
    }
    results[i] = result;
    cache?.store(jobs[i]!.file, result);
  });
  io.stats.files.analysed += jobs.length;
  io.stats.files.cached += jobs.length - pending.length;
  if (cache) {
    try {
      cache.save();
    } catch (error) {
      io.stderr.write(`docwright: could not write the result cache: ${(error as Error).message}\n`);
    }
  }
  return results;
}
