import { strict as assert } from 'node:assert';
import { DocumentMetricsRequest } from '../../server/src/shared/protocol';
import { LspTestClient } from './lspClient';

/** What the server keeps per document lives as long as the document is open. */

describe('the session forgets a closed document', function () {
  let client: LspTestClient;
  before(async () => { client = await LspTestClient.start(); });
  after(async () => { await client.stop(); });

  it('reopened, a skipped document is said to be skipped again and its settings are asked for again', async () => {
    const uri = LspTestClient.uri('reopened-binary.py');
    await client.open(uri, 'x = 1\0\n');
    await client.until('the first skip', () => (client.skipped.length === 1 ? true : undefined));
    const asked = client.configurationRequests;
    await client.edit(uri, [0, 0], [0, 0], '# edited\n');
    assert.equal((await client.connection.sendRequest(DocumentMetricsRequest, { uri })).version, 2);
    assert.deepEqual([client.skipped.length, client.configurationRequests], [1, asked], 'said once, settings asked once while open');
    await client.close(uri);
    await client.open(uri, 'x = 1\0\n');
    await client.until('the second skip', () => (client.skipped.length === 2 ? true : undefined));
    assert.deepEqual(client.skipped.map((s) => [s.uri, s.reason]), [[uri, 'binary file (contains NUL characters)'], [uri, 'binary file (contains NUL characters)']]);
    assert.equal(client.configurationRequests, asked + 1);
  });
});
