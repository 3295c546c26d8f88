import { strict as assert } from 'node:assert';
import { analyze, definition, py } from './helpers';

/**
 * The skeleton reads its events off the nodes one walk hands back. Each case pins a reading
 * that a tree pattern would give and a naive reading would not.
 */
describe('skeleton events read off the walked nodes', () => {
  it('a return value is any named child of the return but an ERROR; a line continuation counts', async () => {
    // `: ` is an ERROR child of the return: the value is the call alone.
    const broken = await definition('def f():\n    """Doc."""\n    return : g()\n', 'f');
    assert.deepEqual([broken.returnsValue, broken.returnsOnlyCalls], [true, true]);
    const continued = await definition('def f():\n    """Doc."""\n    return \\\n        g()\n', 'f');
    // The line continuation is a named child too, and it is no call.
    assert.deepEqual([continued.returnsValue, continued.returnsOnlyCalls], [true, false]);
    const call = await definition('def f():\n    """Doc."""\n    return g()\n', 'f');
    assert.deepEqual([call.returnsValue, call.returnsOnlyCalls], [true, true]);
  });

  it('what is raised is the first named child, or the function it calls', async () => {
    const source = [
      'def f(x):',
      '    """Doc."""',
      '    if x:',
      '        raise KeyError(x) from None',
      '    if not x:',
      '        raise errors.Bad',
      // A line continuation is the first named child here: a tree pattern anchored on the first child sees no name.
      '    raise \\',
      '        Hidden',
      '',
    ].join('\n');
    const f = await definition(source, 'f');
    assert.deepEqual([f.raises, f.hasRaiseStatement], [['KeyError', 'errors.Bad'], true]);
  });

  it('only an __init__ call on an attribute hands arguments on; a string or a name does not', async () => {
    const source = py`
      class Base:
          def __init__(self, a, b):
              """Doc."""
              s = "__init__(a)"
              __init__ = print
              __init__(a)
              super().__init__(a, b=b)
    `;
    assert.deepEqual((await definition(source, 'Base.__init__')).forwardedToSuper, ['a', 'b']);
  });

  it('an unexpected character is a syntax error even though its node says it has none', async () => {
    const analysis = await analyze('x = 1\n€ = 2\n');
    assert.deepEqual(analysis.syntaxErrors.map((s) => [s.startLine, s.startCol, s.endLine, s.endCol]), [[1, 0, 1, 3], [1, 0, 1, 1]]);
  });

  it('and/or count as operators only inside a boolean operator', async () => {
    const f = await definition('def f(a, b, c):\n    return a and b or c\n', 'f');
    assert.deepEqual([f.metrics.cognitive, f.metrics.booleanOperators], [2, 2]);
  });
});
