import { strict as assert } from 'node:assert';
import { dottedName, importBase } from '../../server/src/core/report/moduleName';

describe('export module names (one rule for both hosts)', () => {
  const packages = new Set(['/w/src/pkg', '/w/src/pkg/sub']);
  const isPackage = (folder: string) => packages.has(folder);

  it('names count from above the outermost package holding the root', () => {
    assert.equal(importBase(['/w/src/pkg/sub', '/w/src/pkg', '/w/src', '/w', '/'], isPackage), '/w/src');
    assert.equal(importBase(['/w', '/'], isPackage), '/w');
  });

  it('a package at the file system\'s root counts from there', () => {
    assert.equal(importBase(['/w/src/pkg/sub', '/w/src/pkg'], isPackage), '/w/src/pkg');
  });

  it('__init__ names its package; .py and .pyi are dropped', () => {
    assert.deepEqual(['shop/cart.py', 'shop/__init__.py', 'stubs/m.pyi', '__init__.py', './a/b.py', 'pkg\\sub\\mod.py'].map(dottedName),
      ['shop.cart', 'shop', 'stubs.m', '__init__', 'a.b', 'pkg.sub.mod']);
  });
});
