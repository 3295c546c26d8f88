/**
 * Invariant 3 against a lying endpoint: the `usage` an answer reports is checked before it is
 * booked. What is counted is the larger of our own count and the reported one, so a report
 * can never lower what a request costs, and never goes negative. A value that cannot be true
 * (not a non-negative integer, or more than the request could possibly have used) is not
 * believed: our own count stands, and the request is flagged so the run summary and the
 * ledger say so.
 */

export interface OwnCount {
  /** Our count of the prompt: exact for OpenAI encodings, the likely count otherwise. */
  prompt: number;
  /** The most tokens the prompt can be: every token covers at least one byte of what was sent. */
  promptBound: number;
  /** Our count of the answer's text. */
  completion: number;
  /** The max_tokens the request was sent with: the endpoint may not answer with more. */
  maxCompletion: number;
}

/** A reported value as it came, made fit for a JSON ledger (non-finite numbers and other types as text). */
export type ReportedValue = number | string | null;

export interface CountedUsage {
  promptTokens: number;
  completionTokens: number;
  /** Why the report was not believed, when it was not. */
  flag?: string;
  /** The report as it came, when it was flagged. */
  reported?: { promptTokens: ReportedValue; completionTokens: ReportedValue };
}

type Check = { ok: true; value: number | undefined } | { ok: false; why: string };

/** A missing field is no report (our count stands); a present one must be possible. */
function check(name: string, value: unknown, bound: number): Check {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, why: `${name} is not a finite number` };
  if (!Number.isInteger(value)) return { ok: false, why: `${name} is not an integer` };
  if (value < 0) return { ok: false, why: `${name} is negative` };
  if (value > bound) return { ok: false, why: `${name} is more than the request could use (at most ${bound})` };
  return { ok: true, value };
}

function asReported(value: unknown): ReportedValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return (typeof value === 'string' ? value : JSON.stringify(value) ?? String(value)).slice(0, 40);
}

/** What a request is booked at. A missing `usage` is not a lie (some servers send none): our own count stands. */
export function countUsage(usage: unknown, own: OwnCount): CountedUsage {
  if (usage === undefined || usage === null) return { promptTokens: own.prompt, completionTokens: own.completion };
  const raw = (typeof usage === 'object' ? usage : {}) as Record<string, unknown>;
  const prompt = check('prompt_tokens', raw.prompt_tokens, own.promptBound);
  const completion = check('completion_tokens', raw.completion_tokens, own.maxCompletion);
  const counted = {
    promptTokens: Math.max(own.prompt, prompt.ok ? prompt.value ?? 0 : 0),
    completionTokens: Math.max(own.completion, completion.ok ? completion.value ?? 0 : 0),
  };
  const problems = [
    ...(typeof usage === 'object' ? [] : ['usage is not an object']),
    ...[prompt, completion].flatMap((c) => (c.ok ? [] : [c.why])),
  ];
  if (problems.length === 0) return counted;
  return {
    ...counted, flag: problems.join('; '),
    reported: typeof usage === 'object'
      ? { promptTokens: asReported(raw.prompt_tokens), completionTokens: asReported(raw.completion_tokens) }
      : { promptTokens: asReported(usage), completionTokens: null },
  };
}
