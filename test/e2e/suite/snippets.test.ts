import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { poll as pollUntil } from '../../poll';
import { placeholderAt, selected } from './editor';

/** The `"""` trigger, typed as a user types it, in the real editor (auto-closing quotes and all). */

const poll = <T>(what: string, probe: () => T | undefined | Promise<T | undefined>) => pollUntil(what, probe, 30000, 50);

suite('Docwright snippets in VS Code', () => {
  const workspace = vscode.workspace.workspaceFolders![0]!.uri;

  test('typing """ in a function body offers "Generate docstring"; accepting it inserts the snippet with the cursor on the summary', async () => {
    const uri = vscode.Uri.joinPath(workspace, 'trigger.py');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await poll('DW103 on scale', () => (vscode.languages.getDiagnostics(uri).some((d) => d.source === 'docwright' && d.range.start.line === 3) ? true : undefined));
    // An empty line as the body's first, the cursor on it, then the quotes one keystroke at a time.
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(4, 0), '    \n')));
    editor.selection = new vscode.Selection(4, 4, 4, 4);
    for (let i = 0; i < 3; i++) await vscode.commands.executeCommand('type', { text: '"' });
    assert.match(document.lineAt(4).text, /^ {4}"""("{1,3})?$/);
    const typed = document.getText();
    const items = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(4, 7), '"');
    assert.ok(items.items.some((i) => i.label === 'Generate docstring'), JSON.stringify(items.items.map((i) => i.label)));
    // Accept it as a user does: the suggest widget, then Enter's command.
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await poll('the suggestion accepted', async () => {
      await vscode.commands.executeCommand('acceptSelectedSuggestion');
      return document.getText() !== typed ? true : undefined;
    });
    assert.equal(document.getText(), [
      '"""Trigger fixture."""',
      '',
      '',
      'def scale(value: float, factor: float = 2.0) -> float:',
      '    """TODO: Scale.',
      '',
      '    Args:',
      '        value (float): TODO: Describe `value`.',
      '        factor (float): TODO: Describe `factor`. Defaults to `2.0`.',
      '',
      '    Returns:',
      '        float: TODO: Describe the return value.',
      '    """',
      '    return value * factor',
      '',
    ].join('\n'));
    assert.deepEqual(selected(editor), placeholderAt(document, 4, 'TODO: Scale.'), 'the cursor is on the summary placeholder');
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    assert.deepEqual(selected(editor), placeholderAt(document, 7, 'TODO: Describe `value`.'));
    await vscode.commands.executeCommand('leaveSnippet');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
