import Bottleneck from 'bottleneck';
import { CircuitState, circuitBreaker, ConsecutiveBreaker, handleWhen, isBrokenCircuitError, type CircuitBreakerPolicy } from 'cockatiel';
import OpenAI, { AzureOpenAI } from 'openai';
import picomatch from 'picomatch';
import { templateModel } from '../../core/docstring/expect';
import type { DocstringModel } from '../../core/docstring/model';
import { TemplateProvider, type DocstringProvider, type DocstringRequest } from '../../core/docstring/provider';
import type { LlmSettings } from '../../shared/settings';
import { apiKeyVariable } from '../../shared/apiKeys';
import { Budget, localDay, spentOn, type Estimate, type LedgerEntry } from '../../core/llm/budget';
import { costUsd, priceFor } from '../../core/llm/models';
import { ANSWER_JSON_SCHEMA, combine, parseAnswer } from '../../core/llm/output';
import { buildPrompt, type Prompt } from '../../core/llm/prompt';
import { AnswerCache, LedgerFile } from './store';
import { TokenCounter } from '../../core/llm/tokens';
import { AttemptTimeout, contentOf, readCompletion, retryDelayMs, RetryLater, RunDeadline } from './http';
import { countUsage, type CountedUsage } from '../../core/llm/usage';
import type { Estimator } from '../../core/documenting/estimate';
import type { LlmStatsSink } from '../../core/stats/figures';
import type { BreakerState } from '../../shared/protocol';

/**
 * Docstrings from an OpenAI-compatible chat endpoint, under a hard budget. Order per request:
 * excluded file → template; cache hit → free; budget reservation (prompt + max output) or a
 * clear skip; rate limits (requests and tokens per minute, concurrency); attempts, each through
 * the circuit breaker (open → template, with a message) and each bounded in time, headers and
 * body together; retries with backoff and jitter, Retry-After honoured up to maxRetryAfterMs;
 * all of it within the run's time limit (runTimeoutMs); the usage checked (usage.ts); the
 * answer parsed and merged with the signature.
 */

// Estimate lives in core (the orchestrator plans with it); the hosts still import it from here.
export type { Estimate };

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
  /** The host's figures (Show Status, --stats): attempts, retries, answer-cache lookups, the breaker's state. */
  stats?: LlmStatsSink;
}

const BREAKER_STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed', [CircuitState.Open]: 'open', [CircuitState.HalfOpen]: 'halfOpen', [CircuitState.Isolated]: 'isolated',
};

export interface RunStats {
  requests: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
  usd: number;
  retries: number;
  skipped: number;
  fallbacks: number;
  /** Left alone because the run's time limit was reached. */
  overTime: number;
  /** Left alone because the endpoint asked to wait longer than maxRetryAfterMs. */
  deferred: number;
  /** Answers whose reported usage was impossible (our count was booked). */
  usageFlagged: number;
  messages: string[];
}

function freshStats(): RunStats {
  return { requests: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0, usd: 0, retries: 0, skipped: 0, fallbacks: 0, overTime: 0, deferred: 0, usageFlagged: 0, messages: [] };
}

export class LlmProvider implements DocstringProvider, Estimator {
  readonly id: string;
  readonly stats: RunStats = freshStats();
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
  /** When the run's time limit is reached (ms since the epoch). */
  private deadline: number;
  /** Until when the endpoint asked not to be called (a Retry-After over the limit). */
  private retryLater: RetryLater | undefined;
  /** Messages said once per run (the first of many alike). */
  private readonly said = new Set<string>();

