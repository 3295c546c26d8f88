import type { RunStats } from '../../workspace/llm/provider';
import type { DocumentFileResult } from '../documentJob';

/** What a `document` run did, counted once for every format. */

export interface DocumentRun {
  write: boolean;
  check: boolean;
  /** The style and where it came from, as said in the summary. */
  style: string;
  provider: string;
}

export interface DocumentCounts {
  added: number;
  placeholders: number;
  updated: number;
  missingLeftOut: number;
  refused: number;
  changedFiles: number;
  skippedFiles: number;
}

/** What an LLM run sent and spent, as its JSON summary names it. */
export type LlmSpend = Omit<RunStats, 'messages'> & { provider: string };

export function llmSpend(provider: string, stats: RunStats): LlmSpend {
  return {
    provider, requests: stats.requests, promptTokens: stats.promptTokens, completionTokens: stats.completionTokens, usd: Number(stats.usd.toFixed(6)),
    cacheHits: stats.cacheHits, retries: stats.retries, skipped: stats.skipped, fallbacks: stats.fallbacks,
    overTime: stats.overTime, deferred: stats.deferred, usageFlagged: stats.usageFlagged,
  };
}

export function documentCounts(results: DocumentFileResult[]): DocumentCounts {
  const items = (kind: 'added' | 'updated') => results.reduce((n, r) => n + r.items.filter((i) => i.kind === kind).length, 0);
  return {
    added: items('added'),
    placeholders: results.reduce((n, r) => n + r.items.filter((i) => i.placeholder).length, 0),
    updated: items('updated'),
    missingLeftOut: results.reduce((n, r) => n + r.missingLeftOut, 0),
    refused: results.reduce((n, r) => n + r.refused.length, 0),
    changedFiles: results.filter((r) => r.items.length > 0).length,
    skippedFiles: results.filter((r) => r.skipped).length,
  };
}
