import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { SETTINGS_SECTION, StatusRequest, type StatusResult, type UsageParams } from '../../server/src/shared/protocol';
import { DocwrightConfig } from './config';
import { showReport } from './reports';
import { projectFilesLine, settingsLine, type ProjectFile } from './startupLog';

/**
 * Signs of life: a language status item (the server's state, the provider, today's spend), the
 * startup lines of the output channel, Show Status, and a Restart Server that says it restarted.
 */

const STATES: Record<State, string> = {
  [State.Starting]: 'starting', [State.Running]: 'running', [State.Stopped]: 'stopped', [State.StartFailed]: 'failed to start',
};

export interface StatusItem {
  /** A run's spend arrived (docwright/usage). */
  spent(usage: UsageParams): void;
}

export function registerStatus(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.LogOutputChannel): StatusItem {
  const item = vscode.languages.createLanguageStatusItem('docwright.status', [{ language: 'python' }]);
  item.name = 'Docwright';
  let server = 'starting';
  let today: { tokens: number; usd: number } | undefined;
  const render = () => {
    const running = server === 'running';
    item.text = `${running ? '$(check)' : '$(warning)'} Docwright: ${providerLabel()} · $${(today?.usd ?? 0).toFixed(2)} today`;
    // VS Code renders links in the detail: the log and the figures are a click away.
    item.detail = `server ${server}${today ? ` · ${today.tokens.toLocaleString('en-US')} tokens today` : ''} · `
      + '[Show Output](command:docwright.showOutput) · [Show Status](command:docwright.showStatus)';
    item.busy = server === 'starting';
    item.severity = running || server === 'starting' ? vscode.LanguageStatusSeverity.Information : vscode.LanguageStatusSeverity.Error;
    // Running: its figures; otherwise the log says why not.
    item.command = running ? { title: 'Show Status', command: 'docwright.showStatus' } : { title: 'Show Output', command: 'docwright.showOutput' };
  };
  const refresh = async () => {
    try {
      today = (await client.sendRequest(StatusRequest)).figures.llm.today;
    } catch (error) {
      output.warn(`Docwright: the status request failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    render();
  };
  render();
  context.subscriptions.push(
    item,
    client.onDidChangeState(({ newState }) => {
      server = STATES[newState];
      render();
      if (newState === State.Running) void refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(`${SETTINGS_SECTION}.llm`)) render(); }),
    vscode.workspace.onDidGrantWorkspaceTrust(render),
    vscode.commands.registerCommand('docwright.showStatus', async (): Promise<StatusResult> => {
      const result = await client.sendRequest(StatusRequest);
      today = result.figures.llm.today;
      render();
      await showReport(context, 'status', `${result.markdown}\nThe server's log: **Docwright: Show Output**.\n`);
      return result;
    }),
    vscode.commands.registerCommand('docwright.restartServer', async () => {
      await client.restart();
      output.info('Docwright: the language server restarted.');
      void vscode.window.showInformationMessage('Docwright: the language server restarted.');
      return 'restarted';
    }),
    // For tests and other extensions: the item as shown (VS Code gives no API to read it).
    vscode.commands.registerCommand('docwright.languageStatus', () => ({ text: item.text, detail: item.detail, command: item.command?.command })),
  );
  return { spent: (usage) => { today = { tokens: usage.todayTokens, usd: usage.todayUsd }; render(); } };
}

/** What writes docstrings: the template (the default, and always in an untrusted workspace), else the model. */
function providerLabel(): string {
  const config = DocwrightConfig.of();
  const provider = config.get('llm.provider', 'template');
  if (provider === 'template' || !vscode.workspace.isTrusted) return 'template';
  return `${config.get('llm.model', 'gpt-4o-mini')} (${provider})`;
}

/** The startup lines: version, where the settings came from, the project files found. */
export async function logStartup(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<void> {
  const manifest = context.extension.packageJSON as { version: string; contributes: { configuration: { properties: Record<string, unknown> }[] } };
  output.info(`Docwright ${manifest.version} starting (VS Code ${vscode.version}, workspace ${vscode.workspace.isTrusted ? 'trusted' : 'not trusted'}).`);
  const keys = manifest.contributes.configuration.flatMap((section) => Object.keys(section.properties));
  const config = vscode.workspace.getConfiguration(undefined, vscode.workspace.workspaceFolders?.[0]);
  output.info(settingsLine(keys.map((key) => {
    const seen = config.inspect(key);
    return { key, user: seen?.globalValue, workspace: seen?.workspaceValue, folder: seen?.workspaceFolderValue };
  })));
  output.info(projectFilesLine(await projectFiles()));
}

async function projectFiles(): Promise<ProjectFile[]> {
  const found = await vscode.workspace.findFiles('**/pyproject.toml', '**/{node_modules,.git,.venv,venv,.tox}/**', 50);
  const read = async (uri: vscode.Uri) => {
    try {
      return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    } catch {
      return ''; // unreadable: listed, with no table
    }
  };
  return Promise.all(found.sort((a, b) => a.path.localeCompare(b.path)).map(async (uri) => ({ path: vscode.workspace.asRelativePath(uri), text: await read(uri) })));
}
