import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { poll as pollUntil } from '../../poll';
import { selected, ui } from './editor';

/** Docwright: Search Documentation, driven in the real UI: the quick pick finds by docstring, previews as the active item moves, Enter jumps. */

const poll = <T>(what: string, probe: () => T | undefined | Promise<T | undefined>) => pollUntil(what, probe, 30000, 50);

/** The visible editor showing ledger.py with this selection, if there is one. */
function ledgerAt(selection: number[]): true | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor?.document.uri.path.endsWith('/search/ledger.py') && selected(editor).join() === selection.join() ? true : undefined;
}

suite('Search Documentation', () => {
  test('the quick pick finds a function by what its docstring says, previews it as the active item moves, and Enter jumps to it', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const searching = vscode.commands.executeCommand('docwright.searchDocumentation', 'money owed to suppliers');
    const rows = await ui<string[]>('texts', '.quick-input-widget .monaco-list-row[aria-label*="tally"]');
    assert.ok(rows.length === 1);
    const labels = await ui<string[]>('texts', '.quick-input-widget .monaco-list-row');
    assert.match(labels[0]!, /settle_debts.*search\.ledger.*Pay back the money owed to suppliers, oldest invoice first\./);
    assert.match(labels[1]!, /tally.*search\.ledger.*Add up what the suppliers are still owed\./);
    // The first result is active: it is previewed, the list keeps the focus.
    await poll('the preview of settle_debts', () => ledgerAt([3, 4, 3, 16]));
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await poll('the preview of tally', () => ledgerAt([8, 4, 8, 9]));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await searching;
    await poll('the jump to tally', () => ledgerAt([8, 4, 8, 9]));
    const tabs = vscode.window.tabGroups.activeTabGroup.tabs.filter((t) => t.label === 'ledger.py');
    assert.deepEqual(tabs.map((t) => t.isPreview), [false], 'Enter opens it for good, not as a preview');
  });
});
