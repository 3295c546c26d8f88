import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { localDay } from '../../server/src/core/llm/budget';
import { LlmProvider, type LlmDeps } from '../../server/src/workspace/llm/provider';
import { llmSchema, type LlmSettings } from '../../server/src/shared/settings';
import { MockLlm, type Behaviour } from '../mock-llm/server';
import { poll } from '../poll';
import { documentSource, py } from '../core/helpers';

/**
 * A lying or misbehaving endpoint, through the real `openai` client against the mock: usage it
 * reports, hangs, drips, long Retry-After and bodies that are not chat completions. Each run
 * stays within the limits the user set, and says what happened.
 */

const KEY = 'sk-test-SECRET-faults-0123456789';

const SOURCE = py`
  """Module."""


  def scale(values, factor: float = 2.0) -> list[float]:
      return [v * factor for v in values]
`;

/** gpt-4o-mini's prices, USD per 1M tokens (models.ts). */
const PRICE = { input: 0.15, output: 0.6 };

interface Entry { promptTokens: number; completionTokens: number; usd: number; usageFlag?: string; reportedUsage?: unknown }

describe('LLM provider against a lying or misbehaving endpoint', function () {
  this.timeout(30000);
  let mock: MockLlm;
  let dir: string;

  beforeEach(async () => {
    mock = await MockLlm.start();
    dir = mkdtempSync(path.join(tmpdir(), 'docwright-faults-'));
  });
  afterEach(async () => {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ledgerFile = () => path.join(dir, 'ledger.jsonl');
  const provider = (overrides: Partial<LlmSettings> = {}, deps: Partial<LlmDeps> = {}) => new LlmProvider(
    llmSchema.parse({ provider: 'compatible', model: 'gpt-4o-mini', baseUrl: mock.url, maxRetries: 0, requestsPerMinute: 6000, ...overrides }),
    { apiKey: async () => KEY, cacheDir: path.join(dir, 'cache'), ledgerFile: ledgerFile(), log: () => undefined, run: 'faults', breakerCooldownMs: 60000, ...deps },
  );
  const generate = (p: LlmProvider, source = SOURCE) => documentSource(source, { provider: p, requests: [{ index: 0, action: 'generate' }] });
  const ledger = (): Entry[] => readFileSync(ledgerFile(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Entry);
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const start = Date.now();
    const result = await work();
    return [result, Date.now() - start];
  };

  describe('reported usage', () => {
    const lie = async (usage: unknown) => {
      mock.script({ kind: 'usage', usage });
      const p = provider({ temperature: Math.random() }); // its own cache key: every lie is sent
      const result = await generate(p);
      return { p, result, sent: mock.requests[mock.requests.length - 1]! };
    };

    it('negative usage is no credit: our own count is booked and flagged, and the next run\'s daily budget is exact', async () => {
      const { p, result, sent } = await lie({ prompt_tokens: -100000, completion_tokens: -50000, total_tokens: -150000 });
      assert.match(result.text, /Compute the result from the inputs\./);
      assert.equal(p.stats.promptTokens, sent.promptTokens);
      assert.equal(p.stats.completionTokens, sent.completionTokens);
      assert.equal(p.stats.usageFlagged, 1);
      assert.deepEqual(p.stats.messages, [
        `scale: the endpoint reported impossible usage (prompt_tokens is negative; completion_tokens is negative); Docwright counted its own: ${sent.promptTokens} prompt + ${sent.completionTokens} output tokens`,
      ]);
      const [entry] = ledger();
      assert.equal(entry!.promptTokens, sent.promptTokens);
      assert.equal(entry!.completionTokens, sent.completionTokens);
      assert.equal(entry!.usageFlag, 'prompt_tokens is negative; completion_tokens is negative');
      assert.deepEqual(entry!.reportedUsage, { promptTokens: -100000, completionTokens: -50000 });
      // The next run, 8,000 tokens a day: what is left is the budget less what the lie really cost.
      const spent = sent.promptTokens + sent.completionTokens!;
      const next = provider({ budgetTokensPerDay: 8000 });
      assert.deepEqual(next.spentToday(), { tokens: spent, usd: (sent.promptTokens * PRICE.input + sent.completionTokens! * PRICE.output) / 1e6 });
      assert.equal(next.estimate([]).remaining.tokens, 8000 - spent);
    });

    it('absurd usage (10^12 tokens) is not booked: our count and its price are, flagged in the ledger', async () => {
      const { p, sent } = await lie({ prompt_tokens: 1e12, completion_tokens: 1e12 });
      const usd = (sent.promptTokens * PRICE.input + sent.completionTokens! * PRICE.output) / 1e6;
      assert.equal(p.stats.promptTokens, sent.promptTokens);
      assert.equal(p.stats.completionTokens, sent.completionTokens);
      assert.equal(p.stats.usd, usd);
      const [entry] = ledger();
      assert.equal(entry!.usd, usd);
      assert.match(entry!.usageFlag!, /^prompt_tokens is more than the request could use \(at most \d+\); completion_tokens is more than the request could use \(at most 600\)$/);
      assert.deepEqual(entry!.reportedUsage, { promptTokens: 1e12, completionTokens: 1e12 });
    });

    it('non-integer and non-numeric usage is flagged; a plausible report above our count is believed, one below it is not', async () => {
      const odd = await lie({ prompt_tokens: 12.5, completion_tokens: 'lots' });
      assert.equal(ledger()[0]!.usageFlag, 'prompt_tokens is not an integer; completion_tokens is not a finite number');
      assert.deepEqual(ledger()[0]!.reportedUsage, { promptTokens: 12.5, completionTokens: 'lots' });
      assert.equal(odd.p.stats.promptTokens, odd.sent.promptTokens);

      const high = await lie({ prompt_tokens: mock.requests[0]!.promptTokens + 40, completion_tokens: 7 });
      assert.equal(high.p.stats.promptTokens, high.sent.promptTokens + 40, 'more than ours: the endpoint\'s');
      assert.equal(high.p.stats.completionTokens, high.sent.completionTokens, 'less than ours: ours');
      assert.equal(high.p.stats.usageFlagged, 0);
      assert.equal(ledger()[1]!.usageFlag, undefined);
    });

    it('an old ledger\'s negative and absurd entries neither credit nor use up today\'s budget', async () => {
      const today = localDay(new Date());
      const old = (promptTokens: number, completionTokens: number, usd: number) => JSON.stringify({
        time: new Date().toISOString(), day: today, run: 'old', model: 'gpt-4o-mini', provider: 'compatible', qualname: 'f',
        promptTokens, completionTokens, usd, cached: false, savedTokens: 0, savedUsd: 0,
      });
      writeFileSync(ledgerFile(), `${old(-500000, -500000, -3)}\n${old(1e12, 1e12, 4.5e6)}\n${old(100, 20, 0.000027)}\n`);
      const p = provider({ budgetTokensPerDay: 8000, maxOutputTokens: 200 });
      const cap = 3000 + 200; // maxPromptTokens + maxOutputTokens: the most one request may reserve
      assert.deepEqual(p.spentToday(), { tokens: cap + 120, usd: 4.5e6 * (cap / 2e12) + 0.000027 });
      // Twelve functions against what is left: by the mock's own count of what it received, never more.
      const many = Array.from({ length: 12 }, (_, i) => `def f${i}(a, b):\n    return a + b * ${i}\n`).join('\n\n');
      await documentSource(`"""M."""\n\n\n${many}`, { provider: p, requests: Array.from({ length: 12 }, (_, i) => ({ index: i, action: 'generate' as const })) });
      const received = mock.requests.reduce((n, r) => n + r.promptTokens + (r.maxTokens ?? 0), 0);
      assert.ok(mock.requests.length >= 2, `${mock.requests.length} sent`);
      assert.ok(received <= 8000 - cap - 120, `${received} > ${8000 - cap - 120}`);
      assert.equal(p.stats.skipped, 12 - mock.requests.length);
    });
  });

  describe('time', () => {
    it('a hanging endpoint: each attempt ends at the timeout, and three timeouts open the circuit breaker', async () => {
      mock.script(...Array.from({ length: 5 }, (): Behaviour => ({ kind: 'hang' })));
      const p = provider({ timeoutMs: 1000 });
      for (let i = 0; i < 3; i++) {
        const [result, ms] = await timed(() => generate(p));
        assert.ok(ms >= 950 && ms < 2000, `attempt ${i} took ${ms} ms`);
        assert.match(result.text, /"""TODO: Scale\./);
      }
      assert.equal(p.stats.messages.filter((m) => m === 'scale: the request failed: timed out after 1 s (timeoutMs), waiting for the whole answer; the template wrote it').length, 3);
      const [, ms] = await timed(() => generate(p));
      assert.ok(ms < 500, `${ms} ms while the breaker is open`);
      assert.equal(mock.requests.length, 3, 'nothing sent while the breaker is open');
      assert.match(p.stats.messages[3]!, /stopped calling it for a while; the template wrote it/);
      await poll('every hung request closed', () => (mock.requests.every((r) => r.aborted) ? true : undefined));
    });

    it('the run ends by its deadline, retries or not, and sends nothing after it', async () => {
      mock.script(...Array.from({ length: 10 }, (): Behaviour => ({ kind: 'hang' })));
      const p = provider({ timeoutMs: 1000, maxRetries: 10, runTimeoutMs: 2000 });
      const [result, ms] = await timed(() => generate(p));
      assert.ok(ms >= 1900 && ms < 2800, `the run took ${ms} ms`);
      assert.equal(result.text, SOURCE, 'left alone, not a placeholder');
      assert.deepEqual(result.skipped.map((s) => s.reason), ['skipped: the run\'s time limit of 2 s (runTimeoutMs) was reached']);
      assert.equal(mock.requests.length, 2, 'the first attempt timed out, the retry was cut at the deadline');
      assert.equal(p.stats.retries, 1);
      assert.equal(p.stats.overTime, 1);
      const [again, quick] = await timed(() => generate(p));
      assert.ok(quick < 500, `${quick} ms`);
      assert.equal(again.text, SOURCE);
      assert.equal(mock.requests.length, 2);
      assert.deepEqual(p.stats.messages, ['the run\'s time limit of 2 s (runTimeoutMs) was reached; what was not written yet is left alone (first: scale)']);
      p.beginRun('next');
      await generate(p); // a new run has its own time limit, and ends by it the same way
      assert.equal(mock.requests.length, 4);
      assert.equal(p.stats.overTime, 1);
    });

    it('a slow drip of bytes is cut off at the timeout: it covers the body, not only the headers', async () => {
      mock.script({ kind: 'drip', intervalMs: 50 }); // about 20 s for the whole answer
      const p = provider({ timeoutMs: 1000 });
      const [result, ms] = await timed(() => generate(p));
      assert.ok(ms >= 950 && ms < 2000, `${ms} ms`);
      assert.match(result.text, /"""TODO: Scale\./);
      assert.deepEqual(p.stats.messages, ['scale: the request failed: timed out after 1 s (timeoutMs), waiting for the whole answer; the template wrote it']);
      await poll('the dripping response closed', () => (mock.requests[0]!.aborted ? true : undefined));
    });

    it('Retry-After over the limit ends the request at once, says when to try again, and nothing more is sent', async () => {
      mock.script({ kind: 'status', status: 429, retryAfterSeconds: 3600 });
      const p = provider({ maxRetries: 3 });
      const asked = Date.now();
      const [result, ms] = await timed(() => generate(p));
      assert.ok(ms < 1000, `${ms} ms`);
      assert.equal(result.text, SOURCE);
      const reason = result.skipped[0]!.reason;
      const match = /^skipped: the endpoint asked to wait 3600 s \(Retry-After\), longer than maxRetryAfterMs allows \(60 s\); nothing more is sent to it in this run: try again after (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \(local time\)$/.exec(reason);
      assert.ok(match, reason);
      const when = new Date(match[1]!.replace(' ', 'T')).getTime();
      assert.ok(Math.abs(when - (asked + 3600_000)) < 3000, `${match[1]}`);
      const second = await generate(p);
      assert.equal(second.skipped[0]!.reason, reason);
      assert.equal(mock.requests.length, 1);
      assert.equal(p.stats.deferred, 2);
      assert.equal(p.stats.retries, 0);
    });

    it('a Retry-After within the limit is waited for, and the retry answers', async () => {
      mock.script({ kind: 'status', status: 503, retryAfterSeconds: 1 });
      const p = provider({ maxRetries: 1, maxRetryAfterMs: 1500 });
      const result = await generate(p);
      assert.match(result.text, /Compute the result/);
      assert.ok(mock.requests[1]!.at - mock.requests[0]!.at >= 950);
    });
  });

  describe('answers that are not chat completions', () => {
    for (const [name, body, contentType, what] of [
      ['an HTML page', '<html>\n<body>Bad gateway</body>\n</html>', 'text/html', 'not JSON: `<html> <body>Bad gateway</body> </html>`'],
      ['JSON without choices', '{"object":"error","detail":"quota"}', 'application/json', 'JSON without choices: `{"object":"error","detail":"quota"}`'],
      ['an empty body', '', 'application/json', 'an empty body'],
    ] as const) {
      it(`200 with ${name}: a message about the endpoint, and the template answers`, async () => {
        mock.script({ kind: 'body', body, contentType });
        const p = provider();
        const result = await generate(p);
        assert.match(result.text, /"""TODO: Scale\./);
        assert.deepEqual(p.stats.messages, [`scale: the request failed: the endpoint at ${mock.url} answered 200 with a body that is not a chat completion (${what}); the template wrote it`]);
        assert.equal(p.stats.requests, 0);
      });
    }
  });
});
