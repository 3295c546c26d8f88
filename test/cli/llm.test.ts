import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MockLlm } from '../mock-llm/server';
import { poll } from '../poll';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist/cli.js');
const KEY = 'sk-cli-SECRET-abcdef0123456789';

type Outcome = { code: number | null; stdout: string; stderr: string };

/** Asynchronous, so the mock in this process can answer while the CLI runs. */
function start(args: string[], cwd: string, env: Record<string, string>): { child: ChildProcess; done: Promise<Outcome> } {
  // None of the caller's own LLM settings reach a test.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DOCWRIGHT_LLM_|AZURE_OPENAI_|OPENAI_)/.test(k)));
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...inherited, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  return { child, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))) };
}

function run(args: string[], cwd: string, env: Record<string, string>): Promise<Outcome> {
  return start(args, cwd, env).done;
}

describe('docwright document with an LLM provider (CLI, mock endpoint)', function () {
  this.timeout(60000);
  let mock: MockLlm;
  let dir: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    mock = await MockLlm.start();
    dir = mkdtempSync(path.join(tmpdir(), 'docwright-cli-llm-'));
    env = { OPENAI_API_KEY: KEY, DOCWRIGHT_CACHE_DIR: path.join(dir, '.state') };
    writeFileSync(path.join(dir, 'calc.py'), '"""Calc."""\n\n\ndef add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n');
  });
  afterEach(async () => {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const llmArgs = () => ['--provider', 'compatible', '--model', 'gpt-4o-mini', '--base-url', mock.url];

  it('--estimate prints the estimate and sends nothing', async () => {
    const result = await run(['document', 'calc.py', ...llmArgs(), '--estimate', '--format', 'json'], dir, env);
    assert.equal(result.code, 0, result.stderr);
    const { estimate } = JSON.parse(result.stdout) as { estimate: Record<string, number | boolean> };
    assert.equal(estimate.functions, 2);
    assert.equal(estimate.requests, 2);
    assert.equal(estimate.cacheHits, 0);
    assert.equal(mock.requests.length, 0);
    assert.equal(readFileSync(path.join(dir, 'calc.py'), 'utf8').includes('"""Compute'), false);
  });

  it('writes model-written docstrings, reports tokens, USD and cache hits; the rerun costs nothing', async () => {
    const first = await run(['document', 'calc.py', ...llmArgs(), '--format', 'json'], dir, env);
    assert.equal(first.code, 0, first.stderr);
    const summary = (JSON.parse(first.stdout) as { summary: { added: number; placeholders: number; llm: Record<string, number> } }).summary;
    // With an LLM provider --only defaults to all, and what it adds are descriptions, not placeholders.
    assert.deepEqual([summary.added, summary.placeholders], [2, 0]);
    assert.equal(summary.llm.requests, 2);
    assert.equal(summary.llm.promptTokens, mock.requests.reduce((n, r) => n + r.promptTokens, 0));
    assert.ok(summary.llm.usd > 0);
    assert.match(readFileSync(path.join(dir, 'calc.py'), 'utf8'), /def add\(a, b\):\n {4}"""Compute the result from the inputs\.\n/);
    // Same code, docstrings already there: nothing to do, nothing sent.
    const again = await run(['document', 'calc.py', ...llmArgs()], dir, env);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(mock.requests.length, 2);
    assert.match(again.stderr, /Every docstring is present and up to date/);
    assert.ok(!(first.stdout + first.stderr + again.stdout + again.stderr).includes(KEY));
  });

  it('--stats adds the LLM\'s figures to stderr: attempts, errors, retries, the answer cache and the breaker', async () => {
    mock.script({ kind: 'status', status: 503, retryAfterSeconds: 0 });
    const result = await run(['document', 'calc.py', ...llmArgs(), '--format', 'json', '--stats'], dir, env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { summary: { added: number } }).summary.added, 2, 'stdout stays one JSON document');
    const lines = result.stderr.split('\n').filter((l) => /^ {2}(answer cache|errors|retries|circuit breaker) /.test(l));
    assert.deepEqual(lines, [
      '  answer cache     0.0% (0 hits, 2 misses)',
      '  errors           1 of 3 attempts (33.3%)',
      '  retries          1',
      '  circuit breaker  closed',
    ]);
    assert.match(result.stderr, /\n {2}latency {10}p50 \d+\.\d\d ms · p95 \d+\.\d\d ms \(3 samples\)\n/);
  });

  it('--budget-tokens is a hard limit and the summary says what was skipped', async () => {
    const result = await run(['document', 'calc.py', ...llmArgs(), '--budget-tokens', '1000'], dir, env);
    assert.equal(result.code, 0, result.stderr);
    const received = mock.requests.reduce((n, r) => n + r.promptTokens + (r.maxTokens ?? 0), 0);
    assert.ok(received <= 1000, `${received}`);
    assert.match(result.stderr, /1 skipped by the budget/);
    assert.match(result.stderr, /left `sub` alone: skipped: over budget/);
  });

  it('usage errors: unknown provider, missing key or base URL', async () => {
    assert.equal((await run(['document', 'calc.py', '--provider', 'claude'], dir, env)).code, 2);
    assert.equal((await run(['document', 'calc.py', '--provider', 'compatible'], dir, env)).code, 2);
    const noKey = await run(['document', 'calc.py', '--provider', 'openai'], dir, { ...env, OPENAI_API_KEY: '' });
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /needs OPENAI_API_KEY/);
    const azure = await run(['document', 'calc.py', '--provider', 'azure'], dir, { ...env, AZURE_OPENAI_API_KEY: KEY });
    assert.equal(azure.code, 2);
    assert.match(azure.stderr, /--provider azure needs AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT in the environment/);
  });

  it('a project cannot choose the provider, base URL or Azure endpoint: ignored, said once, and nothing is sent', async () => {
    const original = readFileSync(path.join(dir, 'calc.py'), 'utf8');
    const cases: [string, string, Record<string, string>][] = [
      [`provider = "compatible"\nbase-url = "${mock.url}"`, 'provider, base-url', {}],
      [`provider = "azure"\nazure-endpoint = "${mock.origin}"\nazure-deployment = "docs"`, 'provider, azure-endpoint, azure-deployment', { AZURE_OPENAI_API_KEY: KEY }],
    ];
    for (const [table, keys, extra] of cases) {
      writeFileSync(path.join(dir, 'calc.py'), original);
      writeFileSync(path.join(dir, 'pyproject.toml'), `[tool.docwright.llm]\n${table}\nrequests-per-minute = 6000\n`);
      const result = await run(['document', '--only', 'all', 'calc.py'], dir, { ...env, ...extra });
      assert.equal(result.code, 0, result.stderr);
      const said = `docwright: ${path.join(dir, 'pyproject.toml')}: [tool.docwright.llm] ${keys} ignored: a project may not choose where its code and your API key are sent; `
        + 'use --provider and --base-url, or DOCWRIGHT_LLM_PROVIDER, DOCWRIGHT_LLM_BASE_URL, AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT in the environment\n';
      assert.equal(result.stderr.split(said).length, 2, result.stderr);
      assert.match(readFileSync(path.join(dir, 'calc.py'), 'utf8'), /"""TODO: Add\./, 'the template wrote it');
    }
    assert.equal(mock.requests.length, 0);
    // The user's own environment may choose them.
    writeFileSync(path.join(dir, 'calc.py'), original);
    const chosen = await run(['document', 'calc.py'], dir, { ...env, DOCWRIGHT_LLM_PROVIDER: 'compatible', DOCWRIGHT_LLM_BASE_URL: mock.url });
    assert.equal(chosen.code, 0, chosen.stderr);
    assert.equal(mock.requests.length, 2);
    assert.match(readFileSync(path.join(dir, 'calc.py'), 'utf8'), /"""Compute the result from the inputs\./);
  });

  it('--dry-run and --check send nothing: they estimate, write nothing, and --check exits 1 as the template would', async () => {
    const original = readFileSync(path.join(dir, 'calc.py'), 'utf8');
    const dry = await run(['document', 'calc.py', ...llmArgs(), '--dry-run', '--diff'], dir, env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stderr, /^Estimate: 2 docstrings, 2 requests, \d+ prompt tokens/m);
    assert.match(dry.stderr, /--dry-run sends nothing to compatible:gpt-4o-mini/);
    assert.match(dry.stdout, /^calc\.py: 2 would be added$/m);
    assert.match(dry.stdout, /^\+ {4}"""TODO: Add\.$/m);
    const check = await run(['document', 'calc.py', ...llmArgs(), '--check', '--format', 'json'], dir, env);
    assert.equal(check.code, 1, check.stderr);
    const { summary } = JSON.parse(check.stdout) as { summary: { added: number; written: boolean; estimate: { requests: number } } };
    assert.deepEqual([summary.added, summary.written, summary.estimate.requests], [2, false, 2]);
    // No key is needed to send nothing.
    const noKey = await run(['document', 'calc.py', '--provider', 'openai', '--check'], dir, { ...env, OPENAI_API_KEY: '' });
    assert.equal(noKey.code, 1, noKey.stderr);
    assert.equal(mock.requests.length, 0);
    assert.equal(readFileSync(path.join(dir, 'calc.py'), 'utf8'), original);
  });

  it('Ctrl-C: nothing more is sent, a file not complete is left untouched, the run names both and exits 130', async () => {
    const second = '"""More."""\n\n\ndef mul(a, b):\n    return a * b\n';
    writeFileSync(path.join(dir, 'more.py'), second);
    writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.docwright.llm]\nrequests-per-minute = 6000\n');
    mock.script({ kind: 'ok' }, { kind: 'ok' }, { kind: 'hang' }); // calc.py is answered, more.py hangs
    const { child, done } = start(['document', 'calc.py', 'more.py', ...llmArgs(), '--concurrency', '1'], dir, env);
    await poll('the request for more.py', () => (mock.requests.length === 3 ? true : undefined), 20000);
    child.kill('SIGINT');
    const result = await done;
    assert.equal(result.code, 130, result.stderr);
    assert.match(result.stderr, /^docwright: interrupted: nothing more is sent; files not yet complete are left untouched \(Ctrl-C again to quit now\)$/m);
    assert.match(result.stderr, /^docwright: interrupted: 1 file written \(calc\.py\), 1 file left untouched \(more\.py\)\.$/m);
    assert.match(readFileSync(path.join(dir, 'calc.py'), 'utf8'), /def sub\(a, b\):\n {4}"""Compute the result from the inputs\./);
    assert.equal(readFileSync(path.join(dir, 'more.py'), 'utf8'), second);
    await poll('the hung request closed', () => (mock.requests[2]!.aborted ? true : undefined));
    assert.equal(mock.requests.length, 3);
  });
});
