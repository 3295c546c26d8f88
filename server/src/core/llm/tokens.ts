import { encodingFor, type Encoding } from './models';

type Encodings = typeof import('./encodings');
let encodings: Encodings | undefined;
/** Loaded on the first count; see encodings.ts for why it is a separate file. */
function loadEncodings(): Encodings {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  encodings ??= require('./encodings') as Encodings;
  return encodings;
}

/**
 * Prompt token counts. Exact for OpenAI's encodings (gpt-tokenizer, the same BPE the API
 * uses, and the chat framing OpenAI documents: 3 tokens per message plus 3 to prime the
 * reply). For other models two numbers: `prompt()` is an upper bound the budget can trust
 * (every token of a byte-level or byte-fallback tokenizer covers at least one UTF-8 byte,
 * plus a generous chat-template allowance), and `estimate()` is the likely count, calibrated
 * by the `usage.prompt_tokens` the endpoint reports, shown to the user. On the stdlib the
 * likely count drifts up to ~3× from prompt to prompt, so no calibrated guess can be a bound.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const PER_MESSAGE = 3;
const REPLY_PRIMING = 3;
/** Characters per token for code-heavy English before any calibration: deliberately low. */
const INITIAL_CHARS_PER_TOKEN = 3;
/** Chat-template tokens an unknown model may add per message, and once. */
const TEMPLATE_PER_MESSAGE = 10;
const TEMPLATE_ONCE = 20;
// TextEncoder, not Buffer: core runs on web standards only. A lone surrogate counts 3 bytes (U+FFFD) in both.
const UTF8 = new TextEncoder();
const utf8Bytes = (text: string) => UTF8.encode(text).byteLength;

export class TokenCounter {
  private readonly encoding: Encoding | undefined;
  /** Observed prompt tokens / our count, from the endpoint's usage. */
  private ratio = 1;
  private samples = 0;

  constructor(readonly model: string) {
    this.encoding = encodingFor(model);
  }

  get exact(): boolean {
    return this.encoding !== undefined;
  }

  text(text: string): number {
    if (this.encoding === 'o200k_base') return loadEncodings().countO200k(text);
    if (this.encoding === 'cl100k_base') return loadEncodings().countCl100k(text);
    return Math.ceil(text.length / INITIAL_CHARS_PER_TOKEN);
  }

  /** Tokens the endpoint will count, exactly (OpenAI encodings) or at most (other models). */
  prompt(messages: ChatMessage[]): number {
    if (!this.exact) return this.upperBound(messages);
    // An endpoint may count a little more than the text (hidden schema tokens): learnt, never less.
    return Math.ceil(this.raw(messages) * Math.max(1, this.ratio));
  }

  /**
   * The most tokens any tokenizer can make of these messages: a byte-level or byte-fallback
   * token covers at least one UTF-8 byte, plus a generous chat-template allowance.
   */
  upperBound(messages: ChatMessage[]): number {
    return messages.reduce((n, m) => n + TEMPLATE_PER_MESSAGE + utf8Bytes(m.role) + utf8Bytes(m.content), TEMPLATE_ONCE);
  }

  /** Our count of an answer's text: exact for OpenAI encodings, else the likely count. */
  completion(text: string): number {
    return this.exact ? this.text(text) : Math.ceil(this.text(text) * this.ratio);
  }

  /** The likely count, for estimates shown to the user. */
  estimate(messages: ChatMessage[]): number {
    return this.exact ? this.prompt(messages) : Math.ceil(this.raw(messages) * this.ratio);
  }

  private raw(messages: ChatMessage[]): number {
    let total = REPLY_PRIMING;
    for (const m of messages) total += PER_MESSAGE + this.text(m.role) + this.text(m.content);
    return total;
  }

  /** Learns from what the endpoint actually counted, so later estimates track it. */
  calibrate(messages: ChatMessage[], reportedPromptTokens: number): void {
    const raw = this.raw(messages);
    if (raw <= 0 || reportedPromptTokens <= 0) return;
    // One report, however odd, moves the likely count at most fourfold either way.
    const observed = Math.min(4, Math.max(0.25, reportedPromptTokens / raw));
    this.samples++;
    if (this.exact) this.ratio = Math.max(this.ratio, observed);
    else this.ratio = this.ratio + (observed - this.ratio) / this.samples; // running mean: a likely count, not a bound
  }
}
