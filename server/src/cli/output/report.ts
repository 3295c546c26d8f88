import type { Estimate } from '../../workspace/llm/provider';
import type { Settings } from '../../shared/settings';
import type { DocumentFileResult } from '../documentJob';
import type { FileResult } from '../fileJob';
import type { CliIo } from '../io';
import { documentCounts, type DocumentRun, type LlmSpend } from './documentSummary';
import { writeJson } from './json';
import { findingRows } from './rows';
import { toSarif } from './sarif';
import { githubText } from './github';
import { codeQuality } from './gitlab';
import { codeCounts, statisticsText } from './statistics';
import { documentText, findingsText, metricsText } from './text';

/** Each command's report in the format asked for; each returns the run's exit status. */

export type FindingsFormat = 'text' | 'json' | 'sarif' | 'github' | 'gitlab';
export type ReportFormat = 'text' | 'json';

export interface FindingsOptions {
  /** Counts per code instead of the findings (text and JSON). */
  statistics?: boolean;
  /** 0 even when something was found. */
  exitZero?: boolean;
  /** Findings left out and why (`3 in the baseline`), said in the text summary. */
  leftOut?: string[];
}

/** `check`: 1 when anything was found (unless --exit-zero). */
export function reportFindings(io: CliIo, results: FileResult[], format: FindingsFormat, settings: Settings, cached: number, options: FindingsOptions = {}): number {
  const rows = findingRows(results);
  if (options.statistics && (format === 'json' || format === 'text')) {
    const counts = codeCounts(rows);
    if (format === 'json') writeJson(io.stdout, counts);
    else io.stdout.write(statisticsText(counts));
  } else if (format === 'json') writeJson(io.stdout, rows);
  else if (format === 'sarif') writeJson(io.stdout, toSarif(rows));
  else if (format === 'github') io.stdout.write(githubText(rows));
  else if (format === 'gitlab') writeJson(io.stdout, codeQuality(results));
  else findingsText(io, rows, results, settings, cached, options.leftOut);
  return rows.length && !options.exitZero ? 1 : 0;
}

/** `metrics`: always 0, metrics are not findings. */
export function reportMetrics(io: CliIo, results: FileResult[], format: ReportFormat): number {
  const records = results.flatMap((r) => r.metrics ?? []);
  if (format === 'json') writeJson(io.stdout, records);
  else metricsText(io, records);
  return 0;
}

/** `document`: with --check, 1 when a docstring is missing or stale. */
export function reportDocument(
  io: CliIo, results: DocumentFileResult[], format: ReportFormat, run: DocumentRun, spend?: LlmSpend, estimate?: Estimate,
): number {
  const counts = documentCounts(results);
  const { added, changedFiles, placeholders, updated, missingLeftOut, refused, skippedFiles } = counts;
  if (format === 'json') {
    const summary = {
      files: results.length, changedFiles, added, placeholders, updated, missingLeftOut, refused, skippedFiles, written: run.write, style: run.style,
      ...(spend ? { llm: spend } : {}), ...(estimate ? { estimate } : {}),
    };
    writeJson(io.stdout, { summary, files: results.filter((r) => r.items.length || r.refused.length || r.skipped) });
  } else documentText(io, results, counts, run, spend);
  return run.check && added + updated > 0 ? 1 : 0;
}
