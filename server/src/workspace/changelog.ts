import { appendFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LedgerEntry } from '../core/llm/budget';
import { makeDirectory } from './fsutil';

/**
 * Every docstring change Docwright writes in a run (file, qualified name, added/updated,
 * provider, time), as JSON lines; exported as Markdown with the tokens each one cost, joined
 * from the usage ledger by run and qualified name.
 */

export interface ChangeEntry {
  time: string;
  run: string;
  file: string;
  qualname: string;
  kind: 'added' | 'updated';
  provider: string;
}

export function appendChange(file: string, change: Omit<ChangeEntry, 'time'>): void {
  try {
    makeDirectory(path.dirname(file));
    appendFileSync(file, `${JSON.stringify({ time: new Date().toISOString(), ...change })}\n`, 'utf8');
  } catch {
    // the changelog is a record, not a reason to fail a run
  }
}

export function readChanges(file: string): ChangeEntry[] {
  let text = '';
  try { text = readFileSync(file, 'utf8'); } catch { return []; }
  return text.split('\n').flatMap((l) => { try { return l.trim() ? [JSON.parse(l) as ChangeEntry] : []; } catch { return []; } });
}

export function changelogMarkdown(changes: ChangeEntry[], ledger: LedgerEntry[]): string {
  const tokens = new Map<string, number>();
  for (const e of ledger) {
    const key = `${e.run}\u0000${e.qualname}`;
    tokens.set(key, (tokens.get(key) ?? 0) + e.promptTokens + e.completionTokens);
  }
  const lines = ['# Docwright changelog', '', `${changes.length} docstring changes.`, '', '| time | file | name | change | provider | tokens |', '|---|---|---|---|---|---|'];
  for (const c of [...changes].reverse()) {
    const t = tokens.get(`${c.run}\u0000${c.qualname}`);
    lines.push(`| ${c.time.replace('T', ' ').slice(0, 19)} | \`${c.file}\` | \`${c.qualname}\` | ${c.kind} | ${c.provider} | ${t ?? (c.provider === 'template' ? 0 : '—')} |`);
  }
  return `${lines.join('\n')}\n`;
}
