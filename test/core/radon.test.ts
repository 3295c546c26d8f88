import { strict as assert } from 'node:assert';
import { halstead } from '../../server/src/core/analysis/halstead';
import { maintainability, maintainabilityRank, totalCyclomatic } from '../../server/src/core/analysis/maintainability';
import { rawMetrics } from '../../server/src/core/analysis/raw';
import { analyze, py, setup } from './helpers';

/**
 * radon 5.1's raw, Halstead and maintainability-index metrics. Every expected number below
 * is what Debian's radon 5.1.0 (Python 3.11) printed for the same text.
 */

const RAW = py`
  """Module docstring
  spanning lines.

  With a blank line."""
  import os  # trailing comment

  # a comment line
  x = {'a': 1,
       # inside brackets
       'b': 2}
  if x: y = 1
  z = x['a':'b']; w = 2
  v = x[1:]; u = 3
  s = 'one line string'
  'alone'
  '''also
  alone'''  # but commented
  t = 1 + \\
      2


  def f(a: int) -> int:
      return a
`;

const HALSTEAD = py`
  @deco + 1
  def f(a=1 + 2) -> int:
      """Doc."""
      return a + 1 == 1.0 + True


  def g(a):
      return a + 1 and not a and a.b or -a


  @_extend
  class K(Base if x else Other):
      n = f'{x}' + f'{x}'
      m = 'k' + "k" + b'k'
      def method(self):
          self.count += 1
          return 0x10 < 16 <= 16.0 is not None
`;

async function halsteadOf(source: string) {
  const { grammar } = await setup();
  const parser = grammar.newParser();
  const tree = parser.parse(source)!;
  try {
    return halstead(tree.rootNode);
  } finally {
    tree.delete();
    parser.delete();
  }
}

const counts = (r: { h1: number; h2: number; N1: number; N2: number }) => [r.h1, r.h2, r.N1, r.N2];

describe('radon raw metrics', () => {
  it('counts lines as radon raw does: docstrings, comments inside brackets, colons, semicolons, continuations', () => {
    // loc, lloc, sloc, comments, multi, blank, single comments
    assert.deepEqual(rawMetrics(RAW), { loc: 23, lloc: 17, sloc: 14, comments: 4, multi: 3, blank: 4, singleComments: 2 });
  });

  it('keeps radon\'s colon rule: a colon followed by more code is two logical lines', () => {
    assert.equal(rawMetrics('if x: y = 1\n')!.lloc, 2);
    assert.equal(rawMetrics('if x:\n    y = 1\n')!.lloc, 2);
    assert.equal(rawMetrics('x = d[1:2]\n')!.lloc, 2);
    assert.equal(rawMetrics('x = lambda: 0\n')!.lloc, 2);
    assert.equal(rawMetrics('(x := 1)\n')!.lloc, 1);
    // A backslash continuation ends with the line after it: the next statement is its own line.
    assert.deepEqual(rawMetrics('x = 1 + \\\n    2\ny = 3\n'), { loc: 3, lloc: 2, sloc: 3, comments: 0, multi: 0, blank: 0, singleComments: 0 });
  });

  it('an empty file has no lines; text radon cannot tokenize gives none', () => {
    assert.deepEqual(rawMetrics(''), { loc: 0, lloc: 0, sloc: 0, comments: 0, multi: 0, blank: 0, singleComments: 0 });
    assert.equal(rawMetrics('x = (1,\n'), null);
    assert.equal(rawMetrics('s = """never closed\n'), null);
  });
});

