import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { formatDocstring } from '../../server/src/core/docstring/format';
import { decodeLiteral, encodeLiteral } from '../../server/src/core/docstring/literal';
import { emptyModel, type DocstringModel, type DocstringStyle } from '../../server/src/core/docstring/model';
import { detectStyle, parseDocstring } from '../../server/src/core/docstring/parse';

const OPTIONS = { indentWidth: 4, lineLength: 88 };
/** fast-check builds records without a prototype; compare plain data. */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
const fitsUnwrapped = (model: DocstringModel, style: DocstringStyle) =>
  formatDocstring(model, style, { indentWidth: 4, lineLength: 10_000 }).every((l) => l.length + 4 <= 88);
const render = (model: DocstringModel, style: DocstringStyle) => formatDocstring(model, style, OPTIONS).join('\n');

// ---------------------------------------------------------------- generators

const word = fc.stringMatching(/^[a-z]{1,8}$/);
const sentence = fc.array(word, { minLength: 1, maxLength: 7 }).map((w) => `${w.join(' ').replace(/^./, (c) => c.toUpperCase())}.`);
/** 1–3 lines of prose, maybe two paragraphs; short enough never to need wrapping. */
const prose = fc.array(sentence, { minLength: 1, maxLength: 3 }).chain((lines) =>
  fc.boolean().map((paragraphs) => (paragraphs && lines.length > 1 ? [lines[0], '', ...lines.slice(1)] : lines).join('\n')));
const identifier = fc.stringMatching(/^[a-z][a-z_]{0,9}$/).filter((n) => !n.endsWith('_'));
const typeText = fc.constantFrom('int', 'str', 'list[str]', 'dict[str, int]', 'Cart | None', 'Callable[[int], str]', 'tuple[int, ...]');
const exception = fc.constantFrom('ValueError', 'KeyError', 'errors.ParseError', 'OSError');
const defaultText = fc.constantFrom('`None`', '`0`', '`"EU"`', '`[]`');

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => (seen.has(key(t)) ? false : (seen.add(key(t)), true)));
}

const param = fc.record({
  name: fc.tuple(fc.constantFrom('', '', '', '*', '**'), identifier).map(([s, n]) => s + n),
  type: fc.option(typeText, { nil: undefined }),
  optional: fc.option(fc.constant(true), { nil: undefined }),
  description: prose,
  default: fc.option(defaultText, { nil: undefined }),
}).map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as DocstringModel['params'][number]);

const sectionTitle = fc.constantFrom('Examples', 'Notes', 'References', 'See Also', 'Warnings');
const sectionBody = fc.constantFrom('>>> add(1, 2)\n3', 'Some note here.', 'See the manual.\n\nAnd more text.');

function modelFor(_style: DocstringStyle) {
  return fc.record({
    summary: sentence,
    description: fc.option(prose, { nil: '' }),
    params: fc.array(param, { maxLength: 4 }).map((ps) => uniqueBy(ps, (p) => p.name.replace(/^\*+/, ''))),
    attributes: fc.array(param.map(({ name, ...rest }) => ({ ...rest, name: name.replace(/^\*+/, '') })), { maxLength: 2 })
      .map((ps) => uniqueBy(ps, (p) => p.name)),
    returns: fc.option(fc.record({ type: typeText, description: prose }), { nil: undefined }),
    yields: fc.option(fc.record({ type: typeText, description: prose }), { nil: undefined }),
    raises: fc.array(fc.record({ type: exception, description: prose }), { maxLength: 2 }).map((rs) => uniqueBy(rs, (r) => r.type)),
    sections: fc.array(fc.record({ title: sectionTitle, body: sectionBody }), { maxLength: 2 }).map((ss) => uniqueBy(ss, (s) => s.title)),
  }).map((m): DocstringModel => {
    const model = emptyModel(m.summary);
    model.description = m.description;
    model.params = m.params;
    model.attributes = m.attributes;
    if (m.returns) model.returns = [m.returns];
    if (m.yields) model.yields = [m.yields];
    model.raises = m.raises;
    // Sections come back in the guide's order, so generate them in it.
    const order = ['Warnings', 'See Also', 'Notes', 'References', 'Examples'];
    model.sections = m.sections.sort((a, b) => order.indexOf(a.title) - order.indexOf(b.title));
    return model;
  });
}

// ---------------------------------------------------------------- properties

describe('docstring formats: parse(format(model)) == model', () => {
  for (const style of ['google', 'numpy', 'sphinx'] as const) {
    it(`${style}: round trip, and the detected style is ${style}`, () => {
      fc.assert(fc.property(modelFor(style), (model) => {
        // The identity holds for text that fits the width; longer lines are wrapped (next test).
        fc.pre(fitsUnwrapped(model, style));
        const text = render(model, style);
        assert.deepEqual(plain(parseDocstring(text, style)), plain(model), text);
        if (model.params.length + model.returns.length + model.raises.length > 0) assert.equal(detectStyle(text), style, text);
      }), { numRuns: 300 });
    });

    it(`${style}: formatting is idempotent even when lines must wrap`, () => {
      const long = fc.array(word, { minLength: 30, maxLength: 40 }).map((w) => `${w.join(' ')}.`);
      fc.assert(fc.property(modelFor(style), long, (model, text) => {
        model.description = text;
        if (model.params[0]) model.params[0].description = text;
        const once = render(model, style);
        const twice = render(parseDocstring(once, style), style);
        assert.equal(twice, once);
        for (const line of once.split('\n')) assert.ok(line.length + 4 <= 88 || !line.includes(' '), line);
      }), { numRuns: 100 });
    });
  }

  it('converting between styles keeps every entry', () => {
    fc.assert(fc.property(modelFor('sphinx'), (model) => {
      fc.pre(['google', 'numpy', 'sphinx'].every((s) => fitsUnwrapped(model, s as DocstringStyle)));
      const viaNumpy = parseDocstring(render(parseDocstring(render(model, 'google'), 'google'), 'numpy'), 'numpy');
      assert.deepEqual(plain(parseDocstring(render(viaNumpy, 'sphinx'), 'sphinx')), plain(model));
    }), { numRuns: 200 });
  });
});

