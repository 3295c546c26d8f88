/**
 * What a module's text says about names from other modules, read from the text alone: the
 * names its imports bind and the classes it defines at the top level. Hosts use it to follow
 * a raised exception into the module that defines it (workspace/projectClasses.ts), so it must
 * be cheap on files that were never parsed.
 */

/** What an import binds a name to: `module` as written (`.errors` is relative), and the name taken from it, if any. */
export interface ImportBinding {
  module: string;
  name?: string;
}

/** The names a module's imports bind, anywhere in it (a `try:` or an `if TYPE_CHECKING:` imports too). */
export function importBindings(source: string | readonly string[]): Map<string, ImportBinding> {
  const bindings = new Map<string, ImportBinding>();
  for (const statement of importStatements(source)) {
    const from = /^from\s+(\.*[\w.]*)\s+import\s+(.+)$/s.exec(statement);
    if (from) {
      for (const part of from[2]!.replace(/[()\\]/g, ' ').split(',')) {
        const m = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (m && m[1] !== '*') bindings.set(m[2] ?? m[1]!, { module: from[1]!, name: m[1]! });
      }
      continue;
    }
    const plain = /^import\s+(.+)$/s.exec(statement);
    for (const part of plain ? plain[1]!.split(',') : []) {
      const m = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      // `import a.b` binds `a`, the package; `import a.b as c` binds `c` to `a.b`.
      if (m) bindings.set(m[2] ?? m[1]!.split('.')[0]!, { module: m[2] ? m[1]! : m[1]!.split('.')[0]! });
    }
  }
  return bindings;
}

/** Each import statement on one line: a parenthesised or backslash-continued one is joined. */
function importStatements(source: string | readonly string[]): string[] {
  const statements: string[] = [];
  const lines = typeof source === 'string' ? source.split(/\r\n|\r|\n/) : source;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/#.*/, '').trim();
    if (!/^(?:from\s+\S+\s+)?import\s/.test(line)) continue;
    let statement = line;
    while ((open(statement) || statement.endsWith('\\')) && i + 1 < lines.length) statement += ` ${lines[++i]!.replace(/#.*/, '').trim()}`;
    statements.push(statement.replace(/\\/g, ' '));
  }
  return statements;
}

const open = (text: string) => (text.match(/\(/g)?.length ?? 0) > (text.match(/\)/g)?.length ?? 0);

/** Top-level `class Name(Base, ...)` and `Alias = Name` bindings: each name's bases as written. */
export function topLevelClasses(source: string): Map<string, string[]> {
  const classes = new Map<string, string[]>();
  for (const m of source.matchAll(/^class\s+(\w+)\s*\(([^)]*)\)\s*:/gm)) {
    const bases = m[2]!.split(',').map((b) => b.trim()).filter((b) => /^[A-Za-z_][\w.]*$/.test(b));
    classes.set(m[1]!, bases);
  }
  for (const [alias, targets] of classAliases(source.split(/\r\n|\r|\n/))) if (!classes.has(alias)) classes.set(alias, targets);
  return classes;
}

/**
 * Capitalised names bound to another class, which is how a module raises one under a second
 * name: `FNFError = FileNotFoundError` (an `except NameError:` may give `FNFError = IOError`
 * too, so a name keeps every target), `OptionError = SetupError = Exception`.
 */
export function classAliases(lines: readonly string[]): Map<string, string[]> {
  const aliases = new Map<string, string[]>();
  for (const line of lines) {
    if (!ASSIGNED_CLASS.test(line)) continue;
    const names = line.split('=').map((n) => n.trim());
    const target = names[names.length - 1]!;
    for (const alias of names.slice(0, -1)) bindAlias(aliases, alias, target);
  }
  return aliases;
}

const ASSIGNED_CLASS = /^\s*[A-Z]\w*(?:\s*=\s*[A-Z][\w.]*)+\s*$/;

/** Records `alias` as a second name of `target`, unless it is the same name. */
export function bindAlias(aliases: Map<string, string[]>, alias: string, target: string): void {
  if (alias !== target.split('.').pop()) aliases.set(alias, [...(aliases.get(alias) ?? []), target]);
}

/** `.` + `errors` → `.errors`; `pkg` + `errors` → `pkg.errors`. */
export function joinModule(module: string, name: string): string {
  return module.endsWith('.') ? module + name : `${module}.${name}`;
}

/**
 * Where a name used in a module comes from, by its imports: `errors.X` after `from . import
 * errors` is X of `.errors`; `X` after `from .errors import X` is X of `.errors`; `pkg.sub.X`
 * after `import pkg` is X of `pkg.sub`. Undefined for a name no import binds.
 */
export function importedFrom(dotted: string, bindings: ReadonlyMap<string, ImportBinding>): { module: string; name: string } | undefined {
  const [head, ...rest] = dotted.split('.');
  const binding = bindings.get(head!);
  if (!binding) return undefined;
  if (rest.length === 0) return binding.name ? { module: binding.module, name: binding.name } : undefined;
  const module = binding.name ? joinModule(binding.module, binding.name) : binding.module;
  return { module: rest.length > 1 ? joinModule(module, rest.slice(0, -1).join('.')) : module, name: rest[rest.length - 1]! };
}