  constructor(private readonly settings: LlmSettings, private readonly deps: LlmDeps) {
    this.id = `${settings.provider}:${settings.model}`;
    this.run = deps.run;
    this.counter = new TokenCounter(settings.model);
    this.cache = new AnswerCache(deps.cacheDir, settings.cacheMaxMb * 1024 * 1024);
    this.ledger = new LedgerFile(deps.ledgerFile);
    this.budget = this.freshBudget();
    this.deadline = this.now().getTime() + settings.runTimeoutMs;
    // Open after 3 consecutive failed attempts (timeouts included; cancelling and our own deadline are not failures); probe after the cool-down.
    this.breaker = circuitBreaker(handleWhen((error) => !isAbort(error) && !(error instanceof RunDeadline)), {
      halfOpenAfter: deps.breakerCooldownMs ?? 30_000,
      breaker: new ConsecutiveBreaker(3),
    });
    deps.stats?.breaker('closed');
    this.breaker.onStateChange((state) => deps.stats?.breaker(BREAKER_STATES[state]));
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
    this.deadline = this.now().getTime() + this.settings.runTimeoutMs;
    this.said.clear();
    Object.assign(this.stats, freshStats());
  }

  /** Tokens and USD spent today, by the ledger; no entry counts more than one request may now reserve. */
  spentToday(): { tokens: number; usd: number } {
    return spentOn(this.ledger.read(), localDay(this.now()), this.settings.maxPromptTokens + this.settings.maxOutputTokens);
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
    this.deps.stats?.answerCache(cached !== undefined);
    if (cached !== undefined) return this.fromCache(request, cached);
    if (signal?.aborted) return new Error('cancelled');
    const unsendable = this.unsendable(request);
    if (unsendable) return unsendable;
    const reservation = this.budget.reserve(prompt.tokens, this.settings.maxOutputTokens);
    if (!reservation.ok) {
      this.stats.skipped++;
      this.note(`${request.qualname}: skipped, ${reservation.reason}`);
      return new Error(`skipped: ${reservation.reason}`);
    }
    let settled = false;
    try {
      const weight = Math.min(prompt.tokens + this.settings.maxOutputTokens, this.settings.tokensPerMinute);
      const { completion, body } = await this.bounded(this.tokenBucket.schedule({ weight }, () => this.pacer.schedule(() => this.sendWithRetries(prompt, signal))), signal);
      const text = contentOf(completion);
      const usage = this.count(request, completion.usage, prompt, body, text);
      const spent = this.budget.settle(reservation.id, usage.promptTokens, usage.completionTokens);
      settled = true;
      this.stats.requests++;
      this.stats.promptTokens += usage.promptTokens;
      this.stats.completionTokens += usage.completionTokens;
      this.stats.usd += spent.usd;
      this.record(request, usage.promptTokens, usage.completionTokens, spent.usd, false, 0, 0, usage);
      const answer = parseAnswer(text);
      if (answer instanceof Error) return fallback(answer.message);
      this.cache.set(key, JSON.stringify({ text, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, usd: spent.usd }));
      return combine(answer, request.expected, request.existing, request.mode === 'regenerate');
    } catch (error) {
      if (error instanceof RunDeadline) return this.leftAlone(request, 'overTime', error);
      if (error instanceof RetryLater) return this.leftAlone(request, 'deferred', error);
      if (isAbort(error) || signal?.aborted) return new Error('cancelled');
      if (isBrokenCircuitError(error)) return fallback('the endpoint kept failing, so Docwright stopped calling it for a while');
      return fallback(`the request failed: ${this.redact(messageOf(error))}`);
    } finally {
      if (!settled) this.budget.release(reservation.id);
    }
  }

  /** Before anything is reserved or queued: past the run's deadline, or while the endpoint asked to wait, nothing is sent. */
  private unsendable(request: DocstringRequest): Error | undefined {
    if (this.now().getTime() >= this.deadline) return this.leftAlone(request, 'overTime', new RunDeadline(this.settings.runTimeoutMs));
    if (this.retryLater && this.now() < this.retryLater.until) return this.leftAlone(request, 'deferred', this.retryLater);
    return undefined;
  }

  /** A request not sent (or cut short) by the run's time limit or the endpoint's Retry-After: left alone, said once. */
  private leftAlone(request: DocstringRequest, why: 'overTime' | 'deferred', error: Error): Error {
    this.stats[why]++;
    if (!this.said.has(why)) {
      this.said.add(why);
      this.note(`${error.message}; what was not written yet is left alone (first: ${request.qualname})`);
    }
    return new Error(`skipped: ${error.message}`);
  }

