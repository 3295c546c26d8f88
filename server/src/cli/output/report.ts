import type { Estimate } from '../../workspace/llm/provider';
import type { Settings } from '../../shared/settings';
import type { DocumentFileResult } from '../documentJob';
import type { FileResult } from '../fileJob';
import type { CliIo } from '../io';
import { documentCounts, type DocumentRun, type LlmSpend } from './documentSummary';
import { writeJson } from './json';
import { findingRows } from './rows';
import { toSarif } from './sarif';
import { documentText, findingsText, metricsText } from './text';

/** Each command's report in the format asked for; each returns the run's exit status. */

export type FindingsFormat = 'text' | 'json' | 'sarif';
export type ReportFormat = 'text' | 'json';

/** `check`: 1 when anything was found. */
export function reportFindings(io: CliIo, results: FileResult[], format: FindingsFormat, settings: Settings, cached: number): number {
  const rows = findingRows(results);
  if (format === 'json') writeJson(io.stdout, rows);
  else if (format === 'sarif') writeJson(io.stdout, toSarif(rows));
  else findingsText(io, rows, results, settings, cached);
  return rows.length ? 1 : 0;
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
