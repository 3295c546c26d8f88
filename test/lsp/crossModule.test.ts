import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient, REPO } from './lspClient';

/** DW406 in the editor follows a raised class into the module that defines it, and a save of that module is seen. */

describe('raised classes from other modules, in the editor', function () {
  let client: LspTestClient;
  let dir: string;
  const uri = (name: string) => pathToFileURL(path.join(dir, name)).toString();
  const text = (name: string) => readFileSync(path.join(dir, name), 'utf8');

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'docwright-cross-'));
    cpSync(path.join(REPO, 'test/fixtures/crossmodule'), dir, { recursive: true });
    client = await LspTestClient.start(undefined, true, {}, undefined, [pathToFileURL(dir).href]);
  });
  afterEach(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a raise its base class documents is no DW406; once the base changes and is saved, the open importer reports it', async () => {
    await client.open(uri('pkg/api.py'), text('pkg/api.py'));
    const first = await client.diagnostics(uri('pkg/api.py'));
    assert.deepEqual(first.diagnostics.filter((d) => d.code === 'DW406'), []);

    await client.open(uri('pkg/errors.py'), text('pkg/errors.py'));
    writeFileSync(path.join(dir, 'pkg/errors.py'), text('pkg/errors.py').replace('InvalidRequest(OAuthError)', 'InvalidRequest(ValueError)'));
    const later = new Date(Date.now() + 10_000);
    utimesSync(path.join(dir, 'pkg/errors.py'), later, later);
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: uri('pkg/errors.py') } });
    const after = await client.diagnostics(uri('pkg/api.py'), (p) => p.diagnostics.some((d) => d.code === 'DW406'));
    assert.deepEqual(after.diagnostics.filter((d) => d.code === 'DW406').map((d) => [d.range.start.line, d.message]),
      [[4, '`errors.InvalidRequest` is raised but not documented (`validate`)']]);
  });
});
