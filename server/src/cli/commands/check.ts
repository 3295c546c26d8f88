import { analyseFiles, NOT_ANALYSIS_FLAGS } from '../analysis';
import { formatFlag, parseFlags, rejectFlags } from '../flags';
import type { CliIo } from '../io';
import { reportFindings } from '../output/report';

/** `docwright check [PATH...]`: the findings, as text, JSON or SARIF; exit 1 when there are any. */
export async function check(args: string[], io: CliIo): Promise<number> {
  const { values: flags, positionals } = parseFlags(args);
  rejectFlags(flags, NOT_ANALYSIS_FLAGS, 'check');
  const format = formatFlag(flags.format, ['text', 'json', 'sarif'] as const);
  const run = await analyseFiles('check', flags, positionals, io);
  if (!run) return 2;
  return reportFindings(io, run.results, format, run.settings, run.cached);
}