  /**
   * What a request is booked at: the larger of our count and the endpoint's, which is checked
   * first (a lie is flagged, said once per run, and counted in the summary).
   */
  private count(request: DocstringRequest, reported: unknown, prompt: Prompt, body: ChatBody, text: string): CountedUsage {
    const usage = countUsage(reported, {
      prompt: prompt.likely,
      promptBound: this.counter.upperBound(prompt.messages) + Buffer.byteLength(JSON.stringify(body.response_format ?? {})),
      completion: this.counter.completion(text),
      maxCompletion: this.settings.maxOutputTokens,
    });
    const reportedPrompt = (reported as { prompt_tokens?: unknown } | undefined)?.prompt_tokens;
    if (usage.flag) {
      this.stats.usageFlagged++;
      if (!this.said.has('usage')) {
        this.said.add('usage');
        this.note(`${request.qualname}: the endpoint reported impossible usage (${usage.flag}); Docwright counted its own: `
          + `${usage.promptTokens} prompt + ${usage.completionTokens} output tokens`);
      }
    } else if (typeof reportedPrompt === 'number' && reportedPrompt > 0) this.counter.calibrate(prompt.messages, reportedPrompt);
    return usage;
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

  private body(prompt: Prompt): ChatBody {
    const s = this.settings;
    return {
      model: s.provider === 'azure' ? s.azureDeployment || s.model : s.model,
      messages: prompt.messages,
      temperature: s.temperature,
      ...(s.provider === 'compatible'
        ? { max_tokens: s.maxOutputTokens, response_format: { type: 'json_object' } }
        : { max_completion_tokens: s.maxOutputTokens, response_format: { type: 'json_schema', json_schema: ANSWER_JSON_SCHEMA as unknown as OpenAI.ResponseFormatJSONSchema['json_schema'] } }),
    };
  }

  /** Attempts until one answers, a failure is not worth retrying, the retries run out, or the run's time is up. */
  private async sendWithRetries(prompt: Prompt, signal: AbortSignal | undefined): Promise<{ completion: OpenAI.Chat.Completions.ChatCompletion; body: ChatBody }> {
    const client = await this.clientFor();
    const body = this.body(prompt);
    for (let attempt = 0; ; attempt++) {
      this.checkSendable(signal);
      try {
        const completion = await this.breaker.execute(() => {
          if (attempt > 0) { // a retry that the open breaker stops is not one
            this.stats.retries++;
            this.deps.stats?.retry();
          }
          return this.timedAttempt(client, body, signal);
        }, signal);
        return { completion, body };
      } catch (error) {
        let wait: number | undefined;
        try {
          wait = retryDelayMs(error, attempt, this.settings.maxRetryAfterMs, this.now().getTime());
        } catch (later) {
          if (later instanceof RetryLater) this.retryLater = later;
          throw later;
        }
        if (wait === undefined || attempt >= this.settings.maxRetries || signal?.aborted) throw error;
        await this.sleep(wait, signal);
      }
    }
  }

  /** Throws when nothing may be sent now: cancelled, the run's time is up, or the endpoint asked to wait. */
  private checkSendable(signal: AbortSignal | undefined): void {
    if (signal?.aborted) throw abortError();
    if (this.now().getTime() >= this.deadline) throw new RunDeadline(this.settings.runTimeoutMs);
    if (this.retryLater && this.now() < this.retryLater.until) throw this.retryLater;
  }

  /** An attempt, its duration and outcome told to the host's figures. */
  private async timedAttempt(client: OpenAI, body: ChatBody, signal: AbortSignal | undefined): Promise<OpenAI.Chat.Completions.ChatCompletion> {
    const start = performance.now();
    try {
      const completion = await this.attempt(client, body, signal);
      this.deps.stats?.attempt(performance.now() - start, true);
      return completion;
    } catch (error) {
      // A cancelled attempt says nothing of the endpoint.
      if (!isAbort(error)) this.deps.stats?.attempt(performance.now() - start, false);
      throw error;
    }
  }

  /**
   * One HTTP attempt, bounded by one timer over the whole exchange (the SDK's own timeout stops
   * at the headers, so a slow drip of body bytes would go on for as long as the endpoint likes),
   * and by the run's deadline.
   */
  private async attempt(client: OpenAI, body: ChatBody, signal: AbortSignal | undefined): Promise<OpenAI.Chat.Completions.ChatCompletion> {
    const s = this.settings;
    const left = this.deadline - this.now().getTime();
    if (left <= 0) throw new RunDeadline(s.runTimeoutMs);
    const controller = new AbortController();
    let cause: AttemptTimeout | RunDeadline | undefined;
    const timer = setTimeout(() => {
      cause = left < s.timeoutMs ? new RunDeadline(s.runTimeoutMs) : new AttemptTimeout(s.timeoutMs);
      controller.abort(cause);
    }, Math.min(s.timeoutMs, left));
    const cancel = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      const response = await client.chat.completions.create(body, { signal: controller.signal }).asResponse();
      return await readCompletion(response, client.baseURL);
    } catch (error) {
      throw cause ?? error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
    }
  }

