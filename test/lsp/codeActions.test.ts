import { strict as assert } from 'node:assert';
import { sameProgram } from '../astSame';
import { applyEdits, LspTestClient, type TextEdit } from './lspClient';

interface CodeAction {
  title: string;
  kind: string;
  isPreferred?: boolean;
  diagnostics?: { code: string }[];
  disabled?: { reason: string };
  data?: unknown;
  edit?: { documentChanges?: { textDocument: { uri: string; version: number }; edits: TextEdit[] }[]; changes?: Record<string, TextEdit[]> };
}

const SOURCE = [
  '"""Module."""',
  '',
  '',
  '@cache',
  'def price(item, rate: float = 0.2):',
  '    return item.cost * rate',
  '',
  '',
  'def stale(a, b):',
  '    """Stale.',
  '',
  '    Args:',
  '        a (int): The a.',
  '        gone: Removed.',
  '    """',
  '    return a',
  '',
  '',
  'def broken(:',
  '    pass',
  '',
].join('\n');

const CAPABILITIES = {
  workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
  textDocument: { codeAction: { disabledSupport: true, resolveSupport: { properties: ['edit'] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } } },
};

describe('docstring code actions over LSP', function () {
  let client: LspTestClient;
  const uri = LspTestClient.uri('actions.py');
  beforeEach(async () => { client = await LspTestClient.start(undefined, true, CAPABILITIES); });
  afterEach(async () => { await client.stop(); });

  const actionsAt = (line: number, diagnostics: unknown[] = [], only?: string[]) =>
    client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line, character: 0 }, end: { line, character: 0 } },
      context: { diagnostics, ...(only ? { only } : {}) },
    }) as Promise<CodeAction[]>;

  it('a DW103 quick fix inserts the template docstring after the decorator line, as a versioned edit', async () => {
    await client.open(uri, SOURCE);
    const published = await client.diagnostics(uri);
    const dw103 = published.diagnostics.filter((d) => d.code === 'DW103' && d.range.start.line === 4);
    assert.equal(dw103.length, 1);
    const actions = await actionsAt(4, dw103);
    const fix = actions.find((a) => a.kind === 'quickfix')!;
    assert.equal(fix.title, 'Generate docstring for `price`');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics!.map((d) => d.code), ['DW103']);
    const change = fix.edit!.documentChanges![0]!;
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    const text = applyEdits(SOURCE, change.edits);
    assert.equal(text.split('\n').slice(3, 13).join('\n'), [
      '@cache',
      'def price(item, rate: float = 0.2):',
      '    """TODO: Price.',
      '',
      '    Args:',
      '        item: TODO: Describe `item`.',
      '        rate (float): TODO: Describe `rate`. Defaults to `0.2`.',
      '',
      '    Returns:',
      '        TODO: Describe the return value.',
    ].join('\n'));
  });

  it('DW4xx get an "Update docstring" quick fix that keeps the human text', async () => {
    await client.open(uri, SOURCE);
    const published = await client.diagnostics(uri);
    const stale = published.diagnostics.filter((d) => String(d.code).startsWith('DW4'));
    assert.deepEqual(stale.map((d) => d.code), ['DW401', 'DW402', 'DW403']);
    const fix = (await actionsAt(8, stale)).find((a) => a.kind === 'quickfix')!;
    assert.equal(fix.title, 'Update docstring for `stale`');
    const text = applyEdits(SOURCE, fix.edit!.documentChanges![0]!.edits);
    assert.equal(text.split('\n').slice(8, 20).join('\n'), [
      'def stale(a, b):',
      '    """Stale.',
      '',
      '    Args:',
      '        a (int): The a.',
      '        b: TODO: Describe `b`.',
      '',
      '    Returns:',
      '        TODO: Describe the return value.',
      '    """',
      '    return a',
      '',
    ].join('\n'));
  });

  it('on a signature: generate; on a docstring with sections: update and convert to the other styles', async () => {
    await client.open(uri, SOURCE);
    await client.diagnostics(uri);
    assert.deepEqual((await actionsAt(3)).filter((a) => a.kind === 'refactor.rewrite').map((a) => a.title), ['Generate docstring for `price`']);
    const onDocstring = await actionsAt(11, [], ['refactor']);
    assert.deepEqual(onDocstring.map((a) => a.title), [
      'Update docstring for `stale`',
      'Convert docstring of `stale` to NumPy style',
      'Convert docstring of `stale` to Sphinx style',
    ]);
    const numpy = applyEdits(SOURCE, onDocstring[1]!.edit!.documentChanges![0]!.edits);
    assert.match(numpy, /    Parameters\n    ----------\n    a : int\n        The a\.\n    gone\n        Removed\.\n/);
  });

  it('code in a syntax-error region gets a disabled action with the reason', async () => {
    await client.open(uri, SOURCE);
    await client.diagnostics(uri);
    const actions = await actionsAt(18, [], ['refactor']);
    assert.equal(actions.length, 1);
    assert.match(actions[0]!.disabled!.reason, /syntax error/);
    assert.equal(actions[0]!.edit, undefined);
  });

  it('the source action lists the missing docstrings and resolves to all their edits', async () => {
    await client.open(uri, SOURCE);
    await client.diagnostics(uri);
    const [action] = await actionsAt(0, [], ['source']);
    assert.equal(action!.title, 'Generate 1 missing docstring in file');
    assert.equal(action!.kind, 'source.docwright.generateDocstrings');
    assert.equal(action!.edit, undefined, 'computed on resolve');
    const resolved = await client.connection.sendRequest('codeAction/resolve', action) as CodeAction;
    const text = applyEdits(SOURCE, resolved.edit!.documentChanges![0]!.edits);
    assert.match(text, /def price\(item, rate: float = 0\.2\):\n {4}"""TODO: Price\./);
    await client.edit(uri, [0, 0], [999, 0], text);
    const after = await client.diagnostics(uri);
    assert.deepEqual(after.diagnostics.filter((d) => /^DW10/.test(d.code)).map((d) => d.code), []);
  });

  it('on a CR-only file the fixes and the source action write the LF result with \\r breaks, and the same program', async () => {
    const lf = SOURCE.slice(0, SOURCE.indexOf('def broken'));
    const mac = lf.replace(/\n/g, '\r');
    const macUri = LspTestClient.uri('actions-mac.py');
    await client.open(uri, lf);
    await client.open(macUri, mac);
    const [lfPublished, macPublished] = [await client.diagnostics(uri), await client.diagnostics(macUri)];
    const strip = (p: typeof lfPublished) => p.diagnostics.map((d) => ({ ...d, codeDescription: undefined }));
    assert.deepEqual(strip(macPublished), strip(lfPublished));
    const actions = (target: string, line: number, only: string[]) => client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: target }, range: { start: { line, character: 0 }, end: { line, character: 0 } }, context: { diagnostics: [], only },
    }) as Promise<CodeAction[]>;
    const edited = async (target: string, text: string, line: number, only: string) => {
      const [action] = await actions(target, line, [only]);
      const resolved = action!.edit ? action! : await client.connection.sendRequest('codeAction/resolve', action) as CodeAction;
      return { title: action!.title, text: applyEdits(text, resolved.edit!.documentChanges![0]!.edits) };
    };
    for (const [line, only] of [[4, 'refactor.rewrite'], [9, 'refactor.rewrite'], [0, 'source']] as const) {
      const fromLf = await edited(uri, lf, line, only);
      const fromMac = await edited(macUri, mac, line, only);
      assert.equal(fromMac.title, fromLf.title);
      assert.notEqual(fromLf.text, lf, fromLf.title);
      assert.equal(fromMac.text, fromLf.text.replace(/\n/g, '\r'), fromMac.title);
      const ast = sameProgram(mac, fromMac.text);
      assert.deepEqual([ast.identical_ast, ast.unparsable_before, ast.new_syntax_errors], [1, 0, []], fromMac.title);
    }
  });

  it('hover says when a docstring is stale, with the codes', async () => {
    await client.open(uri, SOURCE);
    await client.diagnostics(uri);
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 5 } }) as { contents: { value: string } };
    assert.match(hover.contents.value, /Docstring: stale \(DW401, DW402, DW403\) — “Stale\.”/);
  });

  it('hover says why a free-form docstring is not judged, and its update is disabled with the reason', async () => {
    const free = LspTestClient.uri('free_form.py');
    const text = 'def f(a, b):\n    """Do it.\n\n    Args:\n        The arguments are passed on to open().\n    """\n    return a\n';
    await client.open(free, text);
    assert.deepEqual((await client.diagnostics(free)).diagnostics.filter((d) => d.code.startsWith('DW4')), []);
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: free }, range: { start: { line: 1, character: 6 }, end: { line: 1, character: 6 } }, context: { diagnostics: [] },
    }) as { title: string; disabled?: { reason: string } }[];
    assert.deepEqual(actions.filter((a) => a.title.startsWith('Update docstring')).map((a) => a.disabled?.reason), [
      'Docwright left it alone: it is free-form (its Args section is not a list of entries Docwright can read); Docwright leaves it as you wrote it',
    ]);
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: free }, position: { line: 0, character: 4 } }) as { contents: { value: string } };
    assert.match(hover.contents.value, /Docstring: present — “Do it\.”\n\nFree-form: its Args section is not a list of entries Docwright can read, so it is not checked against the signature and updates leave it alone\./);
  });
});

describe('Jupyter notebook cells over LSP', function () {
  let client: LspTestClient;
  // How VS Code names a cell: the notebook's path, and the cell in the fragment.
  const notebook = LspTestClient.uri('analysis.ipynb');
  const cell = `${notebook.replace(/^file:/, 'vscode-notebook-cell:')}#W1sZmlsZQ%3D%3D`;
  const CELL = [
    '%matplotlib inline',          // 1
    '!pip install numpy',          // 2
    'def branchy(a, b, c):',       // 3
    '    %time prepare()',         // 4: a magic in a body breaks the def for a plain parser
    '    if a and b:',             // 5
    '        for x in c:',         // 6
    '            if x:',           // 7
    '                return x',    // 8
    '    return None',             // 9
    '',
  ].join('\n');
  beforeEach(async () => { client = await LspTestClient.start(undefined, true, CAPABILITIES); });
  afterEach(async () => { await client.stop(); });

  it('a cell with magics is analysed, never asked for a module docstring, and gets its fix', async () => {
    await client.open(cell, CELL);
    const published = await client.diagnostics(cell);
    assert.deepEqual(published.diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`), ['3:DW103']);
    // A keystroke that turns a line into a magic is seen at once.
    await client.edit(cell, [2, 0], [2, 0], 'x = !ls\n');
    const edited = await client.diagnostics(cell, (p) => p.diagnostics.some((d) => d.range.start.line === 3));
    assert.deepEqual(edited.diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`), ['4:DW103']);
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: cell }, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } },
      context: { diagnostics: edited.diagnostics },
    }) as CodeAction[];
    const fix = actions.find((a) => a.kind === 'quickfix')!;
    assert.equal(fix.title, 'Generate docstring for `branchy`');
    const text = applyEdits(`${CELL.split('\n').slice(0, 2).join('\n')}\nx = !ls\n${CELL.split('\n').slice(2).join('\n')}`, fix.edit!.documentChanges![0]!.edits);
    assert.deepEqual(text.split('\n').slice(0, 5), ['%matplotlib inline', '!pip install numpy', 'x = !ls', 'def branchy(a, b, c):', '    """TODO: Branchy.']);
  });
});
