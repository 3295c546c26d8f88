import { strict as assert } from 'node:assert';
import { maskIPython } from '../../server/src/core/parse/ipython';
import { findings } from '../../server/src/core/rules/findings';
import { DEFAULT_SETTINGS } from '../../server/src/shared/settings';
import { analyze, py, setup } from './helpers';

async function errorTree(source: string): Promise<boolean> {
  const { grammar } = await setup();
  const parser = grammar.newParser();
  const tree = parser.parse(source)!;
  try {
    return tree.rootNode.hasError;
  } finally {
    tree.delete();
    parser.delete();
  }
}

describe('IPython in notebook cells', () => {
  it('masks line magics, shell escapes, assigned magics and help as `0` at the same place', () => {
    const cell = py`
      %matplotlib inline
      !pip install numpy
      files = !ls *.py
      t = %timeit -o f()
      len?
      ?len
      np.array??
      x = 1
    `;
    assert.equal(maskIPython(cell), [
      '0                 ',
      '0                 ',
      '0               ',
      '0                 ',
      '0   ',
      '0   ',
      '0         ',
      'x = 1',
      '',
    ].join('\n'));
  });

  it('keeps lengths and line breaks, including CRLF, so positions do not move', async () => {
    const cell = '%cd /tmp\r\ndef f():\r\n    !echo hi\r\n    return 1\r\n';
    const masked = maskIPython(cell);
    assert.equal(masked.length, cell.length);
    assert.equal(masked, '0       \r\ndef f():\r\n    0       \r\n    return 1\r\n');
    assert.equal(await errorTree(masked), false);
  });

  it('leaves Python alone: modulo inside brackets, text in triple-quoted strings, `!=`, comments', () => {
    const cell = py`
      x = (a
           % b)
      doc = """
      %(name)s is fine here
      !important
      what?
      """
      if a != b:  # why?
          pass
      y = [1,
      ! 2]
    `;
    assert.equal(maskIPython(cell), cell);
  });

  it('masks a magic continued by backslashes, the continuations as blank lines', () => {
    const cell = '%time f(1, \\\n        2)\ny = 2\n';
    assert.equal(maskIPython(cell), '0           \n          \ny = 2\n');
  });

  it('a magic that is the only statement of a block still leaves a block that parses', async () => {
    const cell = py`
      for i in range(3):
          %time work(i)
      def g():
          pass
    `;
    assert.equal(await errorTree(cell), true);
    assert.equal(await errorTree(maskIPython(cell)), false);
  });

  it('blanks a cell whose %% magic runs another language, keeps Python cell magics', () => {
    const bash = '%%bash\nfor f in *; do echo $f; done\n';
    assert.equal(maskIPython(bash), '      \n                            \n');
    const timed = '%%timeit\nsum(range(10))\n';
    assert.equal(maskIPython(timed), '        \nsum(range(10))\n');
  });

  it('without masking a magic hides the definitions after it; with it they are found', async () => {
    const cell = py`
      %load_ext autoreload
      def public(a):
          if a:
              return 1
          return 2
    `;
    const masked = await analyze(maskIPython(cell));
    assert.deepEqual(masked.definitions.map((d) => [d.qualname, d.metrics.cyclomatic]), [['public', 2]]);
    const found = findings(masked, { path: 'analysis.ipynb', cell: true }, cell, DEFAULT_SETTINGS);
    assert.deepEqual(found.map((f) => `${f.span.startLine + 1}:${f.code}`), ['2:DW103']);
  });

  it('a cell is never asked for a module docstring; a module is', async () => {
    const source = 'x = 1\n';
    const analysis = await analyze(source);
    assert.deepEqual(findings(analysis, { path: 'nb.ipynb', cell: true }, source, DEFAULT_SETTINGS), []);
    assert.deepEqual(findings(analysis, { path: 'mod.py' }, source, DEFAULT_SETTINGS).map((f) => f.code), ['DW100']);
  });
});
