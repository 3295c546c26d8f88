import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { poll } from '../../poll';

/** The workspace's docstring coverage, as `docwright coverage` counts the fixture, in a Python language status item. */

interface CoverageStatus {
  text: string;
  detail?: string;
}

/** Clicks and reads the real UI through the launcher (test/e2e/launch.mjs). */
async function ui<T>(action: 'click' | 'texts', selector: string): Promise<T> {
  const url = process.env.DOCWRIGHT_UI_URL;
  assert.ok(url, 'the launcher (test/e2e/launch.mjs) provides DOCWRIGHT_UI_URL');
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ action, selector }) });
  const body = await response.text();
  assert.equal(response.status, 200, `${action} ${selector}: ${body}`);
  return JSON.parse(body) as T;
}

suite('Docstring coverage in VS Code', () => {
  test('the language status item shows the workspace coverage', async () => {
    const workspace = vscode.workspace.workspaceFolders![0]!.uri;
    let document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace, 'sample.py'));
    if (document.languageId !== 'python') document = await vscode.languages.setTextDocumentLanguage(document, 'python');
    await vscode.window.showTextDocument(document);
    // `docwright coverage` on test/fixtures/e2e: 25 of 60 documented (this suite runs before any test writes docstrings).
    const status = await poll('the coverage status', async () => {
      const shown = await vscode.commands.executeCommand<CoverageStatus | undefined>('docwright.coverageStatus').then((s) => s, () => undefined);
      return shown?.text.includes('%') ? shown : undefined;
    }, 60000, 100);
    assert.deepEqual({ text: status.text, detail: status.detail }, {
      text: '$(book) 41.7% documented',
      detail: '25 of 60 public definitions documented in 20 files',
    });
    // What the user sees: the item in the hover of the status bar's language status ({}).
    await ui('click', '[id="status.languageStatus"]');
    const shown = await ui<string[]>('texts', '.hover-language-status > .element .left');
    assert.ok(shown.some((t) => t.includes('41.7% documented') && t.includes('25 of 60 public definitions documented in 20 files')), JSON.stringify(shown));
    await ui('click', '[id="status.languageStatus"]'); // closes the hover again
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
