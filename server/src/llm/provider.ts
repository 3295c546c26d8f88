import Bottleneck from 'bottleneck';
import { circuitBreaker, ConsecutiveBreaker, handleWhen, isBrokenCircuitError, type CircuitBreakerPolicy } from 'cockatiel';
import OpenAI, { AzureOpenAI } from 'openai';
import picomatch from 'picomatch';
import { templateModel } from '../docstring/expect';
import type { DocstringModel } from '../docstring/model';
import { TemplateProvider, type DocstringProvider, type DocstringRequest } from '../docstring/provider';
import type { LlmSettings } from '../settings';
import { Budget, localDay, spentOn, type LedgerEntry } from './budget';
import { costUsd, priceFor } from './models';
import { ANSWER_JSON_SCHEMA, combine, parseAnswer } from './output';
import { buildPrompt, type Prompt } from './prompt';
import { AnswerCache, LedgerFile } from './store';
import { TokenCounter } from './tokens';

/**
 * Docstrings from an OpenAI-compatible chat endpoint, under a hard budget. Order per request:
 * excluded file → template; cache hit → free; budget reservation (prompt + max output) or a
 * clear skip; rate limits (requests and tokens per minute, concurrency); the circuit breaker
 * (open → template, with a message); the SDK's request with its retries (backoff with jitter,
 * Retry-After honoured) and timeout; the answer parsed and merged with the signature.
 */

export interface LlmDeps {
  /** Asked when a request is about to be sent; undefined when there is none. */
  apiKey: () => Promise<string | undefined>;
  cacheDir: string;
  ledgerFile: string;
  log: (message: string) => void;
  /** Names the run in the ledger. */
  run: string;
  now?: () => Date;
  /** Exclude globs match paths relative to this directory (and absolute paths). */
  root?: string;
  /** Breaker cool-down, ms (tests shorten it). */
  breakerCooldownMs?: number;
}

export interface RunStats {
  requests: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
  usd: number;
  retries: number;
  skipped: number;
  fallbacks: number;
  messages: string[];
}

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

export class LlmProvider implements DocstringProvider {
  readonly id: string;
  readonly stats: RunStats = { requests: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0, usd: 0, retries: 0, skipped: 0, fallbacks: 0, messages: [] };
  private readonly counter: TokenCounter;
  private run: string;
  private readonly template = new TemplateProvider();
  private readonly cache: AnswerCache;
  private readonly ledger: LedgerFile;
  private budget: Budget;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly pacer: Bottleneck;
  private readonly tokenBucket: Bottleneck;
  private readonly excluded: (path: string) => boolean;
  private client: OpenAI | undefined;
  private key: string | undefined;
  private attempts = 0;

  constructor(private readonly settings: LlmSettings, private readonly deps: LlmDeps) {
    this.id = `${settings.provider}:${settings.model}`;
    this.run = deps.run;
    this.counter = new TokenCounter(settings.model);
    this.cache = new AnswerCache(deps.cacheDir, settings.cacheMaxMb * 1024 * 1024);
    this.ledger = new LedgerFile(deps.ledgerFile);
    this.budget = this.freshBudget();
    // Open after 3 consecutive failed requests (each already retried by the SDK); probe after the cool-down.
    this.breaker = circuitBreaker(handleWhen((error) => !isAbort(error)), {
      halfOpenAfter: deps.breakerCooldownMs ?? 30_000,
      breaker: new ConsecutiveBreaker(3),
    });
    this.pacer = new Bottleneck({ maxConcurrent: settings.concurrency, minTime: Math.ceil(60_000 / settings.requestsPerMinute) });
    this.tokenBucket = new Bottleneck({
      reservoir: settings.tokensPerMinute, reservoirRefreshAmount: settings.tokensPerMinute, reservoirRefreshInterval: 60_000,
    });
    const matcher = settings.exclude.length ? picomatch(settings.exclude, { dot: true }) : undefined;
    const root = (deps.root ?? process.cwd()).replace(/\\/g, '/').replace(/\/?$/, '/');
    this.excluded = matcher
      ? (file) => { const p = file.replace(/\\/g, '/'); return matcher(p) || matcher(p.startsWith(root) ? p.slice(root.length) : p) || matcher(p.split('/').pop()!); }
      : () => false;
  }

  /**
   * Starts a new run (one editor action, one CLI command): the per-run budget starts again,
   * the day's spend is re-read from the ledger; the breaker and rate limits carry over.
   */
  beginRun(run: string): void {
    this.run = run;
    this.budget = this.freshBudget();
    Object.assign(this.stats, { requests: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0, usd: 0, retries: 0, skipped: 0, fallbacks: 0, messages: [] });
  }

