import { strict as assert } from 'node:assert';
import { definition, py } from './helpers';

/** radon 5.1's rules, one by one (shared/notes/tree-sitter-python.md). */
async function cc(body: string): Promise<number> {
  const source = `def f(a, b, c, d, xs):\n${body.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
  return (await definition(source, 'f')).metrics.cyclomatic;
}

describe('cyclomatic complexity (radon 5.1 rules)', () => {
  const cases: [string, string, number][] = [
    ['straight-line code is 1', 'return a', 1],
    ['if +1', 'if a:\n    pass', 2],
    ['elif +1 each, else 0', 'if a:\n    pass\nelif b:\n    pass\nelif c:\n    pass\nelse:\n    pass', 4],
    ['conditional expression +1', 'return a if b else c', 2],
    ['for +1', 'for x in xs:\n    pass', 2],
    ['for with else +2', 'for x in xs:\n    pass\nelse:\n    pass', 3],
    ['while with else +2', 'while a:\n    pass\nelse:\n    pass', 3],
    ['try: +1 per handler, +1 else, finally 0', 'try:\n    pass\nexcept A:\n    pass\nexcept B:\n    pass\nelse:\n    pass\nfinally:\n    pass', 4],
    ['try/finally alone is 0', 'try:\n    pass\nfinally:\n    pass', 1],
    ['except* adds nothing (ast.TryStar)', 'try:\n    pass\nexcept* A:\n    pass\nelse:\n    pass', 1],
    ['boolean operators +1 per operator', 'return a and b and c or d', 4],
    ['not is not a boolean operator', 'return not a', 1],
    ['comprehension for +1, if +1', 'return [x for x in xs if x if a]', 4],
    ['nested comprehension fors', 'return {x: y for x in xs for y in x}', 3],
    ['generator expression', 'return sum(x for x in xs)', 2],
    ['assert +1, its contents not counted', 'assert a and b if c else d', 2],
    ['with adds nothing', 'with a as x, b as y:\n    pass', 1],
    ['match and case guards add nothing', 'match a:\n    case 1 if b:\n        pass\n    case _:\n        pass', 1],
    ['code inside a case still counts', 'match a:\n    case 1:\n        if b:\n            pass', 2],
    ['lambda branches count toward the function', 'return lambda: a if b else c', 2],
    ['nested function is not added to its parent', 'def g():\n    if a:\n        pass\nreturn g', 1],
    ['nested class is not added', 'class K:\n    def m(self):\n        if a:\n            pass', 1],
  ];
  for (const [name, body, expected] of cases) {
    it(`${name} → ${expected}`, async () => {
      assert.equal(await cc(body), expected);
    });
  }

  it('defaults, decorators and annotations are not visited', async () => {
    const source = py`
      @deco(a if b else c)
      def f(x=a or b, y: int = c and d) -> (e or f):
          return x
    `;
    assert.equal((await definition(source, 'f')).metrics.cyclomatic, 1);
  });

  it('async for counts like for, with its else', async () => {
    const source = 'async def f(xs):\n    async for x in xs:\n        pass\n    else:\n        pass\n';
    assert.equal((await definition(source, 'f')).metrics.cyclomatic, 3);
  });

  it('a nested function has its own complexity', async () => {
    const source = 'def f():\n    def g():\n        if a:\n            pass\n    return g\n';
    assert.equal((await definition(source, 'f.<locals>.g')).metrics.cyclomatic, 2);
  });

  it('class complexity: methods averaged plus one, as radon reports classes', async () => {
    const source = py`
      class C:
          if flag:
              x = 1
          def a(self):
              if x: pass
              if y: pass
          def b(self):
              return 1
    `;
    // real = 1 + 1 (class-level if) + 3 + 1 = 6; 6 // 2 + 1 = 4
    const c = await definition(source, 'C');
    assert.equal(c.metrics.cyclomatic, 4);
    assert.equal(c.metrics.rank, 'A');
  });

  it('ranks follow radon (A 1-5, B 6-10, C 11-20, D 21-30, E 31-40, F 41+)', async () => {
    const ranks: [number, string][] = [[5, 'A'], [6, 'B'], [10, 'B'], [11, 'C'], [21, 'D'], [31, 'E'], [41, 'F']];
    for (const [n, letter] of ranks) {
      const body = Array.from({ length: n - 1 }, (_, i) => `if a == ${i}:\n    pass`).join('\n');
      const d = await definition(`def f(a):\n${body.split('\n').map((l) => `    ${l}`).join('\n')}\n`, 'f');
      assert.deepEqual([d.metrics.cyclomatic, d.metrics.rank], [n, letter]);
    }
  });
});
