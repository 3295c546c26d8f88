import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SearchDocsRequest, type SearchDocsResult } from '../../server/src/shared/protocol';
import { LspTestClient } from './lspClient';

/** The documentation index in the server: built over the folder, kept current from open documents and file events. */

interface Symbol {
  name: string;
  kind: number;
  containerName: string;
  location: { uri: string; range: { start: { line: number; character: number } } };
}

const TEXT_MODULE = [
  '"""Helpers for text."""',
  '',
  'def flatten_margin(text):',
  '    """Remove the common indentation from each line of a block."""',
  '    return text',
  '',
  'class Ledger:',
  '    """Keeps a running balance of money owed."""',
  '',
  '    def settle(self, amount):',
  '        """Pay back part of the debt.',
  '',
  '        Args:',
  '            amount: How much is repaid, in cents.',
  '        """',
  '        return flatten_margin(amount)',
  '',
].join('\n');

function project(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'docwright-index-'));
  mkdirSync(path.join(root, 'shop'));
  mkdirSync(path.join(root, 'generated'));
  writeFileSync(path.join(root, 'pyproject.toml'), '[tool.docwright]\nexclude = ["generated"]\n');
  writeFileSync(path.join(root, 'shop', '__init__.py'), '"""The shop."""\n');
  writeFileSync(path.join(root, 'shop', 'text.py'), TEXT_MODULE);
  writeFileSync(path.join(root, 'generated', 'models.py'), 'def dedent_everything():\n    """Remove the common indentation from each line."""\n');
  return root;
}

describe('documentation index in the server', function () {
  let client: LspTestClient;
  let root: string;

  beforeEach(async () => {
    root = project();
    client = await LspTestClient.start(undefined, true, {}, undefined, [pathToFileURL(root).toString()]);
  });
  afterEach(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const search = (query: string) => client.connection.sendRequest(SearchDocsRequest, { query, limit: 5 });
  const built = () => client.until('the background build', async () => ((await search('x')).complete ? true : undefined));
  const names = (result: SearchDocsResult) => result.hits.map((h) => h.qualname);

  it('workspace/symbol finds a definition by what its docstring says, excluded folders left out', async () => {
    await built();
    const symbols: Symbol[] = await client.connection.sendRequest('workspace/symbol', { query: 'remove indentation' });
    assert.deepEqual(symbols.map((s) => [s.name, s.kind, s.containerName]), [['flatten_margin', 12, 'shop.text']]);
    assert.equal(symbols[0]!.location.uri, pathToFileURL(path.join(root, 'shop', 'text.py')).toString());
    assert.deepEqual(symbols[0]!.location.range.start, { line: 2, character: 4 });
    const repaid: Symbol[] = await client.connection.sendRequest('workspace/symbol', { query: 'repaid cents' });
    assert.deepEqual(repaid.map((s) => [s.name, s.kind]), [['Ledger.settle', 6]]);
    const result = await search('balance owed');
    assert.deepEqual(names(result), ['shop.text.Ledger']);
    assert.equal(result.hits[0]!.summary, 'Keeps a running balance of money owed.');
    assert.deepEqual([result.files, result.entries], [2, 5]);
  });

  it('an open document is indexed as it is typed; files created and deleted on disk follow the watcher', async () => {
    await built();
    const uri = pathToFileURL(path.join(root, 'shop', 'text.py')).toString();
    await client.open(uri, TEXT_MODULE);
    await client.edit(uri, [2, 4], [2, 18], 'strip_gutter');
    await client.until('the edited name', async () => (names(await search('gutter')).includes('shop.text.strip_gutter') ? true : undefined));
    assert.deepEqual(names(await search('flatten')), []);

    const added = path.join(root, 'shop', 'tax.py');
    writeFileSync(added, 'def levy(price):\n    """Work out the value added tax on a price."""\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(added).toString(), type: 1 }] });
    await client.until('the created file', async () => (names(await search('value added tax')).includes('shop.tax.levy') ? true : undefined));
    rmSync(added);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(added).toString(), type: 3 }] });
    await client.until('the deleted file gone', async () => (names(await search('value added tax')).length === 0 ? true : undefined));
  });
});

describe('documentation index and each folder\'s file size limit', function () {
  it('leaves out what check would skip as too large in that folder, built and from file events alike', async () => {
    const strict = project();
    const lax = project();
    writeFileSync(path.join(strict, 'pyproject.toml'), '[tool.docwright]\nmaxFileSizeKb = 1\n');
    const big = (name: string) => `def ${name}():\n    """Work out the value added tax on a price."""\n${'# padding\n'.repeat(150)}`;
    writeFileSync(path.join(strict, 'shop', 'tax.py'), big('levy'));
    writeFileSync(path.join(lax, 'shop', 'tax.py'), big('levy'));
    const client = await LspTestClient.start(undefined, true, {}, undefined, [strict, lax].map((r) => pathToFileURL(r).toString()));
    try {
      const search = (query: string) => client.connection.sendRequest(SearchDocsRequest, { query, limit: 5 });
      const folderOf = (uri: string) => (new URL(uri).pathname.startsWith(`${strict}/`) ? 'strict' : 'lax');
      const taxFiles = async () => (await search('value added tax')).hits.filter((h) => h.kind === 'function').map((h) => `${folderOf(h.uri)} ${h.qualname}`).sort();
      await client.until('the background build', async () => ((await search('x')).complete ? true : undefined));
      assert.deepEqual(await taxFiles(), ['lax shop.tax.levy']);
      const added = [strict, lax].map((r) => path.join(r, 'shop', 'duty.py'));
      for (const file of added) writeFileSync(file, big('duty'));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: added.map((f) => ({ uri: pathToFileURL(f).toString(), type: 1 })) });
      await client.until('the new file in the lax folder', async () => ((await taxFiles()).length >= 2 ? true : undefined));
      assert.deepEqual(await taxFiles(), ['lax shop.duty.duty', 'lax shop.tax.levy']);
    } finally {
      await client.stop();
      for (const r of [strict, lax]) rmSync(r, { recursive: true, force: true });
    }
  });
});
