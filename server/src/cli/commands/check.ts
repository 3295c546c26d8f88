import { analyseFiles, NOT_ANALYSIS_FLAGS } from '../analysis';
import { COVERAGE_ONLY_FLAGS, formatFlag, parseFlags, rejectFlags, takeValueFlag, UsageError, type Flags } from '../flags';
import type { CliIo } from '../io';
import { reportFindings } from '../output/report';
import { suppressedText } from '../output/suppressed';
import { addNoqa } from './addNoqa';
import { inChangedDefinitions, withoutBaselined, writeBaselineOf } from './checkBaseline';
import type { FileResult } from '../fileJob';

/**
 * `docwright check [PATH...]`: the findings, as text, JSON, SARIF, GitHub annotations or GitLab
 * Code Quality; exit 1 when there are any (0 with --exit-zero). A baseline (--baseline, or
 * `[tool.docwright] baseline`) and --diff REF narrow them to what is new; --write-baseline and
 * --add-noqa record or silence them instead of reporting them.
 */
export async function check(args: string[], io: CliIo): Promise<number> {
  const { value: diffRef, rest } = takeValueFlag(args, 'diff');
  const { values: flags, positionals } = parseFlags(rest);
  rejectFlags(flags, [...NOT_ANALYSIS_FLAGS, ...COVERAGE_ONLY_FLAGS], 'check');
  rejectCombinations(flags, diffRef);
  const format = formatFlag(flags.format, ['text', 'json', 'sarif', 'github', 'gitlab'] as const);
  const run = await analyseFiles('check', flags, positionals, io);
  if (!run) return 2;
  const cwd = process.cwd();
  const writeTo = flags['write-baseline'];
  if (writeTo !== undefined) {
    writeBaselineOf(run.results, writeTo, cwd, io.stderr);
    return 0;
  }
  const { results, leftOut } = narrowed(run.results, run.settings.baseline, diffRef, cwd);
  if (flags['add-noqa']) return addNoqa(results, cwd, run.settings.maxFileSizeKb, io);
  const status = reportFindings(io, results, format, run.settings, run.cached, { statistics: flags.statistics, exitZero: flags['exit-zero'], leftOut });
  if (flags['report-suppressed']) suppressedText(io.stdout, results);
  return status;
}

/** --write-baseline records everything and --add-noqa writes instead of reporting: neither goes with what only narrows or shapes a report. */
function rejectCombinations(flags: Flags, diffRef: string | undefined): void {
  if (flags['report-suppressed'] && (flags.format ?? 'text') !== 'text') throw new UsageError('--report-suppressed goes with the text format only');
  if (flags.statistics && !['text', 'json'].includes(flags.format ?? 'text')) throw new UsageError('--statistics goes with --format text or json only');
  const writing = flags['write-baseline'] !== undefined ? '--write-baseline' : flags['add-noqa'] ? '--add-noqa' : undefined;
  if (!writing) return;
  const others = [
    flags['write-baseline'] !== undefined && writing !== '--write-baseline' ? '--write-baseline' : '',
    flags.statistics ? '--statistics' : '', flags['report-suppressed'] ? '--report-suppressed' : '', flags.format ? '--format' : '',
    writing === '--write-baseline' && diffRef !== undefined ? '--diff' : '',
  ].filter(Boolean);
  if (others.length) throw new UsageError(`${writing} does not go with ${others.join(', ')}`);
}

/** Findings not in the baseline and, with --diff, in definitions changed since REF; what was left out, named for the summary. */
function narrowed(all: FileResult[], baseline: string, diffRef: string | undefined, cwd: string): { results: FileResult[]; leftOut: string[] } {
  let results = all;
  const leftOut: string[] = [];
  if (baseline) {
    const narrowedRun = withoutBaselined(results, baseline, cwd);
    results = narrowedRun.results;
    if (narrowedRun.leftOut) leftOut.push(`${narrowedRun.leftOut} in the baseline`);
  }
  if (diffRef !== undefined) {
    const narrowedRun = inChangedDefinitions(results, diffRef, cwd);
    results = narrowedRun.results;
    if (narrowedRun.leftOut) leftOut.push(`${narrowedRun.leftOut} outside definitions changed since ${diffRef}`);
  }
  return { results, leftOut };
}
