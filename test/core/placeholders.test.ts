import { strict as assert } from 'node:assert';
import { placeholderFor, placeholderSummary, templateModel, type Expected } from '../../server/src/core/docstring/expect';
import { formatDocstring } from '../../server/src/core/docstring/format';
import { isPlaceholder, placeholder, placeholderParts, placeholderRanges } from '../../server/src/core/docstring/model';
import { escapeSnippet, snippetOf } from '../../server/src/core/docstring/snippet';
import { codesFor, documentSource, findingsFor, py } from './helpers';

const FUNCTION: Expected = {
  kind: 'function', name: 'price_for', params: [{ name: 'item', bare: 'item' }, { name: 'rate', bare: 'rate', type: 'float', default: '`0.2`' }],
  acceptsKeywords: false, returns: 'required', returnType: 'float', yields: 'forbidden', raises: ['KeyError'], raisesForbidden: false,
  attributes: [], skipChecks: false,
};

describe('placeholders: one form, one recogniser', () => {
  it('everything the template cannot know is written in the one form, and recognised by it', () => {
    const texts = [
      placeholderSummary(FUNCTION), placeholderSummary({ ...FUNCTION, kind: 'module', name: 'shop' }),
      placeholderSummary({ ...FUNCTION, kind: 'class', name: 'Cart' }), placeholderSummary({ ...FUNCTION, name: '__init__', className: 'Cart' }),
      placeholderSummary({ ...FUNCTION, name: '__eq__' }), placeholderFor.param('rate'), placeholderFor.returns(), placeholderFor.yields(), placeholderFor.raises(),
    ];
    assert.deepEqual(texts, [
      'TODO: Price for.', 'TODO: Describe the `shop` module.', 'TODO: Describe `Cart`.', 'TODO: Initialize `Cart`.', 'TODO: Implement `__eq__`.',
      'TODO: Describe `rate`.', 'TODO: Describe the return value.', 'TODO: Describe the yielded values.', 'TODO: Describe when it is raised.',
    ]);
    for (const text of texts) {
      assert.ok(isPlaceholder(text), text);
      assert.deepEqual(placeholderRanges(text), [[0, text.length]], text);
    }
    assert.equal(placeholder('Describe `x`'), 'TODO: Describe `x`.');
  });

  it("a human's text is not a placeholder, even when it mentions TODO", () => {
    for (const text of ['Compute the price.', 'TODOs are tracked elsewhere.', 'TODO list of the cart.', 'The TODO: marker is read by tools.', '', 'todo: lower case is prose']) {
      assert.equal(isPlaceholder(text), false, text);
    }
    assert.ok(isPlaceholder('  TODO: write this properly\nlater.'), 'a TODO: an author left is a placeholder too');
    assert.deepEqual(placeholderRanges('Price (see TODO.md). Fetches ATODO: x.'), []);
  });

  it('finds each placeholder sentence in rendered text: up to the first period outside backticks, wrapped lines included, never past a blank line', () => {
    const text = 'x: TODO: Describe `os.path`. Defaults to `1`.\n    y: TODO: Describe\n        `a_long_name`.\n    TODO: no period\n\n    Done.';
    assert.deepEqual(placeholderRanges(text).map(([s, e]) => text.slice(s, e)), ['TODO: Describe `os.path`.', 'TODO: Describe\n        `a_long_name`.']);
  });

  it("names the parts of a docstring that are still placeholders", () => {
    const model = templateModel(FUNCTION);
    model.params[0]!.description = 'The item.';
    assert.deepEqual(placeholderParts(model), ['summary', '`rate`', 'returns', '`KeyError`']);
    model.summary = 'Price of an item.';
    model.params[1]!.description = 'The rate.';
    model.returns[0]!.description = 'The price.';
    model.raises[0]!.description = 'Unknown item.';
    assert.deepEqual(placeholderParts(model), []);
  });
});

