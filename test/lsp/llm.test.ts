import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MockLlm } from '../mock-llm/server';
import { applyEdits, LspTestClient, type TextEdit } from './lspClient';

interface CodeAction {
  title: string;
  kind: string;
  data?: unknown;
  edit?: { documentChanges: { edits: TextEdit[] }[] };
}

const KEY = 'sk-lsp-SECRET-9876543210';
const SOURCE = '"""Calc."""\n\n\ndef add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n';
const CAPABILITIES = {
  workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
  textDocument: { codeAction: { disabledSupport: true, resolveSupport: { properties: ['edit'] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } } },
};

describe('LLM code actions over LSP (mock endpoint)', function () {
  this.timeout(30000);
  let mock: MockLlm;
  let dir: string;
  let client: LspTestClient;
  const uri = LspTestClient.uri('llm.py');

  const start = async (trusted = true) => {
    client = await LspTestClient.start(undefined, true, CAPABILITIES, { storageDir: dir, trusted });
    client.apiKey = KEY;
    client.settings = { llm: { provider: 'compatible', baseUrl: mock.url, model: 'gpt-4o-mini', maxRetries: 0 } };
    await client.open(uri, SOURCE);
    await client.diagnostics(uri);
  };
  const actions = (line: number, only: string[]) => client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri }, range: { start: { line, character: 0 }, end: { line, character: 0 } }, context: { diagnostics: [], only },
  }) as Promise<CodeAction[]>;
  const resolve = (action: CodeAction) => client.connection.sendRequest('codeAction/resolve', action) as Promise<CodeAction>;

  beforeEach(async () => {
    mock = await MockLlm.start();
    dir = mkdtempSync(path.join(tmpdir(), 'docwright-lsp-llm-'));
  });
  afterEach(async () => {
    await client.stop();
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listing sends nothing; choosing the action sends one request and the status bar hears the spend', async () => {
    await start();
    const [generate] = await actions(3, ['refactor']);
    assert.equal(generate!.title, 'Generate docstring for `add` with gpt-4o-mini');
    assert.equal(generate!.edit, undefined);
    assert.equal(mock.requests.length, 0, 'nothing sent to list actions');
    const resolved = await resolve(generate!);
    assert.equal(mock.requests.length, 1);
    const text = applyEdits(SOURCE, resolved.edit!.documentChanges[0]!.edits);
    assert.match(text, /def add\(a, b\):\n {4}"""Compute the result from the inputs\.\n\n {4}Written by the mock model\.\n\n {4}Args:\n {8}a: The a to use\./);
    await client.until('usage notification', () => client.usage[0]);
    const [entry] = readUsage(dir);
    assert.equal(entry!.promptTokens, mock.requests[0]!.promptTokens);
    assert.equal(client.usage[0]!.runTokens, entry!.promptTokens + entry!.completionTokens);
    assert.equal(client.usage[0]!.todayTokens, entry!.promptTokens + entry!.completionTokens);
    assert.equal(client.messageRequests.length, 0, 'a small single request is not confirmed');
    const ledger = readFileSync(path.join(dir, 'usage.jsonl'), 'utf8');
    assert.ok(!ledger.includes(KEY));
  });

  it('a run over several functions asks first; Cancel sends nothing, Send does', async () => {
    await start();
    const [all] = await actions(0, ['source']);
    assert.equal(all!.title, 'Generate 2 missing docstrings in file with gpt-4o-mini');
    client.answerMessageRequest = () => ({ title: 'Cancel' });
    const declined = await resolve(all!);
    assert.equal(declined.edit, undefined);
    assert.equal(mock.requests.length, 0);
    assert.match(client.messageRequests[0]!, /^Docwright will send 2 requests to gpt-4o-mini for 2 docstrings: \d+ prompt tokens \(up to \d+ with output\), ~\$0\.\d{4} at most; 0 from the cache at no cost\.$/);
    client.answerMessageRequest = () => ({ title: 'Send' });
    const accepted = await resolve(all!);
    assert.equal(mock.requests.length, 2);
    const text = applyEdits(SOURCE, accepted.edit!.documentChanges[0]!.edits);
    assert.equal(text.match(/Compute the result from the inputs\./g)?.length, 2);
  });

  it('DW501: the quick fix of a placeholder docstring is the LLM\'s Generate docstring, which writes the placeholders and keeps the human text', async () => {
    const stub = '"""Calc."""\n\n\ndef add(a, b):\n    """TODO: Add.\n\n    Args:\n        a: The left operand.\n        b: TODO: Describe `b`.\n    """\n    return a + b\n';
    await start();
    const stubUri = LspTestClient.uri('stub.py');
    await client.open(stubUri, stub);
    const dw501 = (await client.diagnostics(stubUri)).diagnostics.filter((d) => d.code === 'DW501');
    assert.equal(dw501.length, 1);
    const [fix] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: stubUri }, range: dw501[0]!.range, context: { diagnostics: dw501, only: ['quickfix'] },
    }) as CodeAction[];
    assert.equal(fix!.title, 'Generate docstring for `add` with gpt-4o-mini');
    assert.equal(mock.requests.length, 0, 'nothing sent to list it');
    const resolved = await resolve(fix!);
    assert.equal(mock.requests.length, 1);
    const text = applyEdits(stub, resolved.edit!.documentChanges[0]!.edits);
    assert.match(text, /def add\(a, b\):\n {4}"""Compute the result from the inputs\.\n[\s\S]*\n {8}a: The left operand\.\n {8}b: The b to use\.\n/);
    assert.ok(!text.includes('TODO'), text);
  });

  it('in an untrusted workspace nothing is sent: the template answers', async () => {
    await start(false);
    const [generate] = await actions(3, ['refactor']);
    assert.equal(generate!.title, 'Generate docstring for `add`');
    assert.ok(generate!.edit, 'template edits are immediate');
    assert.match(applyEdits(SOURCE, generate!.edit!.documentChanges[0]!.edits), /"""TODO: Add\./);
    assert.equal(mock.requests.length, 0);
  });
});

function readUsage(dir: string): { promptTokens: number; completionTokens: number }[] {
  return readFileSync(path.join(dir, 'usage.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { promptTokens: number; completionTokens: number });
}
