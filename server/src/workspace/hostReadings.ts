import { localDay, spentOn } from '../core/llm/budget';
import type { StatusFigures } from '../shared/protocol';
import { LedgerFile } from './llm/store';

/** What both hosts read of the process and the disk for their status figures (core/stats). */

const MB = 1024 * 1024;

export function memoryReadings(): StatusFigures['memory'] {
  const usage = process.memoryUsage();
  const round = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
  return { rssMb: round(usage.rss), heapUsedMb: round(usage.heapUsed), externalMb: round(usage.external) };
}

/** Tokens and USD the usage ledger books for today (cache hits cost nothing). */
export function spentToday(ledgerFile: string, now = new Date()): StatusFigures['llm']['today'] {
  return spentOn(new LedgerFile(ledgerFile).read(), localDay(now));
}
