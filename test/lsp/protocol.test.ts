import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NotificationType, NotificationType0, RequestType, RequestType0, type ResponseError } from 'vscode-jsonrpc/node';
import * as protocol from '../../server/src/shared/protocol';
import {
  ChangelogRequest, ClearCacheRequest, SearchDocsRequest, CredentialsChangedNotification, DocumentMetricsRequest, ExportDocsRequest, PlanWorkspaceRequest,
  RunWorkspaceRequest, StatusRequest, UsageReportRequest, WorkspaceCoverageRequest, WorkspaceTrustNotification,
} from '../../server/src/shared/protocol';
import { LspTestClient } from './lspClient';

/** The shared protocol: every custom message typed once, and every one the client sends served by the language server. */

describe('the shared protocol (docwright/*)', function () {
  let client: LspTestClient;
  let state: string;
  before(async () => {
    state = mkdtempSync(path.join(tmpdir(), 'docwright-protocol-'));
    client = await LspTestClient.start(undefined, true, {}, { storageDir: state });
  });
  after(async () => {
    await client.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it('declares each message once, as a typed request or notification', () => {
    const methods = Object.values(protocol).flatMap((value) => (
      value instanceof RequestType || value instanceof RequestType0 || value instanceof NotificationType || value instanceof NotificationType0 ? [value.method] : []
    ));
    assert.deepEqual(methods.sort(), [
      'docwright/apiKey', 'docwright/batchProgress', 'docwright/changelog', 'docwright/clearCache', 'docwright/credentialsChanged',
      'docwright/documentMetrics', 'docwright/documentTexts', 'docwright/exportDocs', 'docwright/planWorkspace', 'docwright/runWorkspace',
      'docwright/searchDocumentation', 'docwright/skippedFile', 'docwright/status', 'docwright/usage', 'docwright/usageReport', 'docwright/workspaceCoverage', 'docwright/workspaceTrust',
    ]);
  });

  it('every request the client sends is served: bad parameters get InvalidParams naming the request, never MethodNotFound', async () => {
    for (const type of [DocumentMetricsRequest, PlanWorkspaceRequest, RunWorkspaceRequest, ExportDocsRequest, UsageReportRequest, ClearCacheRequest, ChangelogRequest, StatusRequest, WorkspaceCoverageRequest, SearchDocsRequest]) {
      const error = await client.connection.sendRequest(type.method, 'bad').then(() => undefined, (e: ResponseError) => e);
      assert.equal(error?.code, -32602, `${type.method} answered ${JSON.stringify(error)}`);
      assert.ok(error.message.startsWith(`${type.method}: invalid parameters: `), error.message);
    }
  });

  it('every notification the client sends is heard: bad parameters are named in the log', async () => {
    for (const type of [CredentialsChangedNotification, WorkspaceTrustNotification]) {
      await client.connection.sendNotification(type.method, 'bad');
      await client.until(`the log line for ${type.method}`, () => client.logs.find((l) => l.includes(`${type.method} ignored: invalid parameters: (params): `)));
    }
  });

  it('parameterless requests answer when sent without parameters, as the VS Code client sends them', async () => {
    const logged = client.logs.length;
    await client.connection.sendNotification(CredentialsChangedNotification);
    const usage = await client.connection.sendRequest(UsageReportRequest);
    assert.equal(usage.markdown.split('\n')[2], 'Total: 0 tokens, $0.0000 in 0 requests; 0 cache hits saved 0 tokens ($0.0000).');
    assert.deepEqual(await client.connection.sendRequest(ClearCacheRequest), { removed: 0 });
    const changelog = await client.connection.sendRequest(ChangelogRequest);
    assert.equal(changelog.markdown, '# Docwright changelog\n\n0 docstring changes.\n\n| time | file | name | change | provider | tokens |\n|---|---|---|---|---|---|\n');
    // The notification came first, so its log line, had there been one, came before these answers.
    assert.deepEqual(client.logs.slice(logged).filter((l) => l.includes(CredentialsChangedNotification.method)), []);
  });
});
