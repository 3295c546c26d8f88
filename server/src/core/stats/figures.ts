import type { BreakerState, HitFigures, StatusFigures, TimingFigures } from '../../shared/protocol';

/**
 * The figures a host keeps of itself (parse and analysis times, cache hits, the LLM's attempts
 * and breaker), collected the same way in the language server and a CLI run. Pure: the clock
 * and the memory reading are the host's, passed in.
 */

/** The most recent durations (a bounded window, so a long session costs no more) and their percentiles. */
export class Durations {
  private readonly window: number[] = [];
  private next = 0;
  /** Every sample since the start, not only those in the window. */
  count = 0;

  constructor(private readonly capacity = 1024) {}

  add(ms: number): void {
    if (this.window.length < this.capacity) this.window.push(ms);
    else this.window[this.next] = ms;
    this.next = (this.next + 1) % this.capacity;
    this.count++;
  }

  figures(): TimingFigures {
    const sorted = [...this.window].sort((a, b) => a - b);
    return { count: this.count, p50Ms: nearestRank(sorted, 50), p95Ms: nearestRank(sorted, 95) };
  }
}

/** The nearest-rank percentile, rounded to 0.01 ms; null without samples. */
function nearestRank(sorted: number[], percent: number): number | null {
  if (sorted.length === 0) return null;
  const value = sorted[Math.max(0, Math.ceil((percent / 100) * sorted.length) - 1)]!;
  return Math.round(value * 100) / 100;
}

export class HitCounter {
  hits = 0;
  misses = 0;

  record(hit: boolean): void {
    if (hit) this.hits++;
    else this.misses++;
  }

  figures(): HitFigures {
    const total = this.hits + this.misses;
    return { hits: this.hits, misses: this.misses, hitRate: total ? this.hits / total : null };
  }
}

/** What an LLM provider reports as it works (workspace/llm/provider.ts calls it). */
export interface LlmStatsSink {
  /** One HTTP attempt ended, answered or failed, after `ms`. */
  attempt(ms: number, ok: boolean): void;
  retry(): void;
  answerCache(hit: boolean): void;
  breaker(state: BreakerState): void;
}

export class LlmStats implements LlmStatsSink {
  readonly latency = new Durations();
  readonly cache = new HitCounter();
  errors = 0;
  retries = 0;
  state: BreakerState = 'unused';

  attempt(ms: number, ok: boolean): void {
    this.latency.add(ms);
    if (!ok) this.errors++;
  }

  retry(): void {
    this.retries++;
  }

  answerCache(hit: boolean): void {
    this.cache.record(hit);
  }

  breaker(state: BreakerState): void {
    this.state = state;
  }
}

/** What only the host can read: its version, memory, open documents or files, and today's spend. */
export interface HostReadings {
  version: string;
  memory: StatusFigures['memory'];
  documents?: StatusFigures['documents'];
  files?: StatusFigures['files'];
  today: StatusFigures['llm']['today'];
}

export class HostStats {
  readonly parse = new Durations();
  readonly analysis = new Durations();
  readonly resultCache = new HitCounter();
  readonly llm = new LlmStats();
  /** A CLI run's files: analysed in all, and of them taken from the result cache. */
  readonly files = { analysed: 0, cached: 0 };
  private readonly started: number;

  /** `clock`: milliseconds from any origin (performance.now). */
  constructor(private readonly host: StatusFigures['host'], private readonly clock: () => number) {
    this.started = clock();
  }

  /** Runs `work`, adding its duration to `durations`. */
  timed<T>(durations: Durations, work: () => T): T {
    const start = this.clock();
    try {
      return work();
    } finally {
      durations.add(this.clock() - start);
    }
  }

  figures(readings: HostReadings): StatusFigures {
    const { latency, errors, retries, state } = this.llm;
    const attempts = latency.count;
    return {
      host: this.host,
      version: readings.version,
      uptimeMs: Math.round(this.clock() - this.started),
      parse: this.parse.figures(),
      analysis: this.analysis.figures(),
      ...(readings.documents ? { documents: readings.documents } : {}),
      ...(readings.files ? { files: readings.files } : {}),
      memory: readings.memory,
      resultCache: this.resultCache.figures(),
      answerCache: this.llm.cache.figures(),
      llm: { attempts, latency: latency.figures(), errors, errorRate: attempts ? errors / attempts : null, retries, breaker: state, today: readings.today },
    };
  }
}
