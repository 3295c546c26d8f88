import { strict as assert } from 'node:assert';
import { Parser, type Tree } from 'web-tree-sitter';
import { verifyEdits, type TextEdit } from '../../server/src/core/docstring/edit';
import { dominantLineEnding, lineStartOf, nextLineStart, parserText, treeEdit, lineStarts, pointIn } from '../../server/src/core/parse/lines';
import { sameProgram } from '../astSame';
import { documentSource, findingsFor, py, setup } from './helpers';

/** Old Mac files end lines with a lone '\r', which Python reads as a line break. */

const cr = (text: string) => text.replace(/\n/g, '\r');

const SOURCE = py`
  """Module."""


  def branchy(a, b, c):
      if a and b:
          for x in c:
              if x:
                  return x
      return None


  class Shape:
      """A shape."""

      def area(self):  # noqa: DW102
          return 0

      def stale(self, a):
          """Stale.

          Args:
              a (int): The a.
              gone: Removed.
          """
          return a
`;

describe('CR-only line endings', () => {
  it('line helpers count \\r\\n, a lone \\r and \\n as one break each', () => {
    const text = 'a\r\nb\rc\nd';
    assert.deepEqual(lineStarts(text), [0, 3, 5, 7]);
    assert.deepEqual(pointIn(lineStarts(text), 6), { row: 2, column: 1 });
    assert.deepEqual([lineStartOf(text, 4), lineStartOf(text, 6), nextLineStart(text, 0), nextLineStart(text, 4), nextLineStart(text, 7)], [3, 5, 3, 5, -1]);
    assert.equal(parserText(text), 'a\r\nb\nc\nd');
    assert.deepEqual([dominantLineEnding('a\rb\rc\n'), dominantLineEnding('a\r\nb\r\nc\r'), dominantLineEnding('a\nb\r'), dominantLineEnding('x')], ['\r', '\r\n', '\n', '\n']);
  });

  it('an edit next to a lone \\r is widened so the parser sees no character outside it change', () => {
    const points = (text: string) => (offset: number) => pointIn(lineStarts(text), offset);
    // "a\r|b": inserting "\n" after the '\r' makes it half of a '\r\n'.
    const joined = treeEdit('a\rb', 2, 2, '\n', points('a\rb'));
    assert.deepEqual([joined.startIndex, joined.oldEndIndex, joined.newEndIndex], [1, 2, 3]);
    assert.deepEqual([joined.startPosition, joined.oldEndPosition, joined.newEndPosition], [{ row: 0, column: 1 }, { row: 1, column: 0 }, { row: 1, column: 0 }]);
    // "a|\nb": inserting "\r" before the '\n' joins them into one break.
    const before = treeEdit('a\nb', 1, 1, 'x\r', points('a\nb'));
    assert.deepEqual([before.startIndex, before.oldEndIndex, before.newEndIndex, before.newEndPosition], [1, 2, 4, { row: 1, column: 0 }]);
  });

  it('findings sit where they sit in the LF copy', async () => {
    const lf = await findingsFor(SOURCE);
    const mac = await findingsFor(cr(SOURCE));
    const where = (f: (typeof lf)[number]) => `${f.code} ${f.span.startLine}:${f.span.startCol}-${f.span.endLine}:${f.span.endCol} ${f.message}`;
    assert.deepEqual(mac.map(where), lf.map(where));
    assert.deepEqual(mac.map(where), [
      'DW103 3:4-3:11 Missing docstring in public function: `branchy`',
      'DW402 17:8-17:13 Documented parameter `gone` is not in the signature (`Shape.stale`)',
      'DW403 17:8-17:13 A value is returned but the docstring has no Returns section (`Shape.stale`)',
    ]);
  });

  it('generate and update write the LF result with \\r breaks: valid Python, the same program without docstrings', async () => {
    const lf = await documentSource(SOURCE);
    const mac = await documentSource(cr(SOURCE));
    assert.equal(mac.skipped.length, 0, JSON.stringify(mac.skipped));
    assert.deepEqual(mac.edits.map((e) => e.qualname), lf.edits.map((e) => e.qualname));
    assert.ok(lf.text.includes('"""TODO: Branchy.') && !lf.text.includes('gone:'), lf.text);
    assert.equal(mac.text, cr(lf.text));
    const ast = sameProgram(cr(SOURCE), mac.text);
    assert.deepEqual([ast.identical_ast, ast.unparsable_before, ast.new_syntax_errors], [1, 0, []]);
  });

  it('a module docstring goes at the top of a CR-only file, never after its last line', async () => {
    const source = 'import os\r\rx = os.sep\r';
    const { text } = await documentSource(source, { only: 'missing' });
    assert.equal(text, '"""TODO: Describe the `mod` module."""\r\rimport os\r\rx = os.sep\r');
  });

  it('the verifier refuses, on its own, an edit that re-indents a CR-only body or a tree read with CR as blank space', async () => {
    const { grammar } = await setup();
    const parser = grammar.newParser();
    const source = 'class A:\r    def m(self):\r        return 1\r';
    const tree = parser.parse(source)!;
    const parse = (text: string, old?: Tree) => parser.parse(text, old ?? null)!;
    const at = source.indexOf('        return');
    const literal = '"""Doc."""';
    const edit = (indent: string): TextEdit => ({ start: at, end: at, newText: `${indent}${literal}\r`, literalStart: indent.length, literalEnd: indent.length + literal.length });
    try {
      assert.deepEqual(verifyEdits(source, tree, [edit('        ')], parse), { ok: true, text: source.slice(0, at) + `        ${literal}\r` + source.slice(at) });
      const dedented = verifyEdits(source, tree, [edit('    ')], parse);
      assert.equal(dedented.ok, false);
      // A parser that is not the grammar's reads the lone '\r's as blank space: one long line.
      const raw = new Parser();
      raw.setLanguage(grammar.language);
      const wrong = raw.parse(source)!;
      try {
        assert.deepEqual(verifyEdits(source, wrong, [edit('        ')], parse), { ok: false, reason: "the syntax tree does not match the text's lines" });
      } finally {
        wrong.delete();
        raw.delete();
      }
    } finally {
      tree.delete();
      parser.delete();
    }
  });
});
