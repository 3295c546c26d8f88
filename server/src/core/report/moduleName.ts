/**
 * The name an exported module is given, in both hosts: its dotted path from the folder above
 * the outermost package that holds the export's root, as Python imports it (`pkg/sub/mod.py`
 * exported from `pkg/sub` is `pkg.sub.mod`, not `mod`). Pure: the caller lists the folders and
 * says which are packages (have an `__init__.py`).
 */

/** `shop/cart.py` → `shop.cart`; `shop/__init__.py` → `shop`. */
export function dottedName(relative: string): string {
  const parts = relative.replace(/\.pyi?$/, '').split(/[\\/]/).filter((p) => p && p !== '.');
  if (parts[parts.length - 1] === '__init__' && parts.length > 1) parts.pop();
  return parts.join('.');
}

/**
 * The folder names count from. `folders`: the root's folder (a file's own), then each folder
 * above it up to the file system's root; the first that is not a package (or the last).
 */
export function importBase(folders: readonly string[], isPackage: (folder: string) => boolean): string {
  return folders.find((folder, i) => i === folders.length - 1 || !isPackage(folder)) ?? '';
}
