import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MockLlm } from '../mock-llm/server';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist/cli.js');
const KEY = 'sk-cli-SECRET-abcdef0123456789';

/** Asynchronous, so the mock in this process can answer while the CLI runs. */
function run(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
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
    const summary = (JSON.parse(first.stdout) as { summary: { added: number; llm: Record<string, number> } }).summary;
    assert.equal(summary.added, 2);
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
  });
});
