/**
 * What we know about models: their tokenizer encoding and price. Pure data; prices are USD per
 * million tokens as OpenAI listed them, and every one can be overridden in settings.
 */

export type Encoding = 'o200k_base' | 'cl100k_base';

export interface Price {
  /** USD per 1M prompt tokens. */
  input: number;
  /** USD per 1M completion tokens. */
  output: number;
}

const PRICES: Record<string, Price> = {
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'o3-mini': { input: 1.1, output: 4.4 },
  'o3': { input: 2, output: 8 },
  'gpt-4-turbo': { input: 10, output: 30 },
  'gpt-4': { input: 30, output: 60 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
};

/** The tokenizer a model uses, or undefined for models we cannot count exactly. */
export function encodingFor(model: string): Encoding | undefined {
  const name = baseName(model);
  if (/^(gpt-5|gpt-4\.1|gpt-4o|o1|o3|o4|chatgpt-4o)/.test(name)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5)/.test(name)) return 'cl100k_base';
  return undefined;
}

/** Price of a model: settings first, then the table (longest matching name), else undefined. */
export function priceFor(model: string, overrides: Record<string, Price> = {}): Price | undefined {
  if (overrides[model]) return overrides[model];
  const name = baseName(model);
  const known = Object.keys(PRICES).filter((k) => name === k || name.startsWith(`${k}-`)).sort((a, b) => b.length - a.length)[0];
  return known ? PRICES[known] : undefined;
}

/** `openai/gpt-4o-mini-2024-07-18` → `gpt-4o-mini-2024-07-18`. */
function baseName(model: string): string {
  return model.trim().toLowerCase().split('/').pop()!;
}

export function costUsd(price: Price | undefined, promptTokens: number, completionTokens: number): number {
  if (!price) return 0;
  return (promptTokens * price.input + completionTokens * price.output) / 1e6;
}
