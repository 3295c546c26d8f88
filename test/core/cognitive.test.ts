import { strict as assert } from 'node:assert';
import { definition, py } from './helpers';

/** SonarSource cognitive complexity as sonar-python counts it. */
async function cog(source: string, qualname = 'f'): Promise<number> {
  return (await definition(source, qualname)).metrics.cognitive;
}

describe('cognitive complexity (sonar-python rules)', () => {
  it('if +1 plus nesting; elif +1; else +1', async () => {
    const source = py`
      def f(a, b):
          if a:              # +1
              if b:          # +2
                  pass
              elif a:        # +1
                  pass
              else:          # +1
                  pass
    `;
    assert.equal(await cog(source), 5);
  });

  it('for and while +1 plus nesting, their else +1', async () => {
    const source = py`
      def f(xs):
          for x in xs:       # +1
              while x:       # +2
                  pass
              else:          # +1
                  pass
    `;
    assert.equal(await cog(source), 4);
  });

  it('except +1 plus nesting; try, finally and with bodies do not nest', async () => {
    const source = py`
      def f():
          try:
              with open(p) as fh:
                  if fh:         # +1 (try and with do not nest)
                      pass
          except A:              # +1
              if b:              # +2
                  pass
          else:                  # +1
              pass
          finally:
              if c:              # +1
                  pass
    `;
    assert.equal(await cog(source), 6);
  });

  it('conditional expression +1 plus nesting, operands one level deeper', async () => {
    assert.equal(await cog('def f(a, b, c):\n    return a if b else (c if a else b)\n'), 3);
    assert.equal(await cog('def f(a, b):\n    if a:\n        return 1 if b else 2\n'), 3);
  });

  it('boolean sequences: +1 per run of the same operator', async () => {
    assert.equal(await cog('def f(a, b, c):\n    return a and b and c\n'), 1);
    assert.equal(await cog('def f(a, b, c):\n    return a and b or c\n'), 2);
    assert.equal(await cog('def f(a, b, c, d):\n    return a or b and c or d\n'), 3);
    assert.equal(await cog('def f(a, b, c):\n    return (a and b) and c\n'), 2);
    assert.equal(await cog('def f(a, b, c):\n    return a and not (b and c)\n'), 2);
    assert.equal(await cog('def f(a, b, c):\n    return g(a and b) and c\n'), 2);
  });

  it('match adds nothing but case bodies nest', async () => {
    const source = py`
      def f(a, b):
          match a:
              case 1:
                  if b:      # +2
                      pass
              case _:
                  pass
    `;
    assert.equal(await cog(source), 2);
  });

  it('recursion, break, continue, comprehensions, lambdas and assert are free', async () => {
    const source = py`
      def f(xs):
          for x in xs:                         # +1
              if x:                            # +2
                  continue
              break
          assert all(y for y in xs if y)
          g = lambda: 1
          return f(xs[1:]) + [y for y in xs if y]
    `;
    assert.equal(await cog(source), 3);
  });

  it('a nested function counts in its parent, one level deeper', async () => {
    const source = py`
      def f(a):
          x = 1
          def g():
              if a:          # +2 (g sits one level deeper)
                  pass
          return g
    `;
    assert.equal(await cog(source), 2);
    assert.equal(await cog(source, 'f.<locals>.g'), 1);
  });

  it('a decorator-style wrapper does not add a level', async () => {
    const source = py`
      def deco(fn):
          def wrapper(*args):
              if args:       # +1: deco only returns the wrapper
                  pass
              return fn(*args)
          return wrapper
    `;
    assert.equal(await cog(source, 'deco'), 1);
  });

  it('a nested function defined under an if is two levels deeper', async () => {
    const source = py`
      def f(a):
          if a:              # +1
              def g():
                  if a:      # +3 (level of the if body, 1, plus one)
                      pass
              g()
    `;
    assert.equal(await cog(source), 4);
  });

  it('a class resets the nesting level', async () => {
    const source = py`
      def f(a):
          if a:                      # +1
              class K:
                  def m(self):
                      if a:          # +1 (class resets)
                          pass
    `;
    assert.equal(await cog(source), 2);
  });

  it("paper example sumOfPrimes (Python, for-else instead of a labelled continue): 7", async () => {
    const source = py`
      def sum_of_primes(maximum):
          total = 0
          for i in range(1, maximum + 1):   # +1
              for j in range(2, i):         # +2
                  if i % j == 0:            # +3
                      break
              else:                         # +1
                  total += i
          return total
    `;
    const d = await definition(source, 'sum_of_primes');
    assert.equal(d.metrics.cognitive, 7);
    // radon counts the for-else's else, which Java's version has no counterpart for.
    assert.equal(d.metrics.cyclomatic, 5);
  });

  it('paper example getWords: a match costs nothing (the Java switch costs 1)', async () => {
    const source = py`
      def get_words(number):
          match number:
              case 1:
                  return "one"
              case 2:
                  return "a couple"
              case 3:
                  return "a few"
              case _:
                  return "lots"
    `;
    const d = await definition(source, 'get_words');
    assert.deepEqual([d.metrics.cognitive, d.metrics.cyclomatic], [0, 1]);
  });

  it('keeps the increments per line so the hover can explain the score', async () => {
    const source = py`
      def f(a, b):
          if a and b:
              for x in a:
                  pass
    `;
    const d = await definition(source, 'f');
    assert.deepEqual(
      d.metrics.cognitiveIncrements.map((i) => [i.line + 1, i.amount, i.reason]),
      [[2, 1, 'if'], [2, 1, 'and/or sequence'], [3, 2, 'for (+1 nesting)']],
    );
  });

  it('nesting depth counts if/for/while/try/with/match blocks, not elif or else', async () => {
    const source = py`
      def f(a):
          if a:
              for x in a:
                  try:
                      with x:
                          pass
                  except E:
                      pass
          elif a:
              pass
    `;
    assert.equal((await definition(source, 'f')).metrics.nesting, 4);
  });
});
