import type { Estimate } from '../../workspace/llm/provider';
import type { Settings } from '../../shared/settings';
import type { DocumentFileResult } from '../documentJob';
import type { FileResult, MetricsRecord } from '../fileJob';
import type { CliIo, TextSink } from '../io';
import type { DocumentCounts, DocumentRun, LlmSpend } from './documentSummary';
import type { FindingRow } from './rows';

/**
 * The text format: one line per finding, record or changed file on stdout, as `path:line:col:`
 * (ruff's layout), and the summary and everything said about the run on stderr.
 */

/** In a notebook a position names its code cell first, as ruff writes it: `nb.ipynb:cell 2:3:1`. */
export function cellPrefix(cell: number | undefined): string {
  return cell === undefined ? '' : `cell ${cell}:`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function writeLines(sink: TextSink, lines: string[]): void {
  if (lines.length) sink.write(`${lines.join('\n')}\n`);
}

export function findingsText(io: CliIo, rows: FindingRow[], results: FileResult[], settings: Settings, cached: number, leftOut: string[] = []): void {
  writeLines(io.stdout, rows.map((r) => `${r.file}:${cellPrefix(r.cell)}${r.line}:${r.column}: ${r.code} ${r.message}`));
  const skipped = results.filter((r) => r.skipped).length;
  const withFindings = results.filter((r) => r.findings?.length).length;
  // "All checks passed" only when every file was analysed: a skipped file was not checked.
  const summary = rows.length
    ? `Found ${plural(rows.length, 'problem')} in ${withFindings} of ${plural(results.length, 'file')}`
    : skipped ? `No problems in ${plural(results.length - skipped, 'file')} analysed` : `All checks passed (${plural(results.length, 'file')})`;
  const notes = [...leftOut, skipped ? `${skipped} skipped` : '', cached ? `${cached} unchanged since the last run (cached)` : ''].filter(Boolean);
  io.stderr.write(`${summary}${notes.map((n) => `, ${n}`).join('')}. Limits: cyclomatic ${settings.maxCyclomatic}, cognitive ${settings.maxCognitive}, nesting ${settings.maxNesting}.\n`);
}

/** The maintainability index on a module's line, the Halstead volume on a function's. */
function radonExtras(r: MetricsRecord): string {
  if (r.maintainability !== undefined) return ` mi=${r.maintainability.toFixed(2)} (${r.maintainabilityRank})`;
  return r.halstead ? ` volume=${r.halstead.volume.toFixed(1)}` : '';
}

export function metricsText(io: CliIo, records: MetricsRecord[]): void {
  writeLines(io.stdout, records.map((r) => `${r.file}:${cellPrefix(r.cell)}${r.line}:${r.column}: ${r.kind} ${r.qualname} `
    + `cyclomatic=${r.cyclomatic} (${r.rank}) cognitive=${r.cognitive} nesting=${r.nesting} lines=${r.lines}${radonExtras(r)}`));
}

/** Files the run could not read or parse whole, said before the report. */
export function fileProblemsText(io: CliIo, results: FileResult[]): void {
  for (const r of results) {
    if (r.skipped) io.stderr.write(`${r.file}: skipped: ${r.skipped}\n`);
    else if (r.syntaxErrors) {
      const first = r.syntaxErrors[0]!;
      io.stderr.write(`${r.file}:${cellPrefix(first.cell)}${first.line}:${first.column}: syntax error; analysed what parses\n`);
    }
  }
}

export function documentText(io: CliIo, results: DocumentFileResult[], counts: DocumentCounts, run: DocumentRun, spend?: LlmSpend): void {
  const verb = run.write ? '' : 'would be ';
  for (const r of results) documentedFileText(io, r, verb);
  const { added, updated, refused, missingLeftOut, changedFiles, skippedFiles } = counts;
  const what = added + updated > 0
    ? `${plural(added, 'docstring')} ${verb}added, ${updated} ${verb}updated in ${plural(changedFiles, 'file')}`
    : refused ? `No docstring ${run.write ? 'was' : 'would be'} written` : missingLeftOut ? 'Every existing docstring is up to date' : 'Every docstring is present and up to date';
  io.stderr.write(`${what} (${results.length} files checked, style ${run.style}${refused ? `, ${refused} left alone` : ''}${skippedFiles ? `, ${skippedFiles} files skipped` : ''}).\n`);
  for (const line of placeholderLines(counts.placeholders, missingLeftOut, run.provider, verb)) io.stderr.write(`${line}\n`);
  if (spend) io.stderr.write(`${spendLine(spend)}\n`);
}

function documentedFileText(io: CliIo, r: DocumentFileResult, verb: string): void {
  if (r.diff) io.stdout.write(r.diff);
  if (r.skipped) io.stderr.write(`${r.file}: skipped: ${r.skipped}\n`);
  for (const x of r.refused) io.stderr.write(`${r.file}:${cellPrefix(x.cell)}${x.line}: left \`${x.qualname}\` alone: ${x.reason}\n`);
  if (!r.items.length) return;
  const a = r.items.filter((i) => i.kind === 'added').length;
  const u = r.items.length - a;
  io.stdout.write(`${r.file}: ${[a ? `${a} ${verb}added` : '', u ? `${u} ${verb}updated` : ''].filter(Boolean).join(', ')}\n`);
}

/** What the template writes, or would have: placeholders, said as such, with what writes descriptions instead. */
function placeholderLines(placeholders: number, missingLeftOut: number, provider: string, verb: string): string[] {
  const lines: string[] = [];
  if (placeholders) {
    lines.push(provider === 'template'
      ? `${plural(placeholders, 'placeholder docstring')} ${verb}written (TODO text to replace by hand); an LLM provider (--provider) writes descriptions instead.`
      : `${plural(placeholders, 'placeholder docstring')} ${verb}written by the template where ${provider} did not answer.`);
  }
  if (missingLeftOut) {
    lines.push(`${plural(missingLeftOut, 'missing docstring')} left out: the template would only write placeholders; `
      + '--only missing or --only all inserts them, an LLM provider (--provider) writes descriptions instead.');
  }
  return lines;
}

function spendLine(spend: LlmSpend): string {
  return `${spend.provider}: ${spend.requests} requests, ${spend.promptTokens + spend.completionTokens} tokens `
    + `(${spend.promptTokens} prompt + ${spend.completionTokens} output), $${spend.usd.toFixed(4)}, ${spend.cacheHits} cache hits, `
    + `${spend.retries} retries, ${spend.skipped} skipped by the budget, ${spend.fallbacks} written by the template instead`
    + `${spend.overTime ? `, ${spend.overTime} left for the run's time limit` : ''}${spend.deferred ? `, ${spend.deferred} left for the endpoint's Retry-After` : ''}`
    + `${spend.usageFlagged ? `, ${spend.usageFlagged} answers with impossible usage (counted by Docwright)` : ''}.`;
}

export function estimateLine(estimate: Estimate): string {
  return `Estimate: ${estimate.functions} docstrings, ${estimate.requests} requests, ${estimate.promptTokens} prompt tokens `
    + `(up to ${estimate.maxTokens} with output), ~$${estimate.usd.toFixed(4)} at most, ${estimate.cacheHits} cache hits; `
    + `budget left ${estimate.remaining.tokens} tokens / $${estimate.remaining.usd.toFixed(4)}${estimate.fits ? '' : ' — not all of it fits: what does not is skipped'}.`;
}

/** After Ctrl-C: which files were written (whole) and which were left as they were. */
export function interruptedText(io: CliIo, files: { file: string; written: boolean }[]): void {
  const names = (list: string[]) => (list.length > 20 ? `${list.slice(0, 20).join(', ')} and ${list.length - 20} more` : list.join(', '));
  const written = files.filter((f) => f.written).map((f) => f.file);
  const untouched = files.filter((f) => !f.written).map((f) => f.file);
  io.stderr.write(`docwright: interrupted: ${plural(written.length, 'file')} written${written.length ? ` (${names(written)})` : ''}, `
    + `${plural(untouched.length, 'file')} left untouched${untouched.length ? ` (${names(untouched)})` : ''}.\n`);
}
