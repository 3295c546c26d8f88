import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LlmProvider, type LlmDeps } from '../../server/src/workspace/llm/provider';
import { LlmStats } from '../../server/src/core/stats/figures';
import { llmSchema, type LlmSettings } from '../../server/src/shared/settings';
import { MockLlm } from '../mock-llm/server';
import { documentSource, py } from '../core/helpers';

/** The LLM provider through the real `openai` client against our mock endpoint. */

const KEY = 'sk-test-SECRET-0123456789abcdef';

const SOURCE = py`
  """Module."""


  def scale(values, factor: float = 2.0) -> list[float]:
      if factor < 0:
          raise ValueError(factor)
      return [v * factor for v in values]
`;

describe('LLM provider against the mock endpoint', function () {
  this.timeout(30000);
  let mock: MockLlm;
  let dir: string;
  const logs: string[] = [];

  beforeEach(async () => {
    mock = await MockLlm.start();
    dir = mkdtempSync(path.join(tmpdir(), 'docwright-llm-'));
    logs.length = 0;
  });
  afterEach(async () => {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const provider = (overrides: Partial<LlmSettings> = {}, deps: Partial<LlmDeps> = {}) => new LlmProvider(
    llmSchema.parse({ provider: 'compatible', model: 'gpt-4o-mini', baseUrl: mock.url, maxRetries: 0, requestsPerMinute: 6000, ...overrides }),
    { apiKey: async () => KEY, cacheDir: path.join(dir, 'cache'), ledgerFile: path.join(dir, 'ledger.jsonl'), log: (m) => logs.push(m), run: 'test-run', breakerCooldownMs: 300, ...deps },
  );
  const generate = (p: LlmProvider, source = SOURCE) => documentSource(source, { provider: p, requests: [{ index: 0, action: 'generate' }] });

  it('writes the model\'s text into our format, merged with the signature; prompt tokens counted exactly', async () => {
    const p = provider();
    const result = await generate(p);
    assert.match(result.text, /def scale\(values, factor: float = 2\.0\) -> list\[float\]:\n {4}"""Compute the result from the inputs\.\n\n {4}Written by the mock model\.\n\n {4}Args:\n {8}values: The values to use\.\n {8}factor \(float\): The factor to use\. Defaults to `2\.0`\.\n\n {4}Returns:\n {8}list\[float\]: The computed result\.\n\n {4}Raises:\n {8}ValueError: If the input is not acceptable\.\n {4}"""/);
    assert.equal(mock.requests.length, 1);
    const estimate = p.estimate([]); // nothing asked
    assert.equal(estimate.requests, 0);
    assert.equal(p.stats.promptTokens, mock.requests[0]!.promptTokens, 'usage is the mock\'s own count');
    assert.equal(mock.requests[0]!.maxTokens, 600);
    assert.equal(mock.requests[0]!.hadAuthorization, true);
    const ledger = readFileSync(path.join(dir, 'ledger.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(ledger.length, 1);
    assert.equal(ledger[0].promptTokens, mock.requests[0]!.promptTokens);
    assert.equal(ledger[0].cached, false);
  });

  it('our prompt-token count equals the mock\'s independent count (exact for OpenAI encodings)', async () => {
    const p = provider();
    const [request] = await requestsFor(SOURCE);
    const estimate = p.estimate([request!]);
    await generate(p);
    assert.equal(estimate.promptTokens, mock.requests[0]!.promptTokens);
  });

  it('a cache hit sends nothing and costs nothing', async () => {
    await generate(provider());
    const second = provider();
    const result = await generate(second);
    assert.equal(mock.requests.length, 1, 'no second request');
    assert.equal(second.stats.cacheHits, 1);
    assert.equal(second.stats.promptTokens, 0);
    assert.match(result.text, /Compute the result from the inputs\./);
    const ledger = readFileSync(path.join(dir, 'ledger.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(ledger.map((e) => [e.cached, e.promptTokens]), [[false, mock.requests[0]!.promptTokens], [true, 0]]);
  });

  it('the budget is never crossed: by the mock\'s own count of what it received', async () => {
    const many = Array.from({ length: 12 }, (_, i) => `def f${i}(a, b):\n    return a + b * ${i}\n`).join('\n\n');
    const budget = 2500;
    const p = provider({ budgetTokensPerRun: budget, maxOutputTokens: 200 });
    const result = await documentSource(`"""M."""\n\n\n${many}`, { provider: p, requests: Array.from({ length: 12 }, (_, i) => ({ index: i, action: 'generate' as const })) });
    const received = mock.requests.reduce((n, r) => n + r.promptTokens + (r.maxTokens ?? 0), 0);
    assert.ok(received <= budget, `${received} > ${budget}`);
    assert.ok(mock.requests.length >= 2 && mock.requests.length < 12, `${mock.requests.length} sent`);
    assert.equal(p.stats.skipped, 12 - mock.requests.length);
    assert.equal(result.skipped.length, p.stats.skipped);
    assert.match(result.skipped[0]!.reason, /over budget: needs up to \d+ tokens for this run, \d+ left of 2500/);
  });

  it('for a model whose tokenizer we lack, the budget reserves an upper bound and still holds', async () => {
    const many = Array.from({ length: 8 }, (_, i) => `def g${i}(text: str) -> str:\n    return text.replace("é", "e") * ${i}\n`).join('\n\n');
    const budget = 4000;
    const p = provider({ model: 'llama3.1:8b', budgetTokensPerRun: budget, maxOutputTokens: 200 });
    await documentSource(`"""M."""\n\n\n${many}`, { provider: p, requests: Array.from({ length: 8 }, (_, i) => ({ index: i, action: 'generate' as const })) });
    const received = mock.requests.reduce((n, r) => n + r.promptTokens + (r.maxTokens ?? 0), 0);
    assert.ok(mock.requests.length >= 1, 'some were sent');
    assert.ok(received <= budget, `${received} > ${budget}`);
    assert.ok(p.stats.promptTokens <= budget);
  });

  it('429 with Retry-After is honoured by the retry', async () => {
    mock.script({ kind: 'status', status: 429, retryAfterSeconds: 1 });
    const p = provider({ maxRetries: 2 });
    const result = await generate(p);
    assert.equal(mock.requests.length, 2);
    const waited = mock.requests[1]!.at - mock.requests[0]!.at;
    assert.ok(waited >= 950, `retried after ${waited} ms`);
    assert.equal(p.stats.retries, 1);
    assert.match(result.text, /Compute the result/);
  });

  it('the circuit breaker opens after repeated failures, falls back to the template, and recovers', async () => {
    mock.script({ kind: 'status', status: 500 }, { kind: 'status', status: 503 }, { kind: 'status', status: 500 });
    const p = provider();
    for (let i = 0; i < 3; i++) await generate(p);
    assert.equal(mock.requests.length, 3);
    const whileOpen = await generate(p);
    assert.equal(mock.requests.length, 3, 'nothing sent while open');
    assert.match(whileOpen.text, /"""TODO: Scale\./);
    assert.ok(p.stats.messages.some((m) => /stopped calling it for a while; the template wrote it/.test(m)));
    await new Promise((r) => setTimeout(r, 350)); // the cool-down (300 ms in this test)
    const recovered = await generate(p);
    assert.equal(mock.requests.length, 4);
    assert.match(recovered.text, /Compute the result/);
  });

  it('tells the host\'s figures each attempt, error, retry, answer-cache lookup and the breaker\'s state', async () => {
    const stats = new LlmStats();
    mock.script({ kind: 'status', status: 503 });
    const retrying = provider({ maxRetries: 1 }, { stats });
    assert.equal(stats.state, 'closed');
    await generate(retrying); // 503, retried after a backoff, answered
    assert.deepEqual([stats.latency.count, stats.errors, stats.retries, stats.state], [2, 1, 1, 'closed']);
    mock.script({ kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const breaking = provider({}, { stats, cacheDir: path.join(dir, 'other-cache') });
    for (let i = 0; i < 3; i++) await generate(breaking);
    assert.deepEqual([stats.latency.count, stats.errors, stats.retries, stats.state], [5, 4, 1, 'open']);
    await generate(breaking); // stopped by the open breaker: no attempt
    assert.equal(stats.latency.count, 5);
    await new Promise((r) => setTimeout(r, 350)); // the cool-down (300 ms in this test)
    await generate(breaking);
    assert.deepEqual([stats.latency.count, stats.errors, stats.state], [6, 4, 'closed']);
    await generate(breaking); // the same prompt: answered from the cache, nothing sent
    assert.equal(mock.requests.length, 6);
    assert.deepEqual(stats.cache.figures(), { hits: 1, misses: 6, hitRate: 1 / 7 });
    assert.ok(stats.latency.figures().p95Ms! >= stats.latency.figures().p50Ms!);
  });

  it('a hanging endpoint times out, and the request is closed', async () => {
    mock.script({ kind: 'hang' });
    const p = provider({ timeoutMs: 1000 });
    const result = await generate(p);
    assert.match(result.text, /"""TODO: Scale\./);
    assert.ok(p.stats.messages.some((m) => /request failed: .*timed out/i.test(m)), p.stats.messages.join('\n'));
    await pollUntil(() => mock.requests[0]!.aborted);
  });

  it('cancellation aborts the HTTP request and writes nothing', async () => {
    mock.script({ kind: 'hang' });
    const controller = new AbortController();
    const p = provider();
    const pending = documentSource(SOURCE, { provider: p, requests: [{ index: 0, action: 'generate' }], signal: controller.signal });
    await pollUntil(() => mock.requests.length === 1);
    controller.abort();
    const result = await pending;
    assert.equal(result.text, SOURCE);
    assert.deepEqual(result.skipped.map((s) => s.reason), ['cancelled']);
    await pollUntil(() => mock.requests[0]!.aborted);
  });

  it('hostile output cannot change code: injection, invented parameters, enormous, malformed, fenced, prose, empty', async () => {
    const p = provider();
    mock.script({ kind: 'inject' });
    const injected = await generate(p);
    const file = path.join(dir, 'injected.py');
    writeFileSync(file, injected.text);
    const check = execFileSync('python3', ['-c', `
import ast, sys
tree = ast.parse(open(sys.argv[1]).read())
fn = tree.body[1]
print(len(tree.body), type(fn).__name__, len(fn.body), ast.get_docstring(fn).splitlines()[0])
`, file], { encoding: 'utf8' }).trim();
    assert.equal(check, '2 FunctionDef 3 Done.""".');
    assert.doesNotMatch(injected.text, /^\s*Args:\n\s+evil/m);
    assert.doesNotMatch(injected.text, /:param evil/);

    mock.script({ kind: 'invent' });
    assert.doesNotMatch((await generate(provider({ temperature: 0.3 }))).text, /ghost/);
    mock.script({ kind: 'enormous' });
    const enormous = await generate(provider({ temperature: 0.4 }));
    assert.ok(enormous.text.length < SOURCE.length + 2500, `${enormous.text.length} chars`);
    for (const [kind, expected] of [['malformed', /TODO: Scale/], ['fenced', /Compute the result/], ['prose', /Compute the result/], ['empty', /TODO: Scale/]] as const) {
      mock.script({ kind });
      const text = (await generate(provider({ temperature: Math.random() }))).text;
      assert.match(text, expected, kind);
    }
  });

  it('azure: the AzureOpenAI client reaches /openai/deployments/<deployment> with the api-version', async () => {
    const p = provider({ provider: 'azure', azureEndpoint: mock.origin, azureDeployment: 'docs-dep', azureApiVersion: '2024-10-21', baseUrl: '' });
    const result = await generate(p);
    assert.match(result.text, /Compute the result from the inputs\./);
    assert.equal(mock.requests[0]!.path, '/openai/deployments/docs-dep/chat/completions?api-version=2024-10-21');
    assert.deepEqual((mock.requests[0]!.body.response_format as { type: string }).type, 'json_schema');
  });

  it('the mock streams too, with usage in the last chunk (through the real client)', async () => {
    const { default: OpenAI } = await import('openai');
    const client = new OpenAI({ apiKey: KEY, baseURL: mock.url });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Parameters: a' }], stream: true });
    let text = '';
    let usage: { prompt_tokens: number } | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(JSON.parse(text).params[0].name, 'a');
    assert.equal(usage!.prompt_tokens, mock.requests[0]!.promptTokens);
  });

  it('the API key appears in no log, message, ledger or cache file', async () => {
    mock.script({ kind: 'status', status: 401 });
    const p = provider();
    await generate(p);
    await generate(provider({ temperature: 0.5 }));
    const files = [path.join(dir, 'ledger.jsonl'), ...readdirSync(path.join(dir, 'cache')).map((f) => path.join(dir, 'cache', f))];
    const everything = [...logs, ...p.stats.messages, ...files.map((f) => readFileSync(f, 'utf8'))].join('\n');
    assert.ok(everything.length > 100);
    assert.ok(!everything.includes(KEY));
    assert.ok(!everything.includes(KEY.slice(3, 20)));
  });
});

async function pollUntil(probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The requests the engine would make for the first definition, via a recording provider. */
async function requestsFor(source: string) {
  const seen: Parameters<LlmProvider['estimate']>[0] = [];
  await documentSource(source, {
    requests: [{ index: 0, action: 'generate' }],
    provider: { id: 'record', provide: async (requests) => { seen.push(...requests); return requests.map(() => new Error('recorded')); } },
  });
  return seen;
}
