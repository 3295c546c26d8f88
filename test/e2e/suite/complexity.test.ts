import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { poll as pollUntil } from '../../poll';
import { screenshot, selected, ui } from './editor';

/** The complexity features in the real VS Code: the lens and its list, inlay hints, the ignore quick fix, code links. */

const poll = <T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30000) => pollUntil(what, probe, timeoutMs, 50);

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

suite('Complexity in VS Code', () => {
  const workspace = vscode.workspace.workspaceFolders![0]!.uri;
  const file = vscode.Uri.joinPath(workspace, 'complexity.py');
  let editor: vscode.TextEditor;
  const diagnostics = () => vscode.languages.getDiagnostics(file).filter((d) => d.source === 'docwright');

  suiteSetup(async () => {
    let document = await vscode.workspace.openTextDocument(file);
    if (document.languageId !== 'python') document = await vscode.languages.setTextDocumentLanguage(document, 'python');
    editor = await vscode.window.showTextDocument(document);
    // The first file may also wait for the server to start on a cold profile.
    await poll('diagnostics', () => (diagnostics().length ? true : undefined), 55000);
  });

  test('a lens above the function shows its scores; clicking it lists the increments and goes to the one chosen', async () => {
    const lens = await poll('the lens', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file, 10);
      return lenses.find((l) => l.command?.title.startsWith('cognitive'));
    });
    assert.equal(lens.command!.title, 'cognitive 19 · cyclomatic 9 (B) · nesting 6 · docstring ok');
    assert.equal(lens.range.start.line, 3);
    await screenshot('codelens');
    // As a click on the lens does: its command, whose quick pick the user reads and picks from.
    const picking = vscode.commands.executeCommand<string | undefined>(lens.command!.command, ...(lens.command!.arguments ?? []));
    const rows = await ui<string[]>('texts', '.quick-input-widget .monaco-list-row');
    assert.deepEqual(rows.map((r) => r.replace(/, line (\d+)$/, ' @$1')), [
      '+1: for @7', '+2 (nesting 1): if @8', '+1: and @8', '+1: elif @10', '+1: or @10', '+1: else @12',
      '+3 (nesting 2): while @13', '+4 (nesting 3): if @14', '+5 (nesting 4): except @18',
    ]);
    await screenshot('codelens-increments');
    await ui('click', '.quick-input-widget .monaco-list-row[aria-label^="+3 (nesting 2): while,"]');
    assert.equal(await picking, '+3 (nesting 2): while');
    assert.deepEqual(selected(vscode.window.activeTextEditor!), [12, 12, 12, 17]);
  });

  test('the DW902 diagnostic lists every increment as a related location', async () => {
    const dw902 = await poll('DW902', () => diagnostics().find((d) => codeOf(d) === 'DW902'));
    assert.deepEqual(dw902.relatedInformation!.map((r) => `${r.location.range.start.line + 1} ${r.message}`), [
      '7 +1: for', '8 +2 (nesting 1): if', '8 +1: and', '10 +1: elif', '10 +1: or', '12 +1: else',
      '13 +3 (nesting 2): while', '14 +4 (nesting 3): if', '18 +5 (nesting 4): except',
    ]);
    editor = await vscode.window.showTextDocument(editor.document);
    editor.selection = new vscode.Selection(3, 6, 3, 6);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('related-locations');
  });

  test('Toggle Complexity Hints shows +N at the end of each contributing line, and hides them again', async () => {
    const hints = async () => {
      const found = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', file, new vscode.Range(0, 0, 30, 0));
      return found.map((h) => `${h.position.line + 1} ${typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')}`);
    };
    assert.deepEqual(await hints(), [], 'off by default');
    assert.equal(await vscode.commands.executeCommand('docwright.toggleInlayHints'), true);
    try {
      assert.equal(vscode.workspace.getConfiguration('docwright').get('inlayHints'), true);
      const shown = await poll('inlay hints', async () => { const h = await hints(); return h.length ? h : undefined; });
      assert.deepEqual(shown, ['7 +1', '8 +3', '10 +2', '12 +1', '13 +3', '14 +4', '18 +5']);
      editor = await vscode.window.showTextDocument(editor.document);
      editor.selection = new vscode.Selection(21, 0, 21, 0);
      await vscode.commands.executeCommand('editor.action.hideHover');
      await vscode.commands.executeCommand('workbench.action.closePanel');
      await screenshot('inlay-hints');
    } finally {
      assert.equal(await vscode.commands.executeCommand('docwright.toggleInlayHints'), false);
    }
    await poll('hints gone', async () => ((await hints()).length ? undefined : true));
  });

  test("a diagnostic's code opens its description, rendered, at that code", async () => {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    // A user's click on the code in the Problems view.
    await ui('click', '.markers-panel .monaco-list-row a.monaco-link:has-text("DW902")');
    const shown = await poll('the description', async () => vscode.commands.executeCommand<{ code: string; title: string; html: string; visible: boolean } | undefined>('docwright.codeDescriptionShown'));
    assert.deepEqual([shown.code, shown.title, shown.visible], ['DW902', 'Docwright: DW902', true]);
    assert.match(shown.html, /<h2[^>]* id="dw902">DW902<\/h2>/);
    assert.match(shown.html, /getElementById\("dw902"\)/);
    assert.match(shown.html, /<p[^>]*>Cognitive complexity above <code>maxCognitive<\/code>/, 'rendered, not raw Markdown');
    // And on screen: the heading inside the webview's frames, as the user sees it.
    const heading = 'iframe.webview >> internal:control=enter-frame >> iframe#active-frame >> internal:control=enter-frame >> h2#dw902';
    assert.deepEqual(await ui<string[]>('texts', heading), ['DW902']);
    await screenshot('code-description');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('"Ignore DW901 on this line" writes the noqa comment and the finding goes', async () => {
    const config = vscode.workspace.getConfiguration('docwright');
    await config.update('maxCyclomatic', 5, vscode.ConfigurationTarget.Workspace);
    try {
      const dw901 = await poll('DW901', () => diagnostics().find((d) => codeOf(d) === 'DW901'));
      const actions = await poll('the quick fix', async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file, dw901.range, vscode.CodeActionKind.QuickFix.value);
        return found.find((a) => a.title === 'Ignore DW901 on this line');
      });
      assert.ok(await vscode.workspace.applyEdit(actions.edit!));
      const document = await vscode.workspace.openTextDocument(file);
      assert.equal(document.lineAt(3).text, 'def tangled(items, limit):  # noqa: DW901');
      await poll('DW901 to go', () => (diagnostics().some((d) => codeOf(d) === 'DW901') ? undefined : true));
      assert.deepEqual(diagnostics().filter((d) => d.range.start.line === 3).map(codeOf).sort(), ['DW902', 'DW903']);
    } finally {
      await config.update('maxCyclomatic', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
