import { strict as assert } from 'node:assert';
import { applyEdits, LspTestClient, type TextEdit } from './lspClient';

interface CompletionItem {
  label: string;
  detail?: string;
  filterText?: string;
  insertTextFormat?: number;
  insertTextMode?: number;
  textEdit?: TextEdit;
}

interface SnippetArgs {
  uri: string;
  version: number;
  range: TextEdit['range'];
  snippet: string;
}

interface CodeAction {
  title: string;
  kind: string;
  isPreferred?: boolean;
  diagnostics?: { code: string }[];
  command?: { command: string; arguments?: SnippetArgs[] };
  edit?: { documentChanges?: { edits: TextEdit[] }[] };
}

const SNIPPETS = {
  workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
  textDocument: {
    completion: { completionItem: { snippetSupport: true } },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } },
  },
};
const PLAIN = { ...SNIPPETS, textDocument: { ...SNIPPETS.textDocument, completion: {} } };

/** The text a snippet inserts when every tab stop keeps its default: what the editor would show. */
function withDefaults(snippet: string): string {
  return snippet.replace(/\$\{\d+:((?:\\.|[^\\}])*)\}|\\(.)/g, (_, inner: string | undefined, escaped: string | undefined) =>
    inner !== undefined ? inner.replace(/\\(.)/g, '$1') : escaped!);
}

const FUNCTION = [
  '"""Shop."""',
  '',
  '',
  'def price(item, rate: float = 0.2):',
  '    """',
  '    return item.cost * rate',
  '',
].join('\n');

