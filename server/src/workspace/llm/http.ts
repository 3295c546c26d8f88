import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import type OpenAI from 'openai';
import { localDay } from '../../core/llm/budget';

/**
 * What one attempt of a chat-completion request may end with, and what to do next. Docwright
 * retries on its own (the SDK's retries are off): the SDK's timeout covers only the headers, and
 * it sleeps as long as any Retry-After says, so a slow drip of bytes or `Retry-After: 3600`
 * would hold a run for as long as the endpoint likes.
 */

/** The attempt's time ran out: headers and body together. The circuit breaker counts it. */
export class AttemptTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`timed out after ${seconds(timeoutMs)} s (timeoutMs), waiting for the whole answer`);
    this.name = 'AttemptTimeout';
  }
}

/** The run's time limit (runTimeoutMs) was reached: nothing more is sent. Not the endpoint's fault: the breaker does not count it. */
export class RunDeadline extends Error {
  constructor(runTimeoutMs: number) {
    super(`the run's time limit of ${seconds(runTimeoutMs)} s (runTimeoutMs) was reached`);
    this.name = 'RunDeadline';
  }
}

/** The endpoint asked to wait longer than maxRetryAfterMs allows. */
export class RetryLater extends Error {
  constructor(readonly until: Date, waitMs: number, limitMs: number) {
    super(`the endpoint asked to wait ${seconds(waitMs)} s (Retry-After), longer than maxRetryAfterMs allows (${seconds(limitMs)} s); `
      + `nothing more is sent to it in this run: try again after ${clockTime(until)}`);
    this.name = 'RetryLater';
  }
}

/** A 2xx answer that is not a chat completion (an HTML page, a proxy's error, JSON without choices). */
export class NotACompletion extends Error {
  constructor(endpoint: string, status: number, what: string) {
    super(`the endpoint at ${endpoint} answered ${status} with a body that is not a chat completion (${what})`);
    this.name = 'NotACompletion';
  }
}

/** More than any answer of ours needs (max output tokens are a few KB); a larger body is refused, not buffered. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Reads the body, bounded in size; the attempt's abort signal (timeout, deadline, cancel) stops it mid-stream. */
export async function readCompletion(response: Response, endpoint: string): Promise<OpenAI.Chat.Completions.ChatCompletion> {
  const text = await readBounded(response, endpoint);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new NotACompletion(endpoint, response.status, text.trim() ? `not JSON: ${firstBytes(text)}` : 'an empty body');
  }
  if (!json || typeof json !== 'object' || !Array.isArray((json as { choices?: unknown }).choices)) {
    throw new NotACompletion(endpoint, response.status, `JSON without choices: ${firstBytes(text)}`);
  }
  return json as OpenAI.Chat.Completions.ChatCompletion;
}

async function readBounded(response: Response, endpoint: string): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new NotACompletion(endpoint, response.status, `more than ${MAX_BODY_BYTES / 1024 / 1024} MB`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function firstBytes(text: string): string {
  const start = text.replace(/\s+/g, ' ').trim();
  return `\`${start.length > 60 ? `${start.slice(0, 60)}…` : start}\``;
}

/** The text of the first choice; anything else (no choice, no message, a non-string) is empty, which the parser refuses. */
export function contentOf(completion: OpenAI.Chat.Completions.ChatCompletion): string {
  const content: unknown = completion.choices[0]?.message?.content;
  return typeof content === 'string' ? content : '';
}

/**
 * How long to wait before the next attempt, or undefined when the failure is not worth another
 * try. Retried: connection errors, timeouts, 408, 409, 429 and 5xx (or what x-should-retry
 * says), with exponential backoff and jitter, or the endpoint's Retry-After when it is within
 * the limit. A longer Retry-After throws RetryLater, whether or not retries are left.
 */
export function retryDelayMs(error: unknown, attempt: number, maxRetryAfterMs: number, now = Date.now()): number | undefined {
  if (error instanceof AttemptTimeout) return backoffMs(attempt);
  if (error instanceof APIUserAbortError) return undefined;
  if (error instanceof APIConnectionError) return backoffMs(attempt);
  if (!(error instanceof APIError) || error.status === undefined) return undefined;
  const headers = error.headers;
  const asked = headers ? retryAfterMs(headers, now) : undefined;
  if (asked !== undefined && asked > maxRetryAfterMs) throw new RetryLater(new Date(now + asked), asked, maxRetryAfterMs);
  const should = headers?.get('x-should-retry');
  const retryable = should === 'true' || (should !== 'false' && ([408, 409, 429].includes(error.status) || error.status >= 500));
  if (!retryable) return undefined;
  return asked ?? backoffMs(attempt);
}

/** `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const secs = Number(value.trim());
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** 0.5 s, 1 s, 2 s … at most 8 s, less up to a quarter of jitter (as OpenAI's SDKs do). */
function backoffMs(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 8000) * (1 - Math.random() * 0.25);
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/** Local date and time to the second, e.g. `2026-12-01 08:42:27`: a time the user can act on. */
function clockTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${localDay(date)} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} (local time)`;
}
