import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze, REPO, UnitCache } from './helpers';

/** Re-analysing with the per-statement cache must give exactly what a fresh analysis gives. */
describe('incremental analysis (unit cache)', () => {
  const source = readFileSync(path.join(REPO, 'examples/shop/shop/pricing.py'), 'utf8')
    + readFileSync(path.join(REPO, 'examples/shop/shop/cart.py'), 'utf8').replace(/^"""[^\n]*\n/, '');

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

  it('reuses every unchanged top-level statement', async () => {
    const cache = new UnitCache();
    await analyze(source, cache);
    const before = { hits: cache.hits, misses: cache.misses };
    await analyze(source.replace('return round(value, 2)', 'return round(value, 3)'), cache);
    assert.equal(cache.misses - before.misses, 1);
  });
});
