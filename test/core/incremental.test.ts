import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze, REPO, UnitCache } from './helpers';

/** Re-analysing with the per-statement cache must give exactly what a fresh analysis gives. */
describe('incremental analysis (unit cache)', () => {
  // More than 8 top-level statements, so a fresh analysis takes the one-query path while an
  // edit re-queries single statements: the two must agree.
  const extra = Array.from({ length: 12 }, (_, i) => `\ndef extra_${i}(a):\n    return a and ${i} or (a if a else -a)\n`).join('');
  const source = readFileSync(path.join(REPO, 'examples/shop/shop/pricing.py'), 'utf8')
    + readFileSync(path.join(REPO, 'examples/shop/shop/cart.py'), 'utf8').replace(/^"""[^\n]*\n/, '')
    + extra;

  it('gives identical results after edits that add, remove and move lines', async () => {
    const cache = new UnitCache();
    await analyze(source, cache);
    const edits = [
      source.replace('def price_for', '\n\ndef price_for'),
      source.replace('    return round(value, 2)', '    if value:\n        return round(value, 2)'),
      source.replace('"""Prices, discounts and shipping."""\n', ''),
      source.replace('class Cart:', 'class Basket:'),
    ];
    for (const edited of edits) {
      const cached = await analyze(edited, cache);
      const fresh = await analyze(edited);
      assert.deepEqual(cached, fresh);
    }
    assert.ok(cache.hits > 0, 'the cache was used');
  });

  it('a class analysed member by member equals the class analysed whole', async () => {
    const classes = [
      '@dataclass(frozen=True)',
      'class A(Base, metaclass=Meta):',
      '    """Doc."""',
      '    x = 1 if flag else 2',
      '    handler = lambda self, v: v and self or None',
      '    if TYPE_CHECKING:',
      '        def typed(self) -> int:',
      '            return 1 if self else 0',
      '    @property',
      '    def p(self):',
      '        for i in self:',
      '            if i and not i.ok or i.bad:',
      '                yield i',
      '    class Inner:',
      '        def m(self):',
      '            while True:',
      '                try:',
      '                    pass',
      '                except E:',
      '                    break',
      '    def __eq__(self, other):',
      '        return (self.a, self.b) == (other.a, other.b)',
      '',
      'class Empty: pass',
      '',
    ].join('\n');
    const cache = new UnitCache();
    assert.deepEqual(await analyze(classes, cache), await analyze(classes));
    const edited = classes.replace('yield i', 'yield i\n            else:\n                continue');
    assert.deepEqual(await analyze(edited, cache), await analyze(edited));
  });

  it('reuses every unchanged top-level statement', async () => {
    const cache = new UnitCache();
    await analyze(source, cache);
    const before = { hits: cache.hits, misses: cache.misses };
    await analyze(source.replace('return round(value, 2)', 'return round(value, 3)'), cache);
    assert.equal(cache.misses - before.misses, 1);
  });
});
