import { ruleFor } from '../../core/rules/registry';
import type { FindingRow } from './rows';

/** `check --statistics`: how many findings of each code, most first, as ruff prints them (count, code, title; tab-separated). */

export interface CodeCount {
  code: string;
  title: string;
  count: number;
}

export function codeCounts(rows: FindingRow[]): CodeCount[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
  return [...counts].map(([code, count]) => ({ code, title: ruleFor(code)?.title ?? code, count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

export function statisticsText(counts: CodeCount[]): string {
  const countWidth = Math.max(0, ...counts.map((c) => String(c.count).length));
  const codeWidth = Math.max(0, ...counts.map((c) => c.code.length));
  return counts.map((c) => `${String(c.count).padStart(countWidth)}\t${c.code.padEnd(codeWidth)}\t${c.title}\n`).join('');
}
