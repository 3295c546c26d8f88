import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SearchDocsRequest, type SearchDocsHit } from '../../server/src/shared/protocol';

/**
 * Docwright: Search Documentation. A quick pick over the server's documentation index: each
 * result with its summary and module, ranked by the server (names and what docstrings say).
 * Moving through the list previews the definition without leaving the list; Enter opens it.
 */

interface HitItem extends vscode.QuickPickItem {
  hit: SearchDocsHit;
}

const KIND_ICONS: Record<SearchDocsHit['kind'], string> = { module: '$(symbol-module)', class: '$(symbol-class)', function: '$(symbol-function)', method: '$(symbol-method)' };

/** How long typing pauses before the server is asked. */
const TYPING_DELAY_MS = 120;

export function registerSearchCommand(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(vscode.commands.registerCommand('docwright.searchDocumentation', (query?: string) => searchDocumentation(client, typeof query === 'string' ? query : '')));
}

function searchDocumentation(client: LanguageClient, initial: string): Promise<void> {
  const pick = vscode.window.createQuickPick<HitItem>();
  pick.title = 'Docwright: Search Documentation';
  pick.placeholder = 'Describe what it does, or type a name';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  let asked = 0;
  let lastQuery: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ask = async (query: string) => {
    // Setting the initial value may echo back as a change: asking again would reset the list
    // (and the active item) under a user already moving through it.
    if (query === lastQuery) return;
    lastQuery = query;
    const mine = ++asked;
    pick.busy = true;
    const result = await client.sendRequest(SearchDocsRequest, { query, limit: 50 });
    if (mine !== asked) return;
    pick.busy = false;
    pick.items = result.hits.map(itemOf);
    if (!result.complete) pick.title = `Docwright: Search Documentation (indexing: ${result.files} files so far)`;
  };
  pick.onDidChangeValue((value) => {
    clearTimeout(timer);
    timer = setTimeout(() => void ask(value), TYPING_DELAY_MS);
  });
  pick.onDidChangeActive(([item]) => { if (item) void reveal(item.hit, true); });
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      const [item] = pick.selectedItems.length ? pick.selectedItems : pick.activeItems;
      pick.hide();
      if (item) void reveal(item.hit, false);
    });
    pick.onDidHide(() => {
      clearTimeout(timer);
      pick.dispose();
      resolve();
    });
    pick.value = initial;
    pick.show();
    if (initial) void ask(initial);
  });
}

function itemOf(hit: SearchDocsHit): HitItem {
  // The server has ranked them already: always shown, whatever the label's letters.
  return {
    label: `${KIND_ICONS[hit.kind]} ${hit.kind === 'module' ? hit.qualname : hit.qualname.slice(hit.module.length + 1)}`,
    description: hit.module,
    detail: hit.summary || hit.signature,
    alwaysShow: true,
    hit,
  };
}

let revealed = 0;

/**
 * Preview: in the preview tab, focus kept in the list; open: a normal tab, the cursor on the
 * name. Only the latest request is shown: moving fast through the list must not end on a
 * preview whose document happened to open last.
 */
async function reveal(hit: SearchDocsHit, preview: boolean): Promise<void> {
  const mine = ++revealed;
  const start = new vscode.Position(hit.line, hit.column);
  const selection = new vscode.Range(start, start.translate(0, hit.name.length));
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(hit.uri));
  if (mine !== revealed) return;
  await vscode.window.showTextDocument(document, { selection, preview, preserveFocus: preview });
}
