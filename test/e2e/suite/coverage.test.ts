import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { poll } from '../../poll';
import { ui } from './editor';

/** The workspace's docstring coverage, as `docwright coverage` counts the fixture, in a Python language status item. */

interface CoverageStatus {
  text: string;
  detail?: string;
}

suite('Docstring coverage in VS Code', () => {
  test('the language status item shows the workspace coverage', async () => {
    const workspace = vscode.workspace.workspaceFolders![0]!.uri;
    let document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace, 'sample.py'));
    if (document.languageId !== 'python') document = await vscode.languages.setTextDocumentLanguage(document, 'python');
    await vscode.window.showTextDocument(document);
    // `docwright coverage` on test/fixtures/e2e: 28 of 63 documented (this suite runs before any test writes docstrings).
    const status = await poll('the coverage status', async () => {
      const shown = await vscode.commands.executeCommand<CoverageStatus | undefined>('docwright.coverageStatus').then((s) => s, () => undefined);
      return shown?.text.includes('%') ? shown : undefined;
    }, 60000, 100);
    assert.deepEqual({ text: status.text, detail: status.detail }, {
      text: '$(book) 44.4% documented',
      detail: '28 of 63 public definitions documented in 21 files',
    });
    // What the user sees: the item in the hover of the status bar's language status ({}).
    await ui('click', '[id="status.languageStatus"]');
    const shown = await ui<string[]>('texts', '.hover-language-status > .element .left');
    assert.ok(shown.some((t) => t.includes('44.4% documented') && t.includes('28 of 63 public definitions documented in 21 files')), JSON.stringify(shown));
    await ui('click', '[id="status.languageStatus"]'); // closes the hover again
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