describe('docstring literals', () => {
  it('decode then encode keeps the value, picking the plainest literal', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\\', '"', "'", '\n', 'é', '\t', 'n', '\x01') }), (value) => {
      const literal = encodeLiteral(value, '\n');
      assert.equal(decodeLiteral(literal).value, value, literal);
      const viaPython = literal.startsWith('r') ? literal.slice(4, -3) : undefined;
      if (viaPython !== undefined) assert.equal(viaPython, value);
    }), { numRuns: 500 });
  });

  it('uses r""" for backslashes and escapes triple quotes', () => {
    assert.equal(encodeLiteral('Match \\d+ digits.', '\n'), 'r"""Match \\d+ digits."""');
    assert.equal(encodeLiteral('Say """hi""".', '\n'), String.raw`"""Say \"\"\"hi\"\"\"."""`);
    assert.equal(encodeLiteral('Ends with "x"', '\n'), String.raw`"""Ends with \"x\""""`);
    assert.equal(encodeLiteral('Two\nlines\n', '\r\n'), '"""Two\r\nlines\r\n"""');
  });

  it('decodes escapes as Python does', () => {
    assert.equal(decodeLiteral(String.raw`"""a\tb\x41\u00e9\101\q\
c"""`).value, 'a\tbAé' + 'A\\qc');
    assert.equal(decodeLiteral(String.raw`r'''a\tb'''`).value, String.raw`a\tb`);
    assert.equal(decodeLiteral(`'single'`).value, 'single');
    assert.ok(decodeLiteral(String.raw`"""\N{BULLET}"""`).problem);
  });
});

describe('docstring parsers', () => {
  it('google: sections, types, optional, defaults, continuation lines, unknown sections', () => {
    const model = parseDocstring([
      'Compute the total.',
      '',
      'Longer text',
      'over two lines.',
      '',
      'Arguments:',
      '    items (list[Item]): The items,',
      '        one per line.',
      '    rate (float, optional): The rate. Defaults to 0.2.',
      '    **kwargs: Passed on.',
      '',
      'Returns:',
      '    float: The total.',
      '',
      'Raises:',
      '    ValueError: If empty.',
      '',
      'Example:',
      '    >>> total([])',
      '',
      '        indented more',
    ].join('\n'));
    assert.deepEqual(model, {
      summary: 'Compute the total.',
      description: 'Longer text\nover two lines.',
      params: [
        { name: 'items', type: 'list[Item]', description: 'The items,\none per line.' },
        { name: 'rate', type: 'float', optional: true, description: 'The rate.', default: '0.2' },
        { name: '**kwargs', description: 'Passed on.' },
      ],
      returns: [{ type: 'float', description: 'The total.' }],
      yields: [],
      raises: [{ type: 'ValueError', description: 'If empty.' }],
      attributes: [],
      sections: [{ title: 'Example', body: '>>> total([])\n\n    indented more' }],
    });
  });

  it('numpy: named returns, several names per entry, unknown sections verbatim', () => {
    const model = parseDocstring([
      'Split a value.',
      '',
      'Parameters',
      '----------',
      'x1, x2 : array_like',
      '    Input arrays.',
      'flag : bool, optional',
      '',
      'Returns',
      '-------',
      'low : int',
      '    The low part.',
      'high : int',
      '    The high part.',
      '',
      'Notes',
      '-----',
      'Uses the FFT.',
    ].join('\n'));
    assert.equal(detectStyle('Split.\n\nParameters\n----------\nx : int\n'), 'numpy');
    assert.deepEqual(model.params, [
      { name: 'x1, x2', type: 'array_like', description: 'Input arrays.' },
      { name: 'flag', type: 'bool', optional: true, description: '' },
    ]);
    assert.deepEqual(model.returns, [{ name: 'low', type: 'int', description: 'The low part.' }, { name: 'high', type: 'int', description: 'The high part.' }]);
    assert.deepEqual(model.sections, [{ title: 'Notes', body: 'Uses the FFT.' }]);
  });

  it('sphinx: typed params in both spellings, rtype, raises, unknown fields kept', () => {
    const model = parseDocstring([
      'Send it.',
      '',
      ':param str host: Where to.',
      ':param port: Which port,',
      '    a number.',
      ':type port: int',
      ':returns: The reply.',
      ':rtype: bytes',
      ':raises OSError: When the network fails.',
      ':meta private:',
    ].join('\n'));
    assert.deepEqual(model.params, [
      { name: 'host', type: 'str', description: 'Where to.' },
      { name: 'port', type: 'int', description: 'Which port,\na number.' },
    ]);
    assert.deepEqual(model.returns, [{ description: 'The reply.', type: 'bytes' }]);
    assert.deepEqual(model.raises, [{ type: 'OSError', description: 'When the network fails.' }]);
    assert.deepEqual(model.sections, [{ title: '', body: ':meta private:' }]);
  });

  it('a docstring without sections has no style; prose ending in a colon is not a section', () => {
    assert.equal(detectStyle('Just a summary.\n\nAnd a description.'), null);
    const model = parseDocstring('Do it.\n\nFor example:\n    do()\n');
    assert.equal(model.description, 'For example:\n    do()');
    assert.deepEqual(model.sections, []);
  });
});