describe('snippets from rendered docstrings', () => {
  it('a tab stop on each placeholder, in order, the summary first; the defaults give back the rendered text', () => {
    for (const style of ['google', 'numpy', 'sphinx'] as const) {
      const text = formatDocstring(templateModel(FUNCTION), style, { indentWidth: 4, lineLength: 88 }).join('\n');
      const snippet = snippetOf(text);
      const stops = [...snippet.matchAll(/\$\{(\d+):([^}]*)\}/g)].map((m) => [Number(m[1]), m[2]]);
      assert.deepEqual(stops, [
        [1, 'TODO: Price for.'], [2, 'TODO: Describe `item`.'], [3, 'TODO: Describe `rate`.'],
        [4, 'TODO: Describe the return value.'], [5, 'TODO: Describe when it is raised.'],
      ], style);
      assert.equal(snippet.replace(/\$\{\d+:([^}]*)\}/g, '$1'), text, style);
    }
  });

  it('escapes $, } and \\ inside and outside tab stops', () => {
    assert.equal(escapeSnippet('a $b} c\\d {e'), 'a \\$b\\} c\\\\d {e');
    assert.equal(snippetOf('"""TODO: Cost of `$x`.\n\n    Defaults to `"${a}\\\\"`."""'),
      '"""${1:TODO: Cost of `\\$x`.}\n\n    Defaults to `"\\${a\\}\\\\\\\\"`."""');
    assert.equal(snippetOf('No placeholder here.'), 'No placeholder here.');
  });
});

describe('DW501: placeholder docstrings', () => {
  it('reports a docstring whose summary or any description is still a placeholder, information by default', async () => {
    const source = py`
      """TODO: Describe the \`mod\` module."""


      class Cart:
          """A cart.

          Attributes:
              items: TODO: Describe \`items\`.
          """


      def done(a):
          """Add one.

          Args:
              a: The number.

          Returns:
              The number plus one.
          """
          return a + 1


      def stub(a):
          """TODO: Stub."""
          return a


      def raises(a):
          """Check a.

          Raises:
              ValueError: TODO: Describe when it is raised.
          """
          raise ValueError(a)
    `;
    const found = (await findingsFor(source)).filter((f) => f.code === 'DW501');
    assert.deepEqual(found.map((f) => [f.span.startLine + 1, f.severity, f.message]), [
      [1, 'information', 'Docstring is a placeholder: TODO in summary (module)'],
      [4, 'information', 'Docstring is a placeholder: TODO in `items` (`Cart`)'],
      [24, 'information', 'Docstring is a placeholder: TODO in summary (`stub`)'],
      [29, 'information', 'Docstring is a placeholder: TODO in `ValueError` (`raises`)'],
    ]);
  });

  it('what the template writes is reported until someone writes the text; severity, ignore and noqa apply', async () => {
    const { text } = await documentSource('"""M."""\n\n\ndef price(item):\n    return item.cost\n', { only: 'missing' });
    assert.deepEqual(await codesFor(text), ['4:DW501']);
    assert.deepEqual(await codesFor(text, 'pkg/mod.py', { ignore: ['DW501'] }), []);
    assert.deepEqual((await findingsFor(text, 'pkg/mod.py', { severity: { DW501: 'warning' } })).map((f) => f.severity), ['warning']);
    assert.deepEqual(await codesFor(text.replace('def price(item):', 'def price(item):  # noqa: DW501')), []);
    const written = text.replace('TODO: Price.', 'Price of an item.').replace('TODO: Describe `item`.', 'The item.').replace('TODO: Describe the return value.', 'Its cost.');
    assert.deepEqual(await codesFor(written), []);
  });

  it('an empty docstring, a free-form one and broken code are not placeholders', async () => {
    const source = 'def a():\n    """"""\n\n\ndef b():\n    """Compute b; see TODO.md for what is left."""\n\n\ndef c(:\n    """TODO: C."""\n';
    assert.deepEqual((await codesFor(source)).filter((c) => c.endsWith('DW501')), []);
  });
});
