import { costUsd, type Price } from './models';
import type { ReportedValue } from './usage';

/**
 * Invariant 3: the budget is a hard limit. A request is sent only after reserving its prompt
 * tokens plus the most it may answer (max output tokens) against what is left of the run and
 * the day, in tokens and USD; concurrent requests reserve, so together they cannot cross it.
 * The reservation is settled with the endpoint's actual usage.
 */

export interface BudgetLimits {
  runTokens: number;
  dayTokens: number;
  runUsd: number;
  dayUsd: number;
}

export interface Spent {
  tokens: number;
  usd: number;
}

/** What a run would send and cost, against what is left of the budget. */
export interface Estimate {
  functions: number;
  /** Likely prompt tokens (exact for OpenAI encodings). */
  promptTokens: number;
  /** Prompt + max output tokens of the requests that would be sent. */
  maxTokens: number;
  usd: number;
  cacheHits: number;
  /** Requests that would be sent. */
  requests: number;
  remaining: { tokens: number; usd: number };
  fits: boolean;
}

export type Reservation = { ok: true; id: number; tokens: number; usd: number } | { ok: false; reason: string };

export class Budget {
  private readonly run: Spent = { tokens: 0, usd: 0 };
  private readonly reservations = new Map<number, Spent>();
  private nextId = 1;

  constructor(private readonly limits: BudgetLimits, private readonly today: Spent, private readonly price: Price | undefined) {}

  reserve(promptTokens: number, maxOutputTokens: number): Reservation {
    const tokens = promptTokens + maxOutputTokens;
    const usd = costUsd(this.price, promptTokens, maxOutputTokens);
    const held = this.held();
    const checks: [number, number, number, string][] = [
      [this.run.tokens + held.tokens, tokens, this.limits.runTokens, 'tokens for this run'],
      [this.today.tokens + held.tokens, tokens, this.limits.dayTokens, 'tokens for today'],
      [this.run.usd + held.usd, usd, this.limits.runUsd, 'USD for this run'],
      [this.today.usd + held.usd, usd, this.limits.dayUsd, 'USD for today'],
    ];
    for (const [spent, wanted, limit, what] of checks) {
      if (spent + wanted > limit + 1e-12) {
        const left = Math.max(0, limit - spent);
        const unit = what.startsWith('USD') ? (n: number) => `$${n.toFixed(4)}` : (n: number) => `${Math.floor(n)}`;
        return { ok: false, reason: `over budget: needs up to ${unit(wanted)} ${what}, ${unit(left)} left of ${unit(limit)}` };
      }
    }
    const id = this.nextId++;
    this.reservations.set(id, { tokens, usd });
    return { ok: true, id, tokens, usd };
  }

  /** Books what the endpoint says was used; never more than was reserved is assumed left. */
  settle(id: number, promptTokens: number, completionTokens: number): Spent {
    this.reservations.delete(id);
    const spent = { tokens: promptTokens + completionTokens, usd: costUsd(this.price, promptTokens, completionTokens) };
    this.run.tokens += spent.tokens;
    this.run.usd += spent.usd;
    this.today.tokens += spent.tokens;
    this.today.usd += spent.usd;
    return spent;
  }

  /** A request that was not sent (or failed before any usage) gives its reservation back. */
  release(id: number): void {
    this.reservations.delete(id);
  }

  get spentThisRun(): Spent {
    return { ...this.run };
  }

  remaining(): Spent {
    const held = this.held();
    return {
      tokens: Math.max(0, Math.min(this.limits.runTokens - this.run.tokens, this.limits.dayTokens - this.today.tokens) - held.tokens),
      usd: Math.max(0, Math.min(this.limits.runUsd - this.run.usd, this.limits.dayUsd - this.today.usd) - held.usd),
    };
  }

  private held(): Spent {
    let tokens = 0;
    let usd = 0;
    for (const r of this.reservations.values()) { tokens += r.tokens; usd += r.usd; }
    return { tokens, usd };
  }
}

// ---------------------------------------------------------------- the ledger

export interface LedgerEntry {
  /** ISO time. */
  time: string;
  /** Local day, YYYY-MM-DD. */
  day: string;
  run: string;
  model: string;
  provider: string;
  qualname: string;
  promptTokens: number;
  completionTokens: number;
  usd: number;
  /** A cache hit: nothing was sent; `saved*` is what the original request cost. */
  cached: boolean;
  savedTokens: number;
  savedUsd: number;
  /** Why the endpoint's `usage` was not believed (then the counts above are ours). */
  usageFlag?: string;
  /** The `usage` as the endpoint reported it, when it was flagged. */
  reportedUsage?: { promptTokens: ReportedValue; completionTokens: ReportedValue };
}