describe('radon Halstead metrics', () => {
  it('module total and each function as radon hal counts them', async () => {
    const result = await halsteadOf(HALSTEAD);
    assert.deepEqual(counts(result.total), [9, 20, 15, 27]);
    assert.equal(result.total.volume, 204.03520179535806);
    assert.equal(result.total.difficulty, 6.075);
    assert.equal(result.total.effort, 1239.5138509068004);
    // keyed by the def keyword's row:column (0-based)
    assert.deepEqual(counts(result.functions.get('1:0')!), [2, 4, 3, 6]); // f: its decorator, default and annotation are not counted
    assert.deepEqual(counts(result.functions.get('6:0')!), [5, 7, 5, 9]); // g: one And for the chain, one Or
    assert.deepEqual(counts(result.functions.get('14:4')!), [4, 4, 4, 6]); // method: += is Add; 0x10, 16, 16.0 are one operand
  });

  it('operands are told apart as radon does: by name, attribute name or constant value; anything else each time anew', async () => {
    const same = await halsteadOf('x + x.y + y + 1 + 1.0 + True + "1"\n');
    // Add ×6. Operands: x; y (the name and the attribute are one); 1 (also 1.0 and True);
    // '1' (a string is not a number); and each of the five inner sums, every one new.
    assert.deepEqual(counts(same.total), [1, 9, 6, 12]);
    const fstrings = await halsteadOf('a = f"{x}" + f"{x}"\n');
    assert.deepEqual(counts(fstrings.total), [1, 2, 1, 2]);
    // A variable's annotation is visited (a parameter's is not): `|` there is BitOr, in either tree shape.
    const annotated = await halsteadOf('class C:\n    x: tuple[str, ...] | None\n    y: int | None\n    z: a.B | dict[str, int | None]\n');
    assert.deepEqual(counts(annotated.total), [1, 5, 4, 8]);
    // Patterns: `-1` and `-1 + 2j` are UnaryOp and BinOp in Python's ast; `print >> f` is a BinOp too.
    const patterns = await halsteadOf(py`
      def f(x):
          match x:
              case -0.25 + 1.75j | 1 - 2j:
                  pass
              case [-1, {"k": -2}] | -3 | Point(x=-4):
                  pass
          print >> sys.stderr, "message"
          print >> 42
    `);
    assert.deepEqual(counts(patterns.total), [4, 11, 9, 13]);
    const continued = await halsteadOf('a = (x) < \\\n    (y)  # comment\n');
    assert.deepEqual(counts(continued.total), [1, 2, 1, 2]);
    const concatenated = await halsteadOf('a = "ab" + "a" "b" + \'\\x61b\'\n');
    assert.deepEqual(counts(concatenated.total), [1, 2, 2, 4]);
  });

  it('a name in two functions is two operands of the module (radon keys them by function name)', async () => {
    const result = await halsteadOf('def f(a):\n    return a + 1\n\ndef g(a):\n    return a + 1\n');
    assert.deepEqual(counts(result.total), [1, 4, 2, 4]);
  });
});

describe('radon maintainability index', () => {
  it('equals radon mi for a module with functions, a class and methods', async () => {
    const analysis = await analyze(HALSTEAD);
    const { total } = await halsteadOf(HALSTEAD);
    const mi = maintainability(total.volume, analysis, rawMetrics(HALSTEAD)!);
    assert.equal(mi.index, 58.85537965957683);
    assert.equal(mi.rank, 'A');
    const withComments = maintainability((await halsteadOf(RAW)).total.volume, await analyze(RAW), rawMetrics(RAW)!);
    assert.equal(withComments.index, 97.22551902756233);
  });

  it('total complexity: module code, top-level functions, classes and their methods; nested definitions add nothing', async () => {
    const source = py`
      if a:
          pass
      def f():
          if b:
              pass
          def inner():
              if c:
                  pass
      class K:
          if d:
              pass
          def m(self):
              if e:
                  pass
          class Inner:
              def n(self):
                  if g:
                      pass
    `;
    // 1 + 1 (module if) + 1 (f's if) + 1 (class body if) + 2 (m: 1 + its if)
    assert.equal(totalCyclomatic(await analyze(source)), 6);
  });

  it('ranks as radon: A above 19, B above 9, C otherwise', () => {
    assert.deepEqual([19.5, 19, 9.5, 9, 0].map(maintainabilityRank), ['A', 'B', 'B', 'C', 'C']);
  });
});
