import * as path from 'node:path';
import { addCoverage, NO_COVERAGE } from '../../core/report/coverage';
import { writeOwnFile } from '../../workspace/fsutil';
import { analyseFiles, NOT_ANALYSIS_FLAGS } from '../analysis';
import { CHECK_ONLY_FLAGS, formatFlag, parseFlags, pathsOf, percentFlag, rejectFlags } from '../flags';
import type { CliIo } from '../io';
import { coverageBadge, failsUnder, shieldsEndpoint, writeCoverage, type CoverageReport, type FileCoverage } from '../output/coverage';

/**
 * `docwright coverage [PATH...]`: docstring coverage (core/report/coverage.ts) per file and in
 * total; exit 1 when it is under --fail-under. --badge and --shields write the figure as an SVG
 * badge and as a shields.io endpoint document.
 */
export async function coverage(args: string[], io: CliIo): Promise<number> {
  const { values: flags, positionals } = parseFlags(args);
  rejectFlags(flags, [...NOT_ANALYSIS_FLAGS, ...CHECK_ONLY_FLAGS, 'max-cyclomatic', 'max-cognitive', 'max-nesting'], 'coverage');
  const format = formatFlag(flags.format, ['text', 'json', 'markdown'] as const);
  const failUnder = percentFlag('fail-under', flags['fail-under']);
  const run = await analyseFiles('coverage', flags, positionals, io);
  if (!run) return 2;
  const files: FileCoverage[] = run.results.filter((r) => r.coverage).map((r) => ({ file: r.file, ...r.coverage! }));
  const total = files.reduce(addCoverage, NO_COVERAGE);
  const report: CoverageReport = { files, total, paths: pathsOf(positionals), ...(failUnder !== undefined ? { failUnder } : {}) };
  writeCoverage(io.stdout, report, format);
  if (flags.badge) writeOwnFile(path.resolve(flags.badge), coverageBadge(total));
  if (flags.shields) writeOwnFile(path.resolve(flags.shields), shieldsEndpoint(total));
  return failsUnder(report) ? 1 : 0;
}
