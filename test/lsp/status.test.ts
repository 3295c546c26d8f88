import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DocumentMetricsRequest, StatusRequest, type StatusFigures } from '../../server/src/shared/protocol';
import { LspTestClient } from './lspClient';

/** docwright/status: the figures the server keeps of itself, over stdio. */

describe('docwright/status (Docwright: Show Status)', function () {
  let client: LspTestClient;
  let storage: string;
  before(async () => {
    storage = mkdtempSync(path.join(tmpdir(), 'docwright-status-'));
    client = await LspTestClient.start(undefined, true, {}, { storageDir: storage });
  });
  after(async () => {
    await client.stop();
    rmSync(storage, { recursive: true, force: true });
  });

  const status = () => client.connection.sendRequest(StatusRequest);

  it('counts what it did: documents open, parses, analyses, reused analyses; no LLM yet', async () => {
    const first = LspTestClient.uri('status-one.py');
    const second = LspTestClient.uri('status-two.py');
    await client.open(first, 'def f(x):\n    if x:\n        return 1\n    return 2\n');
    await client.open(second, 'x = 1\n');
    await client.diagnostics(first);
    await client.diagnostics(second);
    const opened = (await status()).figures;
    assert.equal(opened.host, 'server');
    assert.equal(opened.version, '0.1.0');
    assert.deepEqual(opened.documents, { open: 2, trees: 2 });
    assert.deepEqual([opened.parse.count, opened.analysis.count], [2, 2]);
    assert.deepEqual(opened.resultCache, { hits: 0, misses: 2, hitRate: 0 });
    assert.ok(opened.parse.p50Ms !== null && opened.parse.p95Ms! >= opened.parse.p50Ms);
    assert.ok(opened.analysis.p50Ms !== null && opened.analysis.p95Ms! >= opened.analysis.p50Ms);
    assert.ok(opened.memory.rssMb > opened.memory.heapUsedMb && opened.memory.heapUsedMb > 0);
    assert.deepEqual(opened.answerCache, { hits: 0, misses: 0, hitRate: null });
    assert.deepEqual(opened.llm, {
      attempts: 0, latency: { count: 0, p50Ms: null, p95Ms: null }, errors: 0, errorRate: null, retries: 0, breaker: 'unused', today: { tokens: 0, usd: 0 },
    });
    assert.equal(opened.files, undefined);

    // An unchanged document's analysis is reused; an edit parses and analyses once more.
    await client.connection.sendRequest(DocumentMetricsRequest, { uri: first });
    const version = await client.edit(second, [0, 5], [0, 5], '0');
    await client.diagnostics(second, (p) => p.version === version);
    await client.close(first);
    const later: StatusFigures = (await status()).figures;
    assert.deepEqual(later.documents, { open: 1, trees: 1 });
    assert.deepEqual([later.parse.count, later.analysis.count], [3, 3]);
    assert.deepEqual(later.resultCache, { hits: 1, misses: 3, hitRate: 0.25 });
  });

  it('answers the same figures rendered as Markdown', async () => {
    const { figures, markdown } = await status();
    assert.match(markdown, new RegExp(`^# Docwright: status\\n\\n## Docwright 0\\.1\\.0 \\(language server, up [\\d.]+ s\\)\\n`));
    assert.match(markdown, /\n\| documents open \| 1 \(1 with a syntax tree\) \|\n/);
    assert.match(markdown, new RegExp(`\\n\\| parse \\| p50 [\\d.]+ ms · p95 [\\d.]+ ms \\(${figures.parse.count} samples\\) \\|\\n`));
    assert.match(markdown, /\n\| circuit breaker \| not used yet \|\n/);
  });
});
