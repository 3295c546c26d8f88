import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { poll as pollUntil } from '../../poll';

/** Signs of life in the real VS Code: the language status item, Restart Server, reports opened rendered. */

const poll = <T>(what: string, probe: () => T | undefined | Promise<T | undefined>) => pollUntil(what, probe, 30000, 50);

/** Reads the real UI through the launcher (test/e2e/launch.mjs), where VS Code gives extensions no API. */
async function ui<T = null>(action: 'click' | 'texts', selector: string): Promise<T> {
  const url = process.env.DOCWRIGHT_UI_URL;
  assert.ok(url, 'the launcher provides DOCWRIGHT_UI_URL');
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ action, selector }) });
  const body = await response.text();
  assert.equal(response.status, 200, `${action} ${selector}: ${body}`);
  return JSON.parse(body) as T;
}

interface LanguageStatus { text: string; detail: string; command: string }

/** The tab showing a Markdown preview of `name`, once there. */
function previewTab(name: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview
    && t.input.viewType.includes('markdown.preview') && t.label.includes(name));
}

suite('Docwright shows it is alive', () => {
  const workspace = vscode.workspace.workspaceFolders![0]!.uri;
  const sample = vscode.Uri.joinPath(workspace, 'sample.py');

  suiteSetup(async () => {
    let document = await vscode.workspace.openTextDocument(sample);
    if (document.languageId !== 'python') document = await vscode.languages.setTextDocumentLanguage(document, 'python');
    await vscode.window.showTextDocument(document);
  });

  test('the language status item shows the server state, the provider and today\'s spend; its detail links to Show Output, and the output channel has the startup lines', async () => {
    const status = await poll('the status item', async () => {
      const item = await vscode.commands.executeCommand<LanguageStatus>('docwright.languageStatus');
      return item.detail.startsWith('server running') ? item : undefined;
    });
    assert.match(status.text, /^\$\(check\) Docwright: template · \$\d+\.\d\d today$/);
    assert.match(status.detail, /^server running · [\d,]+ tokens today · \[Show Output\]\(command:docwright\.showOutput\) · \[Show Status\]\(command:docwright\.showStatus\)$/);
    assert.equal(status.command, 'docwright.showStatus');
    // As VS Code shows it: the language status hover of the Python editor, its detail's links working.
    await ui('click', '[id="status.languageStatus"]');
    const shown = await ui<string[]>('texts', '.hover-language-status .element .left');
    assert.ok(shown.some((l) => /Docwright: template · \$\d+\.\d\d today/.test(l) && /server running/.test(l)), shown.join(' | '));
    await ui('click', '.hover-language-status .element .left a:has-text("Show Output")');
    const log = await poll('the output channel', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'output'));
    // Its startup lines: the version, where settings came from, the project files found.
    const text = log.document.getText();
    assert.match(text, /\[info\] Docwright 0\.1\.0 starting \(VS Code 1\.\d+\.\d+, workspace trusted\)\.\n/);
    assert.match(text, /\[info\] Settings(: all defaults \(nothing set in user, workspace or folder settings\)| set in [^\n]+ \(the rest are defaults\))\.\n/);
    assert.match(text, /\[info\] Project files: project\/pyproject\.toml \(\[tool\.docwright\]\)\.\n/);
  });

  test('Restart Server says it restarted, and the server serves again', async () => {
    assert.equal(await vscode.commands.executeCommand('docwright.restartServer'), 'restarted');
    // Earlier toasts may be showing: wait for this one (the launcher waits for the first match).
    const messages = await ui<string[]>('texts', '.notifications-toasts .notification-list-item-message:has-text("the language server restarted")');
    assert.deepEqual(messages, ['Docwright: the language server restarted.']);
    await poll('running again', async () => ((await vscode.commands.executeCommand<LanguageStatus>('docwright.languageStatus')).detail.startsWith('server running') ? true : undefined));
    await poll('diagnostics after the restart', () => (vscode.languages.getDiagnostics(sample).some((d) => d.source === 'docwright') ? true : undefined));
  });

  test('Show Status, Token Usage, the changelog and exported documentation open rendered (a Markdown preview of a saved file), never a dirty untitled document', async () => {
    const result = await vscode.commands.executeCommand<{ figures: { host: string; documents: { open: number }; parse: { count: number } }; markdown: string }>('docwright.showStatus');
    assert.equal(result.figures.host, 'server');
    assert.ok(result.figures.documents.open >= 1 && result.figures.parse.count >= 1, JSON.stringify(result.figures));
    assert.match(result.markdown, /^# Docwright: status\n/);
    await poll('the status preview', () => previewTab('status.md'));
    await vscode.commands.executeCommand('docwright.showTokenUsage');
    await poll('the token usage preview', () => previewTab('token-usage.md'));
    await vscode.commands.executeCommand('docwright.exportChangelog');
    await poll('the changelog preview', () => previewTab('changelog.md'));
    await vscode.commands.executeCommand('docwright.exportDocumentation');
    await poll('the documentation preview', () => previewTab('documentation.md'));
    // (Earlier suites leave edited Python files unsaved; no report may be unsaved.)
    const unsaved = vscode.workspace.textDocuments.filter((d) => d.isUntitled || (d.languageId === 'markdown' && d.isDirty)).map((d) => d.uri.toString());
    assert.deepEqual(unsaved, []);
  });
});
