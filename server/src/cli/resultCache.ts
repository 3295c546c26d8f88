import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { FileResult } from './fileJob';
import { makeDirectory, writeAtomically } from '../workspace/fsutil';

/**
 * What `docwright check` and `metrics` found in each file, kept between runs (as ruff's cache
 * does): a file whose size and modification time, or else whose content hash, are those of
 * the last run is not parsed again. Results are kept per engine build, command and settings
 * (the key), so a changed setting or a new version never reuses a stale answer; and per
 * directory (a shard), so a run over part of a large project reads and writes only the shards
 * it touches, and a run that changed nothing writes nothing.
 */

/** Identifies a file's content: stat first (free), the hash when the stat differs. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  hash: string;
}

/** Another file a result read, as it was: the result is stale once it changes. */
export interface Dependency {
  file: string;
  size: number;
  mtimeMs: number;
}

export type CachedResult = Omit<FileResult, 'file' | 'stamp'>;

interface Entry {
  stamp: FileStamp;
  /** The result without its display path, which depends on the working directory. */
  result: CachedResult;
  /** When a run last used this entry (ms since epoch), refreshed at most daily. */
  used: number;
}

interface Shard {
  file: string;
  entries: Map<string, Entry>;
  changed: boolean;
}

const DAY_MS = 24 * 3600 * 1000;
/** Entries, and shards of other keys, that no run used for this long are dropped. */
const UNUSED_MS = 30 * DAY_MS;

function unchanged(dependency: Dependency): boolean {
  try {
    const stat = statSync(dependency.file);
    return stat.size === dependency.size && stat.mtimeMs === dependency.mtimeMs;
  } catch {
    return false;
  }
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

export class ResultCache {
  private readonly shards = new Map<string, Shard>();
  hits = 0;

  /** `dir` holds the shards of every key; `key` names this run's engine, command and settings. */
  constructor(private readonly dir: string, private readonly key: string, private readonly now = Date.now()) {}

  /** The cached result for `file` if its content is unchanged, else undefined. */
  lookup(file: string): CachedResult | undefined {
    const shard = this.shardOf(file);
    const entry = shard.entries.get(file);
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
      shard.changed = true;
    }
    if (!(entry.result.dependencies ?? []).every(unchanged)) return undefined;
    if (this.now - entry.used > DAY_MS) {
      entry.used = this.now;
      shard.changed = true;
    }
    this.hits++;
    return entry.result;
  }

  store(file: string, result: FileResult): void {
    if (!result.stamp || result.skipped) return; // skips are cheap to find again and may depend on the run
    const { file: _display, stamp, ...rest } = result;
    const shard = this.shardOf(file);
    shard.entries.set(file, { stamp, result: rest, used: this.now });
    shard.changed = true;
  }

  /** Writes the shards this run changed, atomically (temp file + rename). */
  save(): void {
    const changed = [...this.shards.values()].filter((shard) => shard.changed);
    if (changed.length === 0) return;
    makeDirectory(this.dir);
    for (const shard of changed) {
      const kept: Record<string, Entry> = {};
      for (const [file, entry] of shard.entries) if (this.now - entry.used < UNUSED_MS) kept[file] = entry;
      writeAtomically(shard.file, JSON.stringify({ key: this.key, entries: kept }));
    }
    this.pruneUnused();
  }

  /**
   * One shard per directory. An unreadable or corrupt shard, or one whose key differs (a
   * hash collision of the name), is an empty shard: its files are analysed and it is rewritten.
   */
  private shardOf(file: string): Shard {
    const directory = path.dirname(file);
    let shard = this.shards.get(directory);
    if (shard) return shard;
    const name = createHash('sha1').update(`${this.key}\u0000${directory}`).digest('hex').slice(0, 20);
    shard = { file: path.join(this.dir, `${name}.json`), entries: new Map(), changed: false };
    try {
      const parsed = JSON.parse(readFileSync(shard.file, 'utf8')) as { key?: string; entries?: Record<string, Entry> };
      if (parsed.key === this.key && parsed.entries) shard.entries = new Map(Object.entries(parsed.entries));
    } catch {
      // no shard yet, or one we cannot read
    }
    this.shards.set(directory, shard);
    return shard;
  }

  /** Shards nobody wrote for a month (old versions, old settings, deleted directories) go. */
  private pruneUnused(): void {
    for (const name of readdirSync(this.dir)) {
      const file = path.join(this.dir, name);
      try {
        if (this.now - statSync(file).mtimeMs > UNUSED_MS) rmSync(file, { force: true });
      } catch {
        // another run removed it
      }
    }
  }
}
