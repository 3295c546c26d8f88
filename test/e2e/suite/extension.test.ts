import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { MockLlm } from '../../mock-llm/server';
import { poll as pollUntil } from '../../poll';
import { placeholderAt, screenshot, selected, ui } from './editor';

/** Runs inside the real VS Code extension host; drives the extension through the vscode API. */

const poll = <T>(what: string, probe: () => T | undefined | Promise<T | undefined>) => pollUntil(what, probe, 30000, 50);

function codesOf(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri)
    .filter((d) => d.source === 'docwright')
    .map((d) => `${d.range.start.line + 1}:${typeof d.code === 'object' ? d.code.value : d.code}`)
    .sort();
}

suite('Docwright in VS Code', () => {
  const workspace = vscode.workspace.workspaceFolders![0]!.uri;
  const sample = vscode.Uri.joinPath(workspace, 'sample.py');
  let editor: vscode.TextEditor;

  suiteSetup(async () => {
    let document = await vscode.workspace.openTextDocument(sample);
    // On a fresh profile VS Code can open the first file before the Python language is
    // registered; the client only syncs Python documents, so make sure this one is.
    if (document.languageId !== 'python') document = await vscode.languages.setTextDocumentLanguage(document, 'python');
    editor = await vscode.window.showTextDocument(document);
  });

  test('the extension activates on a Python file', async () => {
    const extension = vscode.extensions.all.find((e) => e.packageJSON.name === 'docwright');
    assert.ok(extension, 'extension is installed');
    await poll('activation', () => (extension.isActive ? true : undefined));
  });

  test('diagnostics appear', async () => {
    // The first analysis also waits for the server to start on a cold profile: a longer deadline.
    const found = await pollUntil('diagnostics', () => {
      const codes = codesOf(sample);
      return codes.length > 0 ? codes : undefined;
    }, 55000, 50);
    assert.deepEqual(found, ['17:DW102', '4:DW103', '4:DW902', '4:DW903']);
    const nesting = vscode.languages.getDiagnostics(sample).find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'DW903')!;
    assert.equal(nesting.message, '`tangled` nests too deeply: depth 5 > 4');
    assert.equal(nesting.severity, vscode.DiagnosticSeverity.Warning);
    // The code links to its rendered description (complexity.test.ts clicks it).
    assert.equal(typeof nesting.code === 'object' && nesting.code.target.toString(true), 'command:docwright.showCodeDescription?["DW903"]');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('diagnostics');
  });

  test('hover shows the metrics', async () => {
    const hovers = await poll('hover', async () => {
      const result = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', sample, new vscode.Position(3, 6));
      const ours = result.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).filter((v) => v.includes('cyclomatic'));
      return ours.length ? ours : undefined;
    });
    const text = hovers[0]!;
    assert.match(text, /\| cyclomatic \| 7 \(rank B\) \|/);
    assert.match(text, /\| cognitive \| 16 ⚠ over 15 \|/);
    assert.match(text, /\| nesting \| 5 ⚠ over 4 \|/);
    assert.match(text, /Docstring: missing \(DW103\)/);
    editor.selection = new vscode.Selection(3, 6, 3, 6);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('hover');
  });

  test('an edit updates the diagnostics', async () => {
    await editor.edit((builder) => builder.insert(new vscode.Position(3, 22), '\n    """Untangle me."""'));
    // VS Code shifts old diagnostics on an edit until the server publishes the new ones: wait for those.
    const expected = ['18:DW102', '4:DW902', '4:DW903'];
    const afterDocstring = await poll('DW103 to go away', () => {
      const codes = codesOf(sample);
      return codes.join() === expected.join() ? codes : undefined;
    }).catch(() => codesOf(sample));
    assert.deepEqual(afterDocstring, expected);
    await editor.edit((builder) => builder.insert(new vscode.Position(17, 21), '  # noqa: DW102'));
    await poll('DW102 suppressed', () => (codesOf(sample).some((c) => c.endsWith('DW102')) ? undefined : true));
  });

  test('a settings change re-publishes', async () => {
    const config = vscode.workspace.getConfiguration('docwright');
    await config.update('maxNesting', 6, vscode.ConfigurationTarget.Workspace);
    try {
      await poll('DW903 to go away', () => (codesOf(sample).some((c) => c.endsWith('DW903')) ? undefined : true));
    } finally {
      await config.update('maxNesting', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test("a project's pyproject.toml decides in the editor as in CI, and editing it re-publishes", async () => {
    const app = vscode.Uri.joinPath(workspace, 'project', 'app.py');
    let document = await vscode.workspace.openTextDocument(app);
    if (document.languageId !== 'python') document = await vscode.languages.setTextDocumentLanguage(document, 'python');
    await vscode.window.showTextDocument(document);
    // The editor's maxCyclomatic is 10; [tool.docwright] says 2, and `pick` has 3.
    const strict = await poll('DW901 from the project', () => (codesOf(app).length ? codesOf(app) : undefined));
    assert.deepEqual(strict, ['4:DW901']);
    // Written through VS Code's file system, as an edit and save would: the server's watcher hears it.
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspace, 'project', 'pyproject.toml'), Buffer.from('[tool.docwright]\nmax-cyclomatic = 10\n'));
    await poll('DW901 to go away', () => (codesOf(app).length ? undefined : true));
  });

  test('"Generate docstring" from the lightbulb inserts the docstring as a snippet, the cursor on the summary; undo restores the file exactly', async () => {
    const uri = vscode.Uri.joinPath(workspace, 'docs.py');
    const document = await vscode.workspace.openTextDocument(uri);
    const docsEditor = await vscode.window.showTextDocument(document);
    const original = document.getText();
    await poll('DW103 on add', () => (codesOf(uri).includes('5:DW103') ? true : undefined));
    // What the lightbulb runs: the code action providers at the cursor, resolved.
    const actions = await poll('code actions', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider', uri, new vscode.Range(4, 5, 4, 5), undefined, 10);
      return found.some((a) => a.title === 'Generate docstring for `add`') ? found : undefined;
    });
    const generate = actions.find((a) => a.title === 'Generate docstring for `add`')!;
    docsEditor.selection = new vscode.Selection(4, 5, 4, 5);
    await vscode.commands.executeCommand('editor.action.quickFix');
    await screenshot('code-action');
    await vscode.commands.executeCommand('hideCodeActionWidget');
    // Our client runs the snippet command, so the action carries it instead of a plain edit.
    assert.equal(generate.edit, undefined);
    assert.equal(generate.command?.command, 'docwright.insertSnippet');
    await vscode.window.showTextDocument(document);
    assert.ok(await vscode.commands.executeCommand(generate.command.command, ...(generate.command.arguments ?? [])));
    assert.equal(document.getText(), [
      '"""Docs fixture."""',
      '',
      '',
      '@staticmethod',
      'def add(a: int, b: int = 1) -> int:',
      '    """TODO: Add.',
      '',
      '    Args:',
      '        a (int): TODO: Describe `a`.',
      '        b (int): TODO: Describe `b`. Defaults to `1`.',
      '',
      '    Returns:',
      '        int: TODO: Describe the return value.',
      '    """',
      '    return a + b',
      '',
    ].join('\n'));
    assert.deepEqual(selected(docsEditor), placeholderAt(document, 5, 'TODO: Add.'), 'the summary placeholder is selected');
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    assert.deepEqual(selected(docsEditor), placeholderAt(document, 8, 'TODO: Describe `a`.'), 'Tab goes to the next placeholder');
    await vscode.commands.executeCommand('leaveSnippet');
    await poll('DW103 to go away', () => (codesOf(uri).includes('5:DW103') ? undefined : true));
    await poll('DW501 in its place', () => (codesOf(uri).includes('5:DW501') ? true : undefined));
    await vscode.window.showTextDocument(docsEditor.document);
    await vscode.commands.executeCommand('undo');
    await poll('undo', () => (document.getText() === original ? true : undefined));
    assert.equal(document.getText(), original);
  });

  test('with an LLM provider (our mock endpoint), "Generate docstring" inserts the model\'s text and the status bar shows the spend', async () => {
    const mock = await MockLlm.start();
    const config = vscode.workspace.getConfiguration('docwright');
    try {
      await vscode.commands.executeCommand('docwright.setApiKey', { provider: 'compatible', key: 'sk-e2e-not-a-real-key' });
      await config.update('llm.provider', 'compatible', vscode.ConfigurationTarget.Workspace);
      await config.update('llm.baseUrl', mock.url, vscode.ConfigurationTarget.Workspace);
      await config.update('llm.model', 'gpt-4o-mini', vscode.ConfigurationTarget.Workspace);
      const uri = vscode.Uri.joinPath(workspace, 'llm.py');
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const action = await poll('the LLM action', async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider', uri, new vscode.Range(3, 5, 3, 5), vscode.CodeActionKind.RefactorRewrite.value, 1);
        return found.find((a) => a.title === 'Generate docstring for `mul` with gpt-4o-mini' && a.edit);
      });
      assert.equal(mock.requests.length, 1, 'one request, sent when the action was resolved');
      assert.ok(await vscode.workspace.applyEdit(action.edit!));
      assert.match(document.getText(), /def mul\(a, b\):\n {4}"""Compute the result from the inputs\.\n\n {4}Written by the mock model\.\n\n {4}Args:\n {8}a: The a to use\.\n {8}b: The b to use\.\n\n {4}Returns:\n {8}The computed result\.\n {4}"""\n {4}return a \* b\n/);
      const status = await poll('status bar', async () => vscode.commands.executeCommand<{ text: string } | undefined>('docwright.tokenUsageStatus'));
      const total = mock.requests[0]!.promptTokens;
      assert.match(status.text, /^\$\(sparkle\) [\d,]+ tok · \$0\.\d{4}$/);
      assert.ok(Number(status.text.replace(/[^\d ]/g, '').trim().split(/\s+/)[0]) > total, status.text);
    } finally {
      await config.update('llm.provider', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('llm.baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('llm.model', undefined, vscode.ConfigurationTarget.Workspace);
      await mock.close();
    }
  });

  test('Document Folder: every file fully documented and saved, .gitignore honoured, one undo step per file', async () => {
    const folder = vscode.Uri.joinPath(workspace, 'batch');
    const names = ['one.py', 'two.py', 'three.py'];
    const before = new Map<string, string>();
    for (const n of names) before.set(n, Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, n))).toString('utf8'));
    const ignored = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'ignored.py'))).toString('utf8');
    const result = await vscode.commands.executeCommand<{ added: number; updated: number; cancelled: boolean; changedUris: string[]; markdown: string }>(
      'docwright.documentFolder', folder, { autoConfirm: true, only: 'all' });
    await screenshot('workspace-report');
    assert.equal(result.cancelled, false);
    assert.equal(result.added, 12, result.markdown); // per file: the function, the class, __init__ and grow
    assert.deepEqual(result.changedUris.map((u) => u.split('/').pop()).sort(), ['one.py', 'three.py', 'two.py']);
    assert.match(result.markdown, /^# Docwright: document workspace\n\n12 docstrings added, 0 updated in 3 files; 0 skipped, 0 files failed/);
    for (const n of names) {
      const onDisk = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, n))).toString('utf8');
      assert.equal(onDisk.match(/"""TODO/g)?.length, 4, n);
      // A class docstring brings the blank line that sets it off from the class body (D204).
      assert.equal(onDisk.replace(/\n *"""TODO[\s\S]*?"""\n?(?=\n)/g, ''), before.get(n), `${n}: only docstrings were added`);
    }
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'ignored.py'))).toString('utf8'), ignored, '.gitignore honoured');
    // Each file's change is one undo step.
    const two = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'two.py'));
    await vscode.window.showTextDocument(two);
    await vscode.commands.executeCommand('undo');
    await poll('undo of two.py', () => (two.getText() === before.get('two.py') ? true : undefined));
  });

  test('cancelling a Document Folder run midway leaves every file fully documented or untouched', async () => {
    const folder = vscode.Uri.joinPath(workspace, 'batch2');
    const names = ['f1.py', 'f2.py', 'f3.py', 'f4.py', 'f5.py', 'f6.py'];
    const before = new Map<string, string>();
    for (const n of names) before.set(n, Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, n))).toString('utf8'));
    const result = await vscode.commands.executeCommand<{ added: number; cancelled: boolean; changedUris: string[] }>(
      'docwright.documentFolder', folder, { autoConfirm: true, only: 'missing', quiet: true, cancelAfterFiles: 2 });
    assert.equal(result.cancelled, true);
    assert.ok(result.changedUris.length >= 2 && result.changedUris.length < names.length, `${result.changedUris.length} files changed`);
    let documented = 0;
    for (const n of names) {
      const text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, n))).toString('utf8');
      const count = text.match(/"""TODO/g)?.length ?? 0;
      assert.ok(count === 0 ? text === before.get(n) : count === 2, `${n}: ${count} docstrings — half-written`);
      if (count === 2) documented++;
    }
    assert.equal(documented, result.changedUris.length);
    assert.equal(result.added, 2 * documented);
  });
  test('with the template, Document Folder completes existing docstrings first, asks before inserting placeholders, and Preview changes applies only the files kept', async () => {
    type Result = { added: number; placeholders: number; updated: number; declined: number; changedUris: string[]; markdown: string };
    const folder = vscode.Uri.joinPath(workspace, 'batch3');
    const names = ['also.py', 'drop.py', 'keep.py'];
    const read = async (n: string) => Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, n))).toString('utf8');
    const before = new Map<string, string>();
    for (const n of names) before.set(n, await read(n));
    const row = (label: string) => `.quick-input-widget .monaco-list-row[aria-label^="${label},"]`;

    // The quick pick: completing is the first choice; placeholders are asked for by name.
    const completing = vscode.commands.executeCommand<Result>('docwright.documentFolder', folder, { autoConfirm: true, quiet: true });
    assert.deepEqual(await ui<string[]>('texts', '.quick-input-widget .monaco-list-row'), [
      'Complete existing docstrings, add and drop entries of stale docstrings (DW401–DW408)',
      'Insert placeholders, also insert a TODO docstring wherever one is missing; an LLM provider writes descriptions instead',
      'Insert placeholders only, TODO docstrings where one is missing; stale ones left as they are',
    ]);
    await ui('click', row('Complete existing docstrings'));
    const completed = await completing;
    assert.deepEqual([completed.added, completed.placeholders, completed.updated], [0, 0, 3], completed.markdown);
    assert.match(completed.markdown, /\n3 missing docstrings were left out: the template can only write placeholders for them\./);
    const updated = new Map<string, string>();
    for (const n of names) {
      updated.set(n, await read(n));
      assert.match(updated.get(n)!, /\n {8}value: The value\.\n {8}factor: [^\n]+\n {4}"""\n/, `${n}: the stale docstring gained its entry`);
      assert.equal(updated.get(n)!.replace(/\n {8}factor: [^\n]+/, ''), before.get(n), `${n}: nothing else changed, no placeholder inserted`);
    }

    // Insert placeholders, with "Preview changes" (VS Code refuses modal dialogs under test, so the
    // confirmation's choice comes in the arguments; its words are unit-tested in batchMessages).
    const previewing = vscode.commands.executeCommand<Result>('docwright.documentFolder', folder, { autoConfirm: true, preview: true, quiet: true });
    await ui('click', row('Insert placeholders'));
    // The Refactor Preview: every edit needs confirmation, so every file starts unticked; keep two of three.
    const fileBox = (n: string) => `.bulk-edit-panel .monaco-list-row[aria-label*="${n}, making text edits"] input.edit-checkbox`;
    assert.deepEqual(await ui<boolean[]>('checked', '.bulk-edit-panel .monaco-list-row[aria-label$=", making text edits"] input.edit-checkbox'), [false, false, false]);
    await ui('click', fileBox('keep.py'));
    await ui('click', fileBox('also.py'));
    const ticked = async (n: string) => (await ui<boolean[]>('checked', fileBox(n)))[0];
    assert.deepEqual([await ticked('also.py'), await ticked('drop.py'), await ticked('keep.py')], [true, false, true]);
    await screenshot('refactor-preview');
    await ui('click', '.bulk-edit-panel .monaco-button:has-text("Apply")');
    const result = await previewing;
    assert.deepEqual([result.added, result.placeholders, result.updated, result.declined], [2, 2, 0, 1], result.markdown);
    assert.deepEqual(result.changedUris.map((u) => u.split('/').pop()).sort(), ['also.py', 'keep.py']);
    assert.match(result.markdown, /\nPreviewed: 2 changes applied, 1 left out\.\n/);
    assert.match(result.markdown, /\n## Left out in the preview\n\n- \[`drop\.py:\d+`\]\(file:\/\/\/[^)]*\/batch3\/drop\.py#L\d+\) — `offset` \(add\)\n/);
    for (const n of ['also.py', 'keep.py']) {
      const onDisk = await read(n);
      assert.match(onDisk, /\ndef offset\(value\):\n {4}"""[^]*?"""\n {4}print\(value \+ 1\)\n$/, `${n}: kept and saved`);
      assert.equal(onDisk.replace(/\n {4}"""[^"]*"""(?=\n {4}print\(value \+ 1\))/, ''), updated.get(n), `${n}: only the docstring was inserted`);
    }
    assert.equal(await read('drop.py'), updated.get('drop.py'), 'the unticked file is untouched');
    const drop = vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('/batch3/drop.py'));
    assert.ok(!drop || (!drop.isDirty && drop.getText() === updated.get('drop.py')), 'and has no unsaved edit either');
  });

  test('a Jupyter notebook: Python cells are checked with their IPython magics hidden, and hover works there', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.joinPath(workspace, 'notebook.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    const code = notebook.cellAt(1).document;
    assert.equal(code.uri.scheme, 'vscode-notebook-cell');
    assert.equal(code.languageId, 'python');
    // `%time` inside the def would make it a syntax error, and a broken def gets no findings.
    const found = await poll('cell diagnostics', () => {
      const codes = codesOf(code.uri);
      return codes.length > 0 ? codes : undefined;
    });
    assert.deepEqual(found, ['2:DW103'], 'no DW100: a cell is not a module');
    const hovers = await poll('cell hover', async () => {
      const result = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', code.uri, new vscode.Position(1, 6));
      const ours = result.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).filter((v) => v.includes('cyclomatic'));
      return ours.length ? ours : undefined;
    });
    assert.match(hovers[0]!, /\| cyclomatic \| 5 \(rank A\) \|/);
    assert.match(hovers[0]!, /\| cognitive \| 7 \|/);
  });
});
