import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import * as path from 'node:path';
import type { LedgerEntry } from '../../core/llm/budget';
import { makeDirectory, writeAtomically } from '../fsutil';

/**
 * What persists across sessions, on disk: the answer cache (content-addressed, LRU by access
 * time, capped in size) and the usage ledger (JSON lines). Neither ever holds the API key:
 * cache keys hash the model, prompt, style and settings that shape the answer, nothing else.
 */

export class AnswerCache {
  /** Bytes on disk, counted once and then kept up to date, so a write costs no directory scan. */
  private bytes: number | undefined;

  constructor(private readonly dir: string, private readonly maxBytes: number) {}

  static key(parts: unknown): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  }

  get(key: string): string | undefined {
    const file = this.file(key);
    try {
      const text = readFileSync(file, 'utf8');
      const now = new Date();
      utimesSync(file, now, now); // recently used: evicted last
      return text;
    } catch {
      return undefined;
    }
  }

  set(key: string, value: string): void {
    makeDirectory(this.dir);
    const file = this.file(key);
    writeAtomically(file, value);
    this.bytes = (this.bytes ?? this.size().bytes - Buffer.byteLength(value)) + Buffer.byteLength(value);
    if (this.bytes > this.maxBytes) this.evict();
  }

  clear(): number {
    let removed = 0;
    for (const entry of this.entries()) { rmSync(entry.file, { force: true }); removed++; }
    this.bytes = 0;
    return removed;
  }

  size(): { entries: number; bytes: number } {
    const entries = this.entries();
    return { entries: entries.length, bytes: entries.reduce((n, e) => n + e.bytes, 0) };
  }

  private evict(): void {
    const entries = this.entries().sort((a, b) => a.used - b.used);
    let total = entries.reduce((n, e) => n + e.bytes, 0);
    for (const e of entries) {
      if (total <= this.maxBytes) break;
      rmSync(e.file, { force: true });
      total -= e.bytes;
    }
    this.bytes = total;
  }

  private entries(): { file: string; bytes: number; used: number }[] {
    let names: string[];
    try { names = readdirSync(this.dir); } catch { return []; }
    return names.filter((n) => n.endsWith('.json')).flatMap((n) => {
      const file = path.join(this.dir, n);
      const st = statSync(file, { throwIfNoEntry: false });
      return st ? [{ file, bytes: st.size, used: st.mtimeMs }] : [];
    });
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }
}

export class LedgerFile {
  constructor(readonly file: string) {}

  read(): LedgerEntry[] {
    let text: string;
    try { text = readFileSync(this.file, 'utf8'); } catch { return []; }
    return text.split('\n').flatMap((line) => {
      if (!line.trim()) return [];
      try { return [saneEntry(JSON.parse(line) as LedgerEntry)]; } catch { return []; }
    });
  }

  append(entry: LedgerEntry): void {
    makeDirectory(path.dirname(this.file));
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`, 'utf8');
  }
}

const COUNTS = ['promptTokens', 'completionTokens', 'usd', 'savedTokens', 'savedUsd'] as const;

/** An entry's counts as the budget may trust them: a negative, non-finite or non-numeric count (older versions booked what the endpoint said) is 0, never a credit. */
function saneEntry(entry: LedgerEntry): LedgerEntry {
  const sane = { ...entry };
  for (const key of COUNTS) {
    const value: unknown = entry[key];
    sane[key] = typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
  }
  return sane;
}
