import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient, TransportKind,
  type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import {
  ApiKeyRequest, ClearCacheRequest, CredentialsChangedNotification, SETTINGS_SECTION, SkippedFileNotification, UsageNotification,
  UsageReportRequest, WorkspaceTrustNotification, type InitializationOptions,
} from '../../server/src/shared/protocol';
import { registerBatchCommands } from './commands';
import { registerCoverageStatus } from './coverageStatus';
import { registerCodeDescription } from './codeDescription';
import { registerComplexityCommands } from './complexity';
import { apiKeyFor, promptForApiKey, type KeyedProvider } from './secrets';
import { showReport } from './reports';
import { registerSearchCommand } from './search';
import { registerSnippetCommand } from './snippet';
import { logStartup, registerStatus, type StatusItem } from './status';

/**
 * The client knows nothing about Python: it starts the server, forwards settings and
 * commands, and shows what the server reports.
 */

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Docwright', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      // Python cells of Jupyter notebooks, one document each; the server hides their IPython.
      { scheme: 'vscode-notebook-cell', language: 'python' },
    ],
    // The project's [tool.docwright] decides settings too: the server re-reads it on these events.
    // Python files changing on disk keep the documentation index (Search Documentation) current.
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/pyproject.toml'), vscode.workspace.createFileSystemWatcher('**/*.py')],
    },
    outputChannel: output,
    initializationOptions: {
      storageDir: context.globalStorageUri.fsPath, trusted: vscode.workspace.isTrusted, watchesPyproject: true, snippetCommand: true,
      codeDescriptionCommand: true,
    } satisfies InitializationOptions,
  };
  client = new LanguageClient('docwright', 'Docwright', serverOptions, clientOptions);

  const skippedShown = new Set<string>();
  context.subscriptions.push(
    client.onNotification(SkippedFileNotification, (params) => {
      output.warn(`Skipped ${params.uri}: ${params.reason}`);
      if (skippedShown.has(params.uri)) return;
      skippedShown.add(params.uri);
      const name = vscode.Uri.parse(params.uri).path.split('/').pop();
      void vscode.window.showInformationMessage(`Docwright skipped ${name}: ${params.reason}.`);
    }),
    vscode.commands.registerCommand('docwright.showOutput', () => output.show()),
  );
  const statusItem = registerStatus(context, client, output);
  registerLlmCommands(context, client, output, statusItem);
  registerBatchCommands(context, client, output);
  registerSnippetCommand(context, client);
  void logStartup(context, output).catch((error: unknown) => output.warn(`Docwright: could not list the settings' origins: ${String(error)}`));
  registerCoverageStatus(context, client);
  registerComplexityCommands(context, client);
  registerCodeDescription(context);
  registerSearchCommand(context, client);
  await client.start();
}

/** API key, token usage, cache and the status bar: the client side of the LLM providers. */
function registerLlmCommands(context: vscode.ExtensionContext, lc: LanguageClient, output: vscode.LogOutputChannel, statusItem: StatusItem): void {
  const status = vscode.window.createStatusBarItem('docwright.usage', vscode.StatusBarAlignment.Right, 100);
  status.name = 'Docwright token usage';
  status.command = 'docwright.showTokenUsage';
  context.subscriptions.push(
    status,
    lc.onRequest(ApiKeyRequest, async (params) => ({ key: await apiKeyFor(context.secrets, params.provider) })),
    lc.onNotification(UsageNotification, (usage) => {
      status.text = `$(sparkle) ${usage.todayTokens.toLocaleString('en-US')} tok · $${usage.todayUsd.toFixed(4)}`;
      status.tooltip = `Docwright (${usage.model}) today: ${usage.todayTokens} tokens, $${usage.todayUsd.toFixed(4)}. `
        + `Last run: ${usage.runTokens} tokens, $${usage.runUsd.toFixed(4)}, ${usage.cacheHits} cache hits. Click for the full report.`;
      status.show();
      statusItem.spent(usage);
      output.info(`LLM run: ${usage.runTokens} tokens, $${usage.runUsd.toFixed(4)}, ${usage.cacheHits} cache hits`);
    }),
    vscode.commands.registerCommand('docwright.setApiKey', async (preset?: { provider: KeyedProvider; key: string }) => {
      const provider = await promptForApiKey(context.secrets, preset);
      if (!provider) return;
      await lc.sendNotification(CredentialsChangedNotification);
      if (!preset) void vscode.window.showInformationMessage(`Docwright: the ${provider} API key is saved in the OS keychain.`);
    }),
    vscode.commands.registerCommand('docwright.showTokenUsage', async () => {
      const report = await lc.sendRequest(UsageReportRequest);
      await showReport(context, 'token-usage', report.markdown);
    }),
    vscode.commands.registerCommand('docwright.clearCache', async () => {
      const result = await lc.sendRequest(ClearCacheRequest);
      void vscode.window.showInformationMessage(`Docwright: removed ${result.removed} cached answers.`);
    }),
    // For tests and other extensions: the status bar's text (VS Code gives no API to read it).
    vscode.commands.registerCommand('docwright.tokenUsageStatus', () => (status.text ? { text: status.text, tooltip: status.tooltip } : undefined)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => { void lc.sendNotification(WorkspaceTrustNotification, { trusted: true }); }),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