  /** Tokens and USD spent today, by the ledger. */
  spentToday(): { tokens: number; usd: number } {
    return spentOn(this.ledger.read(), localDay(this.now()));
  }

  private freshBudget(): Budget {
    const s = this.settings;
    return new Budget(
      { runTokens: s.budgetTokensPerRun, dayTokens: s.budgetTokensPerDay, runUsd: s.budgetUsdPerRun, dayUsd: s.budgetUsdPerDay },
      this.spentToday(),
      priceFor(s.model, s.prices),
    );
  }

  clearCache(): number {
    return this.cache.clear();
  }

  /** What a run would send and cost, sending nothing. */
  estimate(requests: DocstringRequest[]): Estimate {
    let promptTokens = 0;
    let maxTokens = 0;
    let cacheHits = 0;
    let sent = 0;
    const price = priceFor(this.settings.model, this.settings.prices);
    for (const request of requests) {
      if (this.excluded(request.path)) continue;
      const prompt = this.prompt(request);
      if (this.cache.get(this.cacheKey(request, prompt)) !== undefined) { cacheHits++; continue; }
      sent++;
      promptTokens += prompt.likely;
      maxTokens += prompt.tokens + this.settings.maxOutputTokens;
    }
    const remaining = this.budget.remaining();
    const usd = costUsd(price, maxTokens - sent * this.settings.maxOutputTokens, sent * this.settings.maxOutputTokens);
    return { functions: requests.length, promptTokens, maxTokens, usd, cacheHits, requests: sent, remaining, fits: maxTokens <= remaining.tokens && usd <= remaining.usd + 1e-12 };
  }

  async provide(requests: DocstringRequest[], signal?: AbortSignal): Promise<(DocstringModel | Error)[]> {
    return Promise.all(requests.map((r) => this.provideOne(r, signal)));
  }

  private async provideOne(request: DocstringRequest, signal?: AbortSignal): Promise<DocstringModel | Error> {
    const fallback = (why: string) => {
      this.stats.fallbacks++;
      this.note(`${request.qualname}: ${why}; the template wrote it`);
      return this.template.provideOne(request);
    };
    if (this.excluded(request.path)) return fallback('its file matches docwright.llm.exclude, so its code was not sent');
    const prompt = this.prompt(request);
    const key = this.cacheKey(request, prompt);
    const cached = this.cache.get(key);
    if (cached !== undefined) return this.fromCache(request, cached);
    if (signal?.aborted) return new Error('cancelled');
    const reservation = this.budget.reserve(prompt.tokens, this.settings.maxOutputTokens);
    if (!reservation.ok) {
      this.stats.skipped++;
      this.note(`${request.qualname}: skipped, ${reservation.reason}`);
      return new Error(`skipped: ${reservation.reason}`);
    }
    let settled = false;
    try {
      const weight = Math.min(prompt.tokens + this.settings.maxOutputTokens, this.settings.tokensPerMinute);
      const completion = await this.tokenBucket.schedule({ weight }, () => this.pacer.schedule(() => {
        if (signal?.aborted) throw abortError();
        return this.breaker.execute(() => this.send(prompt, signal), signal);
      }));
      const usage = completion.usage;
      const promptTokens = usage?.prompt_tokens ?? prompt.tokens;
      const completionTokens = usage?.completion_tokens ?? this.settings.maxOutputTokens;
      if (usage?.prompt_tokens) this.counter.calibrate(prompt.messages, usage.prompt_tokens);
      const spent = this.budget.settle(reservation.id, promptTokens, completionTokens);
      settled = true;
      this.stats.requests++;
      this.stats.promptTokens += promptTokens;
      this.stats.completionTokens += completionTokens;
      this.stats.usd += spent.usd;
      const text = completion.choices[0]?.message?.content ?? '';
      this.record(request, promptTokens, completionTokens, spent.usd, false);
      const answer = parseAnswer(text);
      if (answer instanceof Error) return fallback(answer.message);
      this.cache.set(key, JSON.stringify({ text, promptTokens, completionTokens, usd: spent.usd }));
      return combine(answer, request.expected, request.existing, request.mode === 'regenerate');
    } catch (error) {
      if (isAbort(error) || signal?.aborted) return new Error('cancelled');
      if (isBrokenCircuitError(error)) return fallback('the endpoint kept failing, so Docwright stopped calling it for a while');
      return fallback(`the request failed: ${this.redact(messageOf(error))}`);
    } finally {
      if (!settled) this.budget.release(reservation.id);
    }
  }