  /** Waits between attempts; a wait that would end after the run's deadline ends the request now. */
  private sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.now().getTime() + ms >= this.deadline) return Promise.reject(new RunDeadline(this.settings.runTimeoutMs));
    return new Promise((resolve, reject) => {
      const cancel = () => { clearTimeout(timer); reject(abortError()); };
      const timer = setTimeout(() => { signal?.removeEventListener('abort', cancel); resolve(); }, ms);
      signal?.addEventListener('abort', cancel, { once: true });
    });
  }

  /**
   * Waiting in the rate limiters' queues counts against the run's time too, and ends when the
   * run is cancelled (the queued job then finds nothing to send).
   */
  private bounded<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let cancel: (() => void) | undefined;
    const ended = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RunDeadline(this.settings.runTimeoutMs)), Math.max(0, this.deadline - this.now().getTime()));
      cancel = () => reject(abortError());
      signal?.addEventListener('abort', cancel, { once: true });
    });
    return Promise.race([work, ended]).finally(() => {
      clearTimeout(timer);
      if (cancel) signal?.removeEventListener('abort', cancel);
    });
  }

  private async clientFor(): Promise<OpenAI> {
    if (this.client) return this.client;
    const s = this.settings;
    const key = await this.deps.apiKey();
    if (!key && s.provider !== 'compatible') {
      throw new Error(`no API key: run "Docwright: Set API Key" or set ${apiKeyVariable(s.provider)}`);
    }
    this.key = key;
    // Retries are ours (sendWithRetries), and so is the timeout; the SDK's is a backstop that never fires first.
    const common = { apiKey: key || 'none', timeout: s.timeoutMs + 5000, maxRetries: 0 };
    this.client = s.provider === 'azure'
      ? new AzureOpenAI({ ...common, endpoint: s.azureEndpoint, deployment: s.azureDeployment, apiVersion: s.azureApiVersion })
      : new OpenAI({ ...common, ...(s.baseUrl ? { baseURL: s.baseUrl } : {}) });
    return this.client;
  }

  private record(request: DocstringRequest, promptTokens: number, completionTokens: number, usd: number, cached: boolean, savedTokens = 0, savedUsd = 0, usage?: CountedUsage): void {
    const now = this.now();
    const entry: LedgerEntry = {
      time: now.toISOString(), day: localDay(now), run: this.run, model: this.settings.model, provider: this.settings.provider,
      qualname: request.qualname, promptTokens, completionTokens, usd, cached, savedTokens, savedUsd,
      ...(usage?.flag ? { usageFlag: usage.flag, reportedUsage: usage.reported! } : {}),
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

type ChatBody = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

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
