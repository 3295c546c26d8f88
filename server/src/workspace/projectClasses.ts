import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ancestorsOf, isBuiltinException, type ForeignClasses } from '../core/analysis/exceptions';
import { importBindings, importedFrom, topLevelClasses, type ImportBinding } from '../core/analysis/imports';

/**
 * The project's exception classes across modules, for the stale checks: `raise
 * errors.InvalidRequestError` is documented by "Raises OAuth1Error" when errors.py says
 * `class InvalidRequestError(OAuth1Error)`. Modules are found the way Python would from the
 * importing file (relative imports from its package, absolute ones from above its outermost
 * package) and read as text, never parsed: only their imports and top-level classes matter.
 * Each file is read once while it is unchanged (its size and modification time are checked on
 * every use, so the language server sees edits saved to disk).
 */

interface ModuleFacts {
  size: number;
  mtimeMs: number;
  classes: Map<string, string[]>;
  bindings: Map<string, ImportBinding>;
}

/** Files read, each as it was then. */
export type Consulted = Map<string, { size: number; mtimeMs: number }>;

/** Modules this large are generated code, not where a project keeps its exceptions. */
const MAX_BYTES = 1024 * 1024;
/** How far a chain of bases is followed across modules. */
const MAX_DEPTH = 8;

export class ProjectClasses {
  private readonly modules = new Map<string, ModuleFacts | null>();

  /**
   * The reach into other modules from the file `importer`, and the files it has read so far,
   * each with the size and modification time it had when read (for the result cache).
   */
  forFile(importer: string): { foreign: ForeignClasses; consulted: Consulted } {
    const consulted: Consulted = new Map();
    const foreign: ForeignClasses = (module, name) => {
      const file = this.resolve(importer, module);
      return file ? this.ancestors(file, name, consulted, 0, new Set()) : undefined;
    };
    return { foreign, consulted };
  }

  /** The file a module names, seen from `importer`, or undefined. */
  resolve(importer: string, module: string): string | undefined {
    const level = /^\.*/.exec(module)![0].length;
    const dotted = module.slice(level);
    if (level > 0) {
      let base = path.dirname(importer);
      for (let i = 1; i < level; i++) base = path.dirname(base);
      return moduleFile(base, dotted);
    }
    return moduleFile(importRoot(importer), dotted) ?? moduleFile(path.dirname(importer), dotted);
  }

  private ancestors(file: string, name: string, consulted: Consulted, depth: number, seen: Set<string>): string[] | undefined {
    const key = `${file}\0${name}`;
    if (depth > MAX_DEPTH || seen.has(key)) return undefined;
    seen.add(key);
    const facts = this.facts(file);
    if (!facts) return undefined;
    consulted.set(file, { size: facts.size, mtimeMs: facts.mtimeMs });
    const bases = facts.classes.get(name);
    if (bases) {
      const found: string[] = [];
      for (const base of bases) {
        found.push(lastPart(base));
        found.push(...(this.baseAncestors(file, facts, base, consulted, depth, seen) ?? []));
      }
      return [...new Set(found)];
    }
    // A package's `__init__.py` (or any module) re-exporting the class from where it is defined.
    const origin = importedFrom(name, facts.bindings);
    const from = origin ? this.resolve(file, origin.module) : undefined;
    return from ? this.ancestors(from, origin!.name, consulted, depth + 1, seen) : undefined;
  }

  private baseAncestors(file: string, facts: ModuleFacts, base: string, consulted: Consulted, depth: number, seen: Set<string>): string[] | undefined {
    if (isBuiltinException(base)) return ancestorsOf(base);
    if (facts.classes.has(base)) return this.ancestors(file, base, consulted, depth + 1, seen);
    const origin = importedFrom(base, facts.bindings);
    const target = origin ? this.resolve(file, origin.module) : undefined;
    return target ? this.ancestors(target, origin!.name, consulted, depth + 1, seen) : undefined;
  }

  /** A module's imports and classes, read again only when the file changed. */
  private facts(file: string): ModuleFacts | null {
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return null;
    }
    const known = this.modules.get(file);
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known;
    if (stat.size > MAX_BYTES) return null;
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return null;
    }
    const facts = { size: stat.size, mtimeMs: stat.mtimeMs, classes: topLevelClasses(text), bindings: importBindings(text) };
    this.modules.set(file, facts);
    return facts;
  }
}

const lastPart = (name: string) => name.split('.').pop()!;

/** `base/a/b.py` or `base/a/b/__init__.py` for `a.b`; `base/__init__.py` for the package itself. */
function moduleFile(base: string, dotted: string): string | undefined {
  const stem = dotted ? path.join(base, ...dotted.split('.')) : base;
  for (const candidate of dotted ? [`${stem}.py`, path.join(stem, '__init__.py')] : [path.join(stem, '__init__.py')]) {
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

/** The directory an absolute import starts from: above the outermost package holding the file. */
function importRoot(file: string): string {
  let dir = path.dirname(file);
  while (isFile(path.join(dir, '__init__.py')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