export interface UsageSummary {
  byDay: Record<string, Spent & { requests: number; cacheHits: number; savedTokens: number; savedUsd: number }>;
  byModel: Record<string, Spent & { requests: number }>;
  byRun: Record<string, Spent & { requests: number; cacheHits: number; day: string }>;
  total: Spent & { requests: number; cacheHits: number; savedTokens: number; savedUsd: number };
}

export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * What the day's ledger entries spent. An entry written before usage was checked may hold a
 * lie: each counts at most `maxTokensPerEntry` (the most one request may now reserve), its USD
 * scaled down with its tokens, so an absurd old entry cannot use up the day's budget (and,
 * with LedgerFile.read, a negative one cannot credit it).
 */
export function spentOn(entries: LedgerEntry[], day: string, maxTokensPerEntry = Infinity): Spent {
  let tokens = 0;
  let usd = 0;
  for (const e of entries) {
    if (e.day !== day || e.cached) continue;
    const reported = e.promptTokens + e.completionTokens;
    const counted = Math.min(reported, maxTokensPerEntry);
    tokens += counted;
    usd += reported > counted ? e.usd * (counted / reported) : e.usd;
  }
  return { tokens, usd };
}

export function summarize(entries: LedgerEntry[]): UsageSummary {
  const summary: UsageSummary = { byDay: {}, byModel: {}, byRun: {}, total: { tokens: 0, usd: 0, requests: 0, cacheHits: 0, savedTokens: 0, savedUsd: 0 } };
  for (const e of entries) {
    const tokens = e.promptTokens + e.completionTokens;
    const day = (summary.byDay[e.day] ??= { tokens: 0, usd: 0, requests: 0, cacheHits: 0, savedTokens: 0, savedUsd: 0 });
    const model = (summary.byModel[e.model] ??= { tokens: 0, usd: 0, requests: 0 });
    const run = (summary.byRun[e.run] ??= { tokens: 0, usd: 0, requests: 0, cacheHits: 0, day: e.day });
    for (const bucket of [day, summary.total]) {
      bucket.tokens += tokens; bucket.usd += e.usd;
      if (e.cached) { bucket.cacheHits++; bucket.savedTokens += e.savedTokens; bucket.savedUsd += e.savedUsd; } else bucket.requests++;
    }
    model.tokens += tokens; model.usd += e.usd; if (!e.cached) model.requests++;
    run.tokens += tokens; run.usd += e.usd; if (e.cached) run.cacheHits++; else run.requests++;
  }
  return summary;
}

export function usageMarkdown(summary: UsageSummary): string {
  const usd = (n: number) => `$${n.toFixed(4)}`;
  const lines = ['# Docwright token usage', '', `Total: ${summary.total.tokens} tokens, ${usd(summary.total.usd)} in ${summary.total.requests} requests; ${summary.total.cacheHits} cache hits saved ${summary.total.savedTokens} tokens (${usd(summary.total.savedUsd)}).`, ''];
  lines.push('## By day', '', '| day | requests | tokens | USD | cache hits | saved tokens |', '|---|---|---|---|---|---|');
  for (const [day, d] of Object.entries(summary.byDay).sort().reverse()) lines.push(`| ${day} | ${d.requests} | ${d.tokens} | ${usd(d.usd)} | ${d.cacheHits} | ${d.savedTokens} |`);
  lines.push('', '## By model', '', '| model | requests | tokens | USD |', '|---|---|---|---|');
  for (const [model, m] of Object.entries(summary.byModel).sort()) lines.push(`| ${model} | ${m.requests} | ${m.tokens} | ${usd(m.usd)} |`);
  lines.push('', '## By run', '', '| run | day | requests | cache hits | tokens | USD |', '|---|---|---|---|---|---|');
  for (const [run, r] of Object.entries(summary.byRun).reverse()) lines.push(`| ${run} | ${r.day} | ${r.requests} | ${r.cacheHits} | ${r.tokens} | ${usd(r.usd)} |`);
  return `${lines.join('\n')}\n`;
}
