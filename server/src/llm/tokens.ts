import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { encodingFor, type Encoding } from './models';

/**
 * Prompt token counts. Exact for OpenAI's encodings (gpt-tokenizer, the same BPE the API
 * uses, and the chat framing OpenAI documents: 3 tokens per message plus 3 to prime the
 * reply). For other models an estimate from characters, calibrated by the `usage` the
 * endpoint reports, with a safety margin so the budget is never crossed by a low guess.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const PER_MESSAGE = 3;
const REPLY_PRIMING = 3;
/** Characters per token for code-heavy English before any calibration: deliberately low. */
const INITIAL_CHARS_PER_TOKEN = 3;
const SAFETY_MARGIN = 1.15;

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
    if (this.encoding === 'o200k_base') return countO200k(text);
    if (this.encoding === 'cl100k_base') return countCl100k(text);
    return Math.ceil(text.length / INITIAL_CHARS_PER_TOKEN);
  }

  /** Tokens the endpoint will count for these messages (for unknown models: an upper estimate). */
  prompt(messages: ChatMessage[]): number {
    let total = REPLY_PRIMING;
    for (const m of messages) total += PER_MESSAGE + this.text(m.role) + this.text(m.content);
    if (this.exact) return Math.ceil(total * Math.max(1, this.ratio));
    return Math.ceil(total * this.ratio * SAFETY_MARGIN);
  }

  /** Learns from what the endpoint actually counted, so later estimates track it. */
  calibrate(messages: ChatMessage[], reportedPromptTokens: number): void {
    let raw = REPLY_PRIMING;
    for (const m of messages) raw += PER_MESSAGE + this.text(m.role) + this.text(m.content);
    if (raw <= 0 || reportedPromptTokens <= 0) return;
    const observed = reportedPromptTokens / raw;
    this.samples++;
    // Keep the largest ratio seen: over-estimating wastes a little budget, under-estimating breaks it.
    this.ratio = this.samples === 1 ? observed : Math.max(this.ratio, observed);
  }
}
