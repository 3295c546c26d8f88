import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { WorkspaceCoverageRequest, type WorkspaceCoverageResult } from '../../server/src/shared/protocol';
import { excludedGlobs } from './config';

/**
 * The workspace's docstring coverage in a Python language status item of its own
 * (`docwright.coverage`), as `docwright coverage` counts it. Asked for once the server runs,
 * then again a moment after Python files are saved, created or deleted, or settings change.
 */

const REFRESH_DELAY_MS = 500;

export function registerCoverageStatus(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.languages.createLanguageStatusItem('docwright.coverage', { language: 'python' });
  item.name = 'Docwright docstring coverage';
  item.text = '$(book) Docstring coverage…';
  item.command = { title: 'Refresh', command: 'docwright.refreshCoverage' };
  let last: WorkspaceCoverageResult | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const refresh = async () => {
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.toString());
    if (!roots.length) {
      item.text = '$(book) No folder open';
      item.detail = 'Docstring coverage counts the workspace folders';
      return;
    }
    item.busy = true;
    try {
      last = await client.sendRequest(WorkspaceCoverageRequest, { roots, exclude: excludedGlobs() });
      item.text = `$(book) ${last.coverage.toFixed(1)}% documented`;
      item.detail = coverageDetail(last);
      item.severity = vscode.LanguageStatusSeverity.Information;
    } catch (error) {
      item.text = '$(book) Docstring coverage unavailable';
      item.detail = error instanceof Error ? error.message : String(error);
      item.severity = vscode.LanguageStatusSeverity.Warning;
    } finally {
      item.busy = false;
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => { void refresh(); }, REFRESH_DELAY_MS);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{py,pyi,ipynb}');
  context.subscriptions.push(
    item, watcher,
    { dispose: () => timer && clearTimeout(timer) },
    watcher.onDidCreate(later), watcher.onDidChange(later), watcher.onDidDelete(later),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('docwright')) later(); }),
    vscode.commands.registerCommand('docwright.refreshCoverage', refresh),
    // For tests and other extensions: what the item shows (VS Code gives no API to read it).
    vscode.commands.registerCommand('docwright.coverageStatus', () => ({ text: item.text, detail: item.detail, result: last })),
  );
  // Asked once the server runs (and again after a restart).
  context.subscriptions.push(client.onDidChangeState((e) => { if (e.newState === State.Running) void refresh(); }));
  if (client.isRunning()) void refresh();
}

function coverageDetail(r: WorkspaceCoverageResult): string {
  const placeholders = r.placeholders ? `, ${r.placeholders} placeholder${r.placeholders === 1 ? '' : 's'}` : '';
  return `${r.documented} of ${r.total} public definitions documented${placeholders} in ${r.files} files`;
}
