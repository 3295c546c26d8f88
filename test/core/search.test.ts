import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runInNewContext } from 'node:vm';
import { exportHtml } from '../../server/src/core/report/html';
import { clip, entriesOf } from '../../server/src/core/search/entries';
import { DocumentationIndex, indexOfModules } from '../../server/src/core/search/index';
import { processTerm, stem, tokenize } from '../../server/src/core/search/options';
import { readReferences } from '../../server/src/core/search/references';
import type { SiteIndex } from '../../server/src/core/search/site';
import { analyze, DIST, py, setup } from './helpers';

/** The documentation index: what an entry holds, how words are read, files replaced and removed, and the site's search agreeing. */

const CART = py`
  """Shopping carts."""

  class Cart:
      """Items a customer intends to buy.

      The cart keeps prices in cents.
      """

      def add(self, item, quantity: int = 1) -> None:
          """Put an item in the cart.

          Args:
              item: What is bought, with its unit price.
              quantity: How many of it.

          Raises:
              ValueError: When the quantity is not positive.
          """

      def _audit(self):
          def local():
              pass

  async def checkout(cart, *args, **kwargs):
      """Charge the customer for everything in the cart."""
`;

describe('documentation index', () => {
  it('an entry per module, class and function (locals left out), with its signature, docstring texts, metrics and place', async () => {
    const entries = entriesOf({ name: 'shop.cart', file: 'shop/cart.py', analysis: await analyze(CART) });
    assert.deepEqual(entries.map((e) => [e.qualname, e.kind, e.line, e.column]), [
      ['shop.cart', 'module', 0, 0], ['shop.cart.Cart', 'class', 2, 6], ['shop.cart.Cart.add', 'method', 8, 8],
      ['shop.cart.Cart._audit', 'method', 19, 8], ['shop.cart.checkout', 'function', 23, 10],
    ]);
    const add = entries[2]!;
    assert.deepEqual({ ...add, metrics: undefined }, {
      qualname: 'shop.cart.Cart.add', name: 'add', kind: 'method', module: 'shop.cart', file: 'shop/cart.py', line: 8, column: 8,
      signature: 'add(self, item, quantity: int = 1) -> None', summary: 'Put an item in the cart.', description: '',
      params: 'item: What is bought, with its unit price.\nquantity: How many of it.', outcomes: 'ValueError When the quantity is not positive.',
      metrics: undefined,
    });
    assert.deepEqual(add.metrics, { cyclomatic: 1, cognitive: 0, nesting: 0, lines: 10 });
    assert.equal(entries[1]!.description, 'The cart keeps prices in cents.');
    assert.equal(entries[4]!.signature, 'async checkout(cart, *args, **kwargs)');
    assert.equal(entries[3]!.summary, '');
  });

  it('long texts are cut at a word, so an entry stays small', () => {
    const long = 'word '.repeat(400);
    assert.equal(clip(long).length, 599);
    assert.equal(clip('short'), 'short');
  });

  it('words: names split at case and underscores (and kept whole), stop words dropped, common endings taken off', () => {
    assert.deepEqual(tokenize('JSONDecoder.raw_decode(s)'), ['JSON', 'Decoder', 'JSONDecoder', 'raw', 'decode', 's']);
    assert.deepEqual(['The', 'files', 'copies', 'matching', 'stopped', 'added', 'class', 'is'].map(processTerm), [null, 'file', 'copy', 'match', 'stop', 'add', 'class', null]);
    assert.equal(stem('addresses'), 'address');
  });

  it('a plain-word query finds a definition by its docstring; a file is replaced whole and removed', async () => {
    const index = new DocumentationIndex();
    index.setFile('shop/cart.py', entriesOf({ name: 'shop.cart', file: 'shop/cart.py', analysis: await analyze(CART) }));
    assert.deepEqual(index.search('charge customer').map((h) => h.entry.qualname), ['shop.cart.checkout', 'shop.cart.Cart']);
    assert.deepEqual(index.search('unit price').map((h) => h.entry.qualname)[0], 'shop.cart.Cart.add');
    assert.deepEqual(index.search('chekout').map((h) => h.entry.qualname), ['shop.cart.checkout'], 'fuzzy');
    assert.deepEqual(index.search('check').map((h) => h.entry.qualname), ['shop.cart.checkout'], 'prefix');
    assert.deepEqual(index.search('   '), []);
    index.setFile('shop/cart.py', entriesOf({ name: 'shop.cart', file: 'shop/cart.py', analysis: await analyze('def settle():\n    """Charge the customer."""\n') }));
    assert.deepEqual(index.search('charge customer').map((h) => h.entry.qualname), ['shop.cart.settle']);
    assert.deepEqual([index.size, index.fileCount], [2, 1]);
    index.removeFile('shop/cart.py');
    assert.deepEqual([index.size, index.fileCount, index.search('charge').length], [0, 0, 0]);
  });

  it('what the index keeps of an entry is small: no description, parameters or outcomes, only what a result shows', async () => {
    const index = indexOfModules([{ name: 'shop.cart', file: 'shop/cart.py', analysis: await analyze(CART) }]);
    assert.deepEqual(Object.keys(index.search('unit price')[0]!.entry).sort(), ['column', 'file', 'kind', 'line', 'metrics', 'module', 'name', 'qualname', 'signature', 'summary']);
  });

  it('references: callees by their documented owner (locals count as their owner), and what imports bind', async () => {
    const source = py`
      import os.path
      import json as j
      from .money import round_cents as rc
      from . import tax

      class Account:
          def pay(self, x):
              def inner():
                  return tax.levy(x)
              return rc(self.fee(j.dumps(x)))
    `;
    const { grammar } = await setup();
    const parser = grammar.newParser();
    const tree = parser.parse(source)!;
    const refs = readReferences(tree.rootNode, await analyze(source));
    tree.delete();
    parser.delete();
    assert.deepEqual(refs.imports, { os: 'os', j: 'json', rc: '.money.round_cents', tax: '.tax' });
    assert.deepEqual(refs.calls, [[], ['tax.levy', 'rc', 'self.fee', 'j.dumps'], []]);
  });

  it("the HTML site's page search ranks as the index does (same words, weights and order)", async () => {
    const modules = [{ name: 'shop.cart', path: 'shop/cart.py', source: CART, analysis: await analyze(CART) }];
    const files = exportHtml(modules, readFileSync(path.join(DIST, 'site-search.js'), 'utf8'));
    const page: { window: { DOCWRIGHT_INDEX?: SiteIndex }; DocwrightSearch?: { createSiteSearch(data: SiteIndex): (q: string) => { qualname: string; href: string; score: number }[] } } = { window: {} };
    runInNewContext(files.find((f) => f.name === 'search-index.js')!.text, page);
    runInNewContext(`${files.find((f) => f.name === 'search.js')!.text}\nthis.DocwrightSearch = DocwrightSearch;`, page);
    const siteSearch = page.DocwrightSearch!.createSiteSearch(page.window.DOCWRIGHT_INDEX!);
    const index = indexOfModules(modules.map((m) => ({ name: m.name, file: m.path, analysis: m.analysis })));
    for (const query of ['charge customer', 'unit price', 'cart', 'quantity positive']) {
      // JSON: the page's arrays come from another realm.
      assert.deepEqual(JSON.parse(JSON.stringify(siteSearch(query).map((h) => [h.qualname, h.score]))), index.search(query).map((h) => [h.entry.qualname, h.score]), query);
    }
    assert.equal(siteSearch('charge customer')[0]!.href, 'shop.cart.html#shop-cart-checkout');
  });
});
