import { strict as assert } from 'node:assert';
import { verifyEdits, type TextEdit } from '../../server/src/core/docstring/edit';
import { documentSource, py, setup } from './helpers';

/** Where docstrings go and what they say: the template provider end to end on real parses. */

const generate = async (source: string, style: 'google' | 'numpy' | 'sphinx' = 'google') => (await documentSource(source, { style })).text;

describe('docstring placement', () => {
  it('after decorators and a multi-line signature with a comment after the colon', async () => {
    const source = py`
      """Module."""


      @decorator(1)
      @other
      def spread(
          first: int,
          second: "Cart",
      ) -> None:  # keep me
          # and me
          return None
    `;
    assert.equal(await generate(source), py`
      """Module."""


      @decorator(1)
      @other
      def spread(
          first: int,
          second: "Cart",
      ) -> None:  # keep me
          """TODO: Spread.

          Args:
              first (int): TODO: Describe \`first\`.
              second (Cart): TODO: Describe \`second\`.
          """
          # and me
          return None
    `);
  });

  it('splits one-line bodies and fills pass and ... bodies', async () => {
    const source = py`
      """Module."""


      def one(): return 1
      class Empty: pass
      def stub(x): ...
    `;
    assert.equal(await generate(source), py`
      """Module."""


      def one():
          """TODO: One.

          Returns:
              TODO: Describe the return value.
          """
          return 1
      class Empty:
          """TODO: Describe \`Empty\`."""

          pass
      def stub(x):
          """TODO: Stub.

          Args:
              x: TODO: Describe \`x\`.
          """
          ...
    `);
  });

  it('nested functions and methods of classes in functions get the right indentation', async () => {
    const source = py`
      """Module."""


      def outer():
          """Outer."""
          def inner(a):
              return a
          class Local:
              def method(self):
                  pass
          return inner
    `;
    const result = await documentSource(source, { requests: [{ index: 1, action: 'generate' }, { index: 3, action: 'generate' }] });
    assert.equal(result.text, py`
      """Module."""


      def outer():
          """Outer."""
          def inner(a):
              """TODO: Inner.

              Args:
                  a: TODO: Describe \`a\`.

              Returns:
                  TODO: Describe the return value.
              """
              return a
          class Local:
              def method(self):
                  """TODO: Method."""
                  pass
          return inner
    `);
  });

  it('module docstrings go after the shebang, coding line and comments, before __future__', async () => {
    const source = '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n# Copyright\n\nfrom __future__ import annotations\nx = 1\n';
    const result = await documentSource(source, { requests: [{ index: -1, action: 'generate' }], path: 'pkg/tool.py' });
    assert.equal(result.text, '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n# Copyright\n\n"""TODO: Describe the `tool` module."""\n\nfrom __future__ import annotations\nx = 1\n');
    const empty = await documentSource('', { requests: [{ index: -1, action: 'generate' }], path: 'pkg/__init__.py' });
    assert.equal(empty.text, '"""TODO: Describe the `pkg` module."""\n');
  });

  it("replaces ''' , r\"\"\" and single-quoted literals in place", async () => {
    const source = py`
      def a(x):
          '''Old.'''
          return x

      def b(x):
          r"""Match \\d."""
          return x

      def c(x):
          "Single."
          return x
    `;
    const result = await documentSource(source, {
      requests: [0, 1, 2].map((index) => ({ index, action: 'update' as const })),
    });
    assert.equal(result.text, py`
      def a(x):
          """Old.

          Args:
              x: TODO: Describe \`x\`.

          Returns:
              TODO: Describe the return value.
          """
          return x

      def b(x):
          r"""Match \\d.

          Args:
              x: TODO: Describe \`x\`.

          Returns:
              TODO: Describe the return value.
          """
          return x

      def c(x):
          """Single.

          Args:
              x: TODO: Describe \`x\`.

          Returns:
              TODO: Describe the return value.
          """
          return x
    `);
  });

  it('keeps CRLF line endings and tab indentation', async () => {
    const source = '"""M."""\r\n\r\n\r\ndef f(a):\r\n\tif a:\r\n\t\treturn 1\r\n\treturn 2\r\n';
    const text = await generate(source);
    assert.equal(text, '"""M."""\r\n\r\n\r\ndef f(a):\r\n\t"""TODO: F.\r\n\r\n\tArgs:\r\n\t    a: TODO: Describe `a`.\r\n\r\n\tReturns:\r\n\t    TODO: Describe the return value.\r\n\t"""\r\n\tif a:\r\n\t\treturn 1\r\n\treturn 2\r\n');
    const oneLine = await generate('"""M."""\n\n\ndef f():\n\tpass\ndef g(): return 1\n');
    assert.match(oneLine, /\ndef g\(\):\n\t"""TODO: G\.\n/);
  });

  it('a second run changes nothing', async () => {
    const source = py`
      class Shop:
          def __init__(self, name: str, open_: bool = True):
              self.name = name
          def sell(self, item, *args, **kwargs) -> Iterator[int]:
              if not item:
                  raise ValueError(item)
              yield 1
    `;
    for (const style of ['google', 'numpy', 'sphinx'] as const) {
      const once = (await documentSource(source, { style })).text;
      const twice = await documentSource(once, { style });
      assert.equal(twice.edits.length, 0, `${style}:\n${once}`);
      assert.equal(twice.text, once);
    }
  });
});

describe('blank lines around a new docstring (pydocstyle D202, D204)', () => {
  const only = (source: string, index: number) => documentSource(source, { requests: [{ index, action: 'generate' }] });
  const each = (source: string, indices: number[]) => documentSource(source, { requests: indices.map((index) => ({ index, action: 'generate' as const })) });

  it('a class docstring is followed by exactly one blank line: before code, a comment, or after two', async () => {
    const source = py`
      class Tight:
          x = 1
      class Commented:
          # why x
          x = 1
      class Loose:


          x = 1
      class Inline: x = 1
    `;
    assert.equal((await each(source, [0, 1, 2, 3])).text, py`
      class Tight:
          """TODO: Describe \`Tight\`."""

          x = 1
      class Commented:
          """TODO: Describe \`Commented\`."""

          # why x
          x = 1
      class Loose:
          """TODO: Describe \`Loose\`."""

          x = 1
      class Inline:
          """TODO: Describe \`Inline\`."""

          x = 1
    `);
  });

  it("a function docstring is followed by none, except the author's one blank line before a nested def", async () => {
    const source = [
      'def spaced():', '', '    return 1',
      'def blank_with_spaces():', '    \t', '    pass',
      'def before_comment():', '', '    # why', '    pass',
      'def nested():', '', '    # helper', '    @cache', '    def helper():', '        pass',
      'def nested_far():', '', '', '    class Local:', '        pass',
      'def comment_then_blank():', '    # why', '', '    pass', '',
    ].join('\n');
    assert.equal((await each(source, [0, 1, 2, 3, 5, 7])).text, [
      'def spaced():', '    """TODO: Spaced.', '', '    Returns:', '        TODO: Describe the return value.', '    """', '    return 1',
      'def blank_with_spaces():', '    """TODO: Blank with spaces."""', '    pass',
      'def before_comment():', '    """TODO: Before comment."""', '    # why', '    pass',
      'def nested():', '    """TODO: Nested."""', '', '    # helper', '    @cache', '    def helper():', '        pass',
      'def nested_far():', '    """TODO: Nested far."""', '', '    class Local:', '        pass',
      'def comment_then_blank():', '    """TODO: Comment then blank."""', '    # why', '', '    pass', '',
    ].join('\n'));
  });

  it('keeps CRLF in the blank lines it writes and removes', async () => {
    const source = 'class A:\r\n    x = 1\r\ndef f():\r\n\r\n    pass\r\n';
    assert.equal((await only(source, 0)).text, 'class A:\r\n    """TODO: Describe `A`."""\r\n\r\n    x = 1\r\ndef f():\r\n\r\n    pass\r\n');
    assert.equal((await only(source, 1)).text, 'class A:\r\n    x = 1\r\ndef f():\r\n    """TODO: F."""\r\n    pass\r\n');
  });
});

