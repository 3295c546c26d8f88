import * as path from 'node:path';

/**
 * The name an exported module is given, in both hosts: its dotted path from the folder above
 * the outermost package that holds the export's root, as Python imports it (`pkg/sub/mod.py`
 * exported from `pkg/sub` is `pkg.sub.mod`, not `mod`). Pure: whether a folder is a package
 * (has an `__init__.py`) is asked of the caller.
 */

/** `shop/cart.py` → `shop.cart`; `shop/__init__.py` → `shop`. */
export function dottedName(relative: string): string {
  const parts = relative.replace(/\.pyi?$/, '').split(/[\\/]/).filter((p) => p && p !== '.');
  if (parts[parts.length - 1] === '__init__' && parts.length > 1) parts.pop();
  return parts.join('.');
}

/** The folder names count from: `root`'s folder (a file's own), climbing while it is a package. */
export function importBase(root: string, rootIsFolder: boolean, isPackage: (folder: string) => boolean): string {
  let base = rootIsFolder ? root : path.dirname(root);
  while (isPackage(base) && path.dirname(base) !== base) base = path.dirname(base);
  return base;
}

/** The module name of `file`, exported from under `base` (see importBase). */
export function moduleName(file: string, base: string): string {
  return dottedName(path.relative(base, file));
}