describe('docstring snippets over LSP', function () {
  let client: LspTestClient;
  const uri = LspTestClient.uri('snippets.py');
  afterEach(async () => { await client.stop(); });

  const complete = (line: number, character: number, trigger = '"') =>
    client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri }, position: { line, character }, context: { triggerKind: 2, triggerCharacter: trigger },
    }) as Promise<CompletionItem[] | null>;

  /** The docstring quick fixes (every finding also has its "Ignore … on this line", tested in complexity.test.ts). */
  const quickFixes = async (line: number, diagnostics: unknown[]) =>
    (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: { start: { line, character: 0 }, end: { line, character: 0 } }, context: { diagnostics, only: ['quickfix'] },
    }) as CodeAction[]).filter((a) => !a.title.startsWith('Ignore '));

  describe('typing """ offers "Generate docstring"', () => {
    const expected = {
      google: [
        '"""${1:TODO: Price.}',
        '',
        '    Args:',
        '        item: ${2:TODO: Describe `item`.}',
        '        rate (float): ${3:TODO: Describe `rate`.} Defaults to `0.2`.',
        '',
        '    Returns:',
        '        ${4:TODO: Describe the return value.}',
        '    """',
      ],
      numpy: [
        '"""${1:TODO: Price.}',
        '',
        '    Parameters',
        '    ----------',
        '    item',
        '        ${2:TODO: Describe `item`.}',
        '    rate : float',
        '        ${3:TODO: Describe `rate`.} Defaults to `0.2`.',
        '',
        '    Returns',
        '    -------',
        '    ${4:TODO: Describe the return value.}',
        '    """',
      ],
      sphinx: [
        '"""${1:TODO: Price.}',
        '',
        '    :param item: ${2:TODO: Describe `item`.}',
        '    :param rate: ${3:TODO: Describe `rate`.} Defaults to `0.2`.',
        '    :type rate: float',
        '    :returns: ${4:TODO: Describe the return value.}',
        '    """',
      ],
    };
    for (const [style, lines] of Object.entries(expected)) {
      it(`in ${style} style: the snippet replaces the quotes, a tab stop on each placeholder, the summary first`, async () => {
        client = await LspTestClient.start(undefined, true, SNIPPETS);
        client.settings = { style };
        await client.open(uri, FUNCTION);
        await client.diagnostics(uri);
        const items = await complete(4, 7);
        assert.equal(items!.length, 1);
        const [item] = items!;
        assert.equal(item!.label, 'Generate docstring');
        assert.equal(item!.detail, `Docwright: ${{ google: 'Google', numpy: 'NumPy', sphinx: 'Sphinx' }[style]} style`);
        assert.equal(item!.filterText, '"""');
        assert.equal(item!.insertTextFormat, 2, 'snippet');
        assert.equal(item!.insertTextMode, 1, 'as is: the lines carry their indentation');
        assert.deepEqual(item!.textEdit!.range, { start: { line: 4, character: 4 }, end: { line: 4, character: 7 } });
        assert.equal(item!.textEdit!.newText, lines.join('\n'));
      });
    }

    it("quotes the editor closed as they were typed are replaced too, and ''' works as \"\"\" does", async () => {
      client = await LspTestClient.start(undefined, true, SNIPPETS);
      const closed = FUNCTION.replace('    """\n', '    """"""\n');
      await client.open(uri, closed);
      const [item] = (await complete(4, 7))!;
      assert.deepEqual(item!.textEdit!.range, { start: { line: 4, character: 4 }, end: { line: 4, character: 10 } });
      assert.equal(applyEdits(closed, [{ range: item!.textEdit!.range, newText: withDefaults(item!.textEdit!.newText) }]).split('\n').slice(3, 6).join('\n'),
        'def price(item, rate: float = 0.2):\n    """TODO: Price.\n');
      const single = FUNCTION.replace('    """\n', "    '''\n");
      await client.open(uri, single);
      const [quoted] = (await complete(4, 7, "'"))!;
      assert.equal(quoted!.filterText, "'''");
      assert.match(quoted!.textEdit!.newText, /^"""\$\{1:TODO: Price\.\}\n/);
    });

    it('nothing outside docstring position, nor before the third quote', async () => {
      client = await LspTestClient.start(undefined, true, SNIPPETS);
      const second = FUNCTION.replace('    """\n    return item.cost * rate', '    total = item.cost * rate\n    """');
      await client.open(uri, second);
      assert.deepEqual(await complete(5, 7), []);
      await client.open(uri, FUNCTION.replace('    """\n', '    ""\n'));
      assert.deepEqual(await complete(4, 6), []);
      await client.open(uri, FUNCTION.replace('    """\n', '    x = """\n'));
      assert.deepEqual(await complete(4, 11), []);
    });

    it('a client without snippet support gets the plain docstring', async () => {
      client = await LspTestClient.start(undefined, true, PLAIN);
      await client.open(uri, FUNCTION);
      const [item] = (await complete(4, 7))!;
      assert.equal(item!.insertTextFormat, 1, 'plain text');
      assert.equal(item!.textEdit!.newText.split('\n')[0], '"""TODO: Price.');
      assert.ok(!item!.textEdit!.newText.includes('${'));
    });
  });

  describe('the Generate docstring code action', () => {
    const SOURCE = FUNCTION.replace('    """\n', '');

    it('carries the insertSnippet command when the client runs it, with the verified text as its defaults', async () => {
      client = await LspTestClient.start(undefined, true, PLAIN);
      await client.open(uri, SOURCE);
      const plainDiagnostics = (await client.diagnostics(uri)).diagnostics.filter((d) => d.code === 'DW103');
      const plain = (await quickFixes(3, plainDiagnostics))[0]!;
      assert.equal(plain.command, undefined, 'a client without the command gets the edit');
      const [edit] = plain.edit!.documentChanges![0]!.edits;
      await client.stop();

      client = await LspTestClient.start(undefined, true, PLAIN, { snippetCommand: true });
      await client.open(uri, SOURCE);
      const diagnostics = (await client.diagnostics(uri)).diagnostics.filter((d) => d.code === 'DW103');
      const fix = (await quickFixes(3, diagnostics))[0]!;
      assert.equal(fix.title, 'Generate docstring for `price`');
      assert.equal(fix.isPreferred, true);
      assert.equal(fix.edit, undefined);
      assert.equal(fix.command!.command, 'docwright.insertSnippet');
      const args = fix.command!.arguments![0]!;
      assert.equal(args.uri, uri);
      assert.equal(args.version, 1);
      assert.deepEqual(args.range, edit!.range);
      assert.equal(withDefaults(args.snippet), edit!.newText);
      assert.equal(args.snippet.split('\n').slice(0, 4).join('\n'), [
        '    """${1:TODO: Price.}',
        '',
        '    Args:',
        '        item: ${2:TODO: Describe `item`.}',
      ].join('\n'));
    });

    it('escapes $, } and \\ in the text around the tab stops', async () => {
      client = await LspTestClient.start(undefined, true, PLAIN, { snippetCommand: true });
      const source = 'def cost(pattern="${a}\\\\"):\n    return pattern\n';
      await client.open(uri, source);
      const [fix] = await quickFixes(0, (await client.diagnostics(uri)).diagnostics.filter((d) => d.code === 'DW103'));
      const snippet = fix!.command!.arguments![0]!.snippet;
      assert.match(snippet, /Defaults to `"\\\$\{a\\\}\\\\\\\\"`\./);
      assert.match(withDefaults(snippet), /^ {4}r"""TODO: Cost\.\n[\s\S]*Defaults to `"\$\{a\}\\\\"`\.\n/);
    });
  });

  describe('DW501', () => {
    const STUB = [
      '"""TODO: Describe the `snippets` module."""',
      '',
      '',
      'def price(item, rate):',
      '    """TODO: Price.',
      '',
      '    Args:',
      '        item: The item.',
      '        rate: TODO: Describe `rate`.',
      '    """',
      '    return item.cost * rate',
      '',
    ].join('\n');

    it('reports placeholder docstrings; its quick fix turns the docstring into a snippet', async () => {
      client = await LspTestClient.start(undefined, true, PLAIN, { snippetCommand: true });
      client.settings = { ignore: ['DW4'] };
      await client.open(uri, STUB);
      const published = (await client.diagnostics(uri)).diagnostics.filter((d) => d.code === 'DW501');
      assert.deepEqual(published.map((d) => [d.range, d.severity, d.message]), [
        [{ start: { line: 0, character: 0 }, end: { line: 0, character: 43 } }, 3, 'Docstring is a placeholder: TODO in summary (module)'],
        [{ start: { line: 3, character: 4 }, end: { line: 3, character: 9 } }, 3, 'Docstring is a placeholder: TODO in summary, `rate` (`price`)'],
      ]);
      const [fix] = await quickFixes(3, [published[1]]);
      assert.equal(fix!.title, 'Fill in the docstring placeholders of `price`');
      assert.deepEqual(fix!.diagnostics!.map((d) => d.code), ['DW501']);
      assert.equal(fix!.edit, undefined);
      const args = fix!.command!.arguments![0]!;
      assert.deepEqual(args.range, { start: { line: 4, character: 4 }, end: { line: 9, character: 7 } });
      assert.equal(args.snippet, [
        '"""${1:TODO: Price.}',
        '',
        '    Args:',
        '        item: The item.',
        '        rate: ${2:TODO: Describe `rate`.}',
        '    """',
      ].join('\n'));
      const [moduleFix] = await quickFixes(0, [published[0]]);
      assert.equal(moduleFix!.title, 'Fill in the docstring placeholders of the module');
      assert.equal(moduleFix!.command!.arguments![0]!.snippet, '"""${1:TODO: Describe the `snippets` module.}"""');
    });

    it('a client that cannot insert snippets is offered no fix: the plain edit would change nothing', async () => {
      client = await LspTestClient.start(undefined, true, PLAIN);
      client.settings = { ignore: ['DW4'] };
      await client.open(uri, STUB);
      const published = (await client.diagnostics(uri)).diagnostics.filter((d) => d.code === 'DW501');
      assert.deepEqual(await quickFixes(3, [published[1]]), []);
    });
  });
});