  private fromCache(request: DocstringRequest, cached: string): DocstringModel {
    const entry = JSON.parse(cached) as { text: string; promptTokens: number; completionTokens: number; usd: number };
    this.stats.cacheHits++;
    this.record(request, 0, 0, 0, true, entry.promptTokens + entry.completionTokens, entry.usd);
    const answer = parseAnswer(entry.text);
    return answer instanceof Error ? templateModel(request.expected) : combine(answer, request.expected, request.existing, request.mode === 'regenerate');
  }

  private prompt(request: DocstringRequest): Prompt {
    return buildPrompt({
      qualname: request.qualname, source: request.source, expected: request.expected, style: request.style,
      context: request.context ?? { imports: [], callees: [] },
    }, this.counter, this.settings.maxPromptTokens);
  }

  private cacheKey(request: DocstringRequest, prompt: Prompt): string {
    const s = this.settings;
    return AnswerCache.key({
      v: 1, provider: s.provider, model: s.model, baseUrl: s.baseUrl, deployment: s.azureDeployment,
      temperature: s.temperature, maxOutputTokens: s.maxOutputTokens, style: request.style, messages: prompt.messages,
    });
  }

  private async send(prompt: Prompt, signal: AbortSignal | undefined): Promise<OpenAI.Chat.Completions.ChatCompletion> {
    const client = await this.clientFor();
    const s = this.settings;
    const body: OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming = {
      model: s.provider === 'azure' ? s.azureDeployment || s.model : s.model,
      messages: prompt.messages,
      temperature: s.temperature,
      ...(s.provider === 'compatible'
        ? { max_tokens: s.maxOutputTokens, response_format: { type: 'json_object' } }
        : { max_completion_tokens: s.maxOutputTokens, response_format: { type: 'json_schema', json_schema: ANSWER_JSON_SCHEMA as unknown as OpenAI.ResponseFormatJSONSchema['json_schema'] } }),
    };
    const before = this.attempts;
    try {
      return await client.chat.completions.create(body, signal ? { signal } : {});
    } finally {
      this.stats.retries += Math.max(0, this.attempts - before - 1);
    }
  }

  private async clientFor(): Promise<OpenAI> {
    if (this.client) return this.client;
    const s = this.settings;
    const key = await this.deps.apiKey();
    if (!key && s.provider !== 'compatible') {
      throw new Error(`no API key: run "Docwright: Set API Key" or set ${s.provider === 'azure' ? 'AZURE_OPENAI_API_KEY' : 'OPENAI_API_KEY'}`);
    }
    this.key = key;
    // Counting fetches tells how many retries the SDK made.
    const counting: typeof fetch = (input, init) => { this.attempts++; return fetch(input, init); };
    const common = { apiKey: key || 'none', timeout: s.timeoutMs, maxRetries: s.maxRetries, fetch: counting };
    this.client = s.provider === 'azure'
      ? new AzureOpenAI({ ...common, endpoint: s.azureEndpoint, deployment: s.azureDeployment, apiVersion: s.azureApiVersion })
      : new OpenAI({ ...common, ...(s.baseUrl ? { baseURL: s.baseUrl } : {}) });
    return this.client;
  }

  private record(request: DocstringRequest, promptTokens: number, completionTokens: number, usd: number, cached: boolean, savedTokens = 0, savedUsd = 0): void {
    const now = this.now();
    const entry: LedgerEntry = {
      time: now.toISOString(), day: localDay(now), run: this.run, model: this.settings.model, provider: this.settings.provider,
      qualname: request.qualname, promptTokens, completionTokens, usd, cached, savedTokens, savedUsd,
    };
    try { this.ledger.append(entry); } catch (error) { this.deps.log(`cannot write the usage ledger: ${messageOf(error)}`); }
  }

  private note(message: string): void {
    const safe = this.redact(message);
    this.stats.messages.push(safe);
    this.deps.log(safe);
  }

  /** Invariant 5: whatever an error says, the key is not repeated. */
  private redact(text: string): string {
    return this.key && this.key.length >= 4 ? text.split(this.key).join('[redacted]') : text;
  }

  private now(): Date {
    return this.deps.now ? this.deps.now() : new Date();
  }

  dispose(): void {
    void this.pacer.stop({ dropWaitingJobs: true });
    void this.tokenBucket.stop({ dropWaitingJobs: true });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'APIUserAbortError' || /aborted/i.test(error.message));
}

function abortError(): Error {
  const error = new Error('aborted');
  error.name = 'AbortError';
  return error;
}
