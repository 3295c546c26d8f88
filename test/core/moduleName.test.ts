import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { dottedName, importBase, moduleName } from '../../server/src/core/report/moduleName';

describe('export module names (one rule for both hosts)', () => {
  /** A POSIX-written path in this platform's form. */
  const at = (p: string) => path.join(path.sep, ...p.split('/').filter(Boolean));
  const packages = new Set([at('/w/src/pkg'), at('/w/src/pkg/sub')]);
  const isPackage = (folder: string) => packages.has(folder);

  it('a root inside packages counts from above the outermost one', () => {
    assert.equal(importBase(at('/w/src/pkg/sub'), true, isPackage), at('/w/src'));
    assert.equal(moduleName(at('/w/src/pkg/sub/mod.py'), importBase(at('/w/src/pkg/sub'), true, isPackage)), 'pkg.sub.mod');
  });

  it('a file as the root counts from its folder; a folder that is no package from itself', () => {
    assert.equal(importBase(at('/w/src/pkg/sub/mod.py'), false, isPackage), at('/w/src'));
    assert.equal(importBase(at('/w'), true, isPackage), at('/w'));
    assert.equal(moduleName(at('/w/src/pkg/sub/mod.py'), at('/w')), 'src.pkg.sub.mod');
  });

  it('__init__ names its package; .py and .pyi are dropped', () => {
    assert.deepEqual(['shop/cart.py', 'shop/__init__.py', 'stubs/m.pyi', '__init__.py', './a/b.py'].map(dottedName), ['shop.cart', 'shop', 'stubs.m', '__init__', 'a.b']);
  });
});
