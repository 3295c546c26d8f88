import { analyseFiles, NOT_METRICS_FLAGS } from '../analysis';
import { formatFlag, parseFlags, rejectFlags } from '../flags';
import type { CliIo } from '../io';
import { reportMetrics } from '../output/report';

/** `docwright metrics [PATH...]`: radon-style metrics of every module, class and function. */
export async function metrics(args: string[], io: CliIo): Promise<number> {
  const { values: flags, positionals } = parseFlags(args);
  rejectFlags(flags, NOT_METRICS_FLAGS, 'metrics');
  const format = formatFlag(flags.format, ['text', 'json'] as const);
  const run = await analyseFiles('metrics', flags, positionals, io);
  if (!run) return 2;
  return reportMetrics(io, run.results, format);
}