describe('the edit check (invariant 1) lets only whitespace change around the literal', () => {
  const source = 'def f():\n    x = 1\n    return x\n';
  const literal = '"""Doc."""';
  const at = source.indexOf('    x');
  const check = async (edit: TextEdit) => {
    const { grammar } = await setup();
    const parser = grammar.newParser();
    const tree = parser.parse(source)!;
    try {
      return verifyEdits(source, tree, [edit], (text, old) => parser.parse(text, old ?? null)!);
    } finally {
      tree.delete();
      parser.delete();
    }
  };

  it('accepts blank lines written after the literal', async () => {
    const verdict = await check({ start: at, end: at, newText: `    ${literal}\n\n`, literalStart: 4, literalEnd: 4 + literal.length });
    assert.deepEqual(verdict, { ok: true, text: `def f():\n    ${literal}\n\n    x = 1\n    return x\n` });
  });

  it('refuses an edit whose replaced range holds code, though what is left still parses', async () => {
    const end = source.indexOf('    return');
    const verdict = await check({ start: at, end, newText: `    ${literal}\n`, literalStart: 4, literalEnd: 4 + literal.length });
    assert.deepEqual(verdict, { ok: false, reason: 'the edit replaces more than a docstring' });
  });

  it('refuses an edit that writes anything but whitespace around its literal', async () => {
    const verdict = await check({ start: at, end: at, newText: `    ${literal}\n    y = 2\n`, literalStart: 4, literalEnd: 4 + literal.length });
    assert.deepEqual(verdict, { ok: false, reason: 'the edit writes more than a docstring' });
  });
});

describe('what is left alone, with a reason', () => {
  it('f-string, concatenated and bytes "docstrings"', async () => {
    const source = py`
      def f():
          f"""Not {a} docstring."""
      def g():
          "Not" " one"
      def h():
          b"""Bytes."""
    `;
    const result = await documentSource(source, { requests: [0, 1, 2].map((index) => ({ index, action: 'generate' as const })) });
    assert.equal(result.text, source);
    assert.deepEqual(result.skipped.map((s) => s.qualname), ['f', 'g', 'h']);
    assert.ok(result.skipped.every((s) => /not a docstring/.test(s.reason)));
  });

  it('a function inside a syntax-error region', async () => {
    const source = py`
      def fine(a):
          return a

      def broken(a):
          return (a +
    `;
    const result = await documentSource(source, { requests: [{ index: 0, action: 'generate' }, { index: 1, action: 'generate' }] });
    assert.deepEqual(result.skipped.map((s) => [s.qualname, /syntax error/.test(s.reason)]), [['broken', true]]);
    assert.match(result.text, /def fine\(a\):\n {4}"""TODO: Fine\./);
  });

  it('a function whose body is only a comment (a syntax error) and an unterminated string', async () => {
    for (const source of ['def f():\n    # nothing\n', 'def f():\n    """unterminated\n    return 1\n']) {
      const result = await documentSource(source, { requests: [{ index: 0, action: 'generate' }] });
      assert.equal(result.text, source);
      assert.equal(result.edits.length, 0);
    }
  });
});
