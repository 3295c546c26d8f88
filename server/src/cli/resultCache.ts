import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FileResult } from './fileJob';

/**
 * What `docwright check` and `metrics` found in each file, kept between runs (as ruff's cache
 * does): a file whose size and modification time, or else whose content hash, are those of
 * the last run is not parsed again. One cache file per engine build, command and settings
 * (the key), so a changed setting or a new version can never reuse a stale answer.
 */

/** Identifies a file's content: stat first (free), the hash when the stat differs. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  hash: string;
}

interface Entry {
  stamp: FileStamp;
  /** The result without its display path, which depends on the working directory. */
  result: Omit<FileResult, 'file' | 'stamp'>;
  /** Last run that used this entry (ms since epoch); unused entries are dropped after a while. */
  used: number;
}

const UNUSED_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

export class ResultCache {
  private entries: Map<string, Entry>;
  private changed = false;
  hits = 0;

  private constructor(
    private readonly file: string,
    private readonly key: string,
    entries: Map<string, Entry>,
    private readonly now: number,
  ) {
    this.entries = entries;
  }

  /**
   * The cache for one key under `dir`. An unreadable or corrupt cache file is an empty
   * cache: the run recomputes everything and writes a good one.
   */
  static open(dir: string, key: string, now = Date.now()): ResultCache {
    const file = path.join(dir, `${createHash('sha1').update(key).digest('hex').slice(0, 16)}.json`);
    let entries = new Map<string, Entry>();
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { key?: string; entries?: Record<string, Entry> };
      if (parsed.key === key && parsed.entries) entries = new Map(Object.entries(parsed.entries));
    } catch {
      // no cache yet, or one we cannot read
    }
    return new ResultCache(file, key, entries, now);
  }

  /** The cached result for `file` if its content is unchanged, else undefined. */
  lookup(file: string): Omit<FileResult, 'file' | 'stamp'> | undefined {
    const entry = this.entries.get(file);
    if (!entry) return undefined;
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return undefined;
    }
    if (stat.size !== entry.stamp.size) return undefined;
    if (stat.mtimeMs !== entry.stamp.mtimeMs) {
      // Touched (a checkout, a save without changes): compare the content itself.
      let hash;
      try {
        hash = contentHash(readFileSync(file));
      } catch {
        return undefined;
      }
      if (hash !== entry.stamp.hash) return undefined;
      entry.stamp = { ...entry.stamp, mtimeMs: stat.mtimeMs };
    }
    entry.used = this.now;
    this.changed = true;
    this.hits++;
    return entry.result;
  }

  store(file: string, result: FileResult): void {
    if (!result.stamp || result.skipped) return; // skips are cheap to find again and may depend on the run
    const { file: _display, stamp, ...rest } = result;
    this.entries.set(file, { stamp, result: rest, used: this.now });
    this.changed = true;
  }

  /** Writes the cache atomically (temp file + rename), dropping entries unused for a month. */
  save(): void {
    if (!this.changed) return;
    const kept: Record<string, Entry> = {};
    for (const [file, entry] of this.entries) if (this.now - entry.used < UNUSED_DAYS * DAY_MS) kept[file] = entry;
    const dir = path.dirname(this.file);
    mkdirSync(dir, { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ key: this.key, entries: kept }));
    renameSync(temp, this.file);
    pruneOldCacheFiles(dir, this.file, this.now);
  }
}

/** Cache files of other keys (old versions, old settings) go when a month has not touched them. */
function pruneOldCacheFiles(dir: string, keep: string, now: number): void {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (file === keep) continue;
    try {
      if (now - statSync(file).mtimeMs > UNUSED_DAYS * DAY_MS) rmSync(file, { force: true });
    } catch {
      // another run removed it
    }
  }
}
