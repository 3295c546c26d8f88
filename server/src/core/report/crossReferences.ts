import type { ModuleAnalysis } from '../analysis/model';
import type { ModuleReferences } from '../search/references';

/**
 * Which documented definitions each one calls, and is called by, across the modules of one
 * export. A callee as written is resolved the way Python would find it, as far as it can be
 * without running anything: `self.x`/`cls.x` in a method → its class's `x`; a name defined at
 * the module's top level → that definition; an imported name → what it imports (relative
 * imports from the module's package); else the dotted name as written. A callee that resolves to
 * nothing the export documents is left out. Pure.
 */

export interface ReferencingModule {
  name: string;
  /** An `__init__.py`: its relative imports count from itself. */
  isPackage: boolean;
  analysis: ModuleAnalysis;
  references?: ModuleReferences;
}

export interface CrossReferences {
  /** Qualified name → the documented definitions it calls, in the order first called. */
  calls: Map<string, string[]>;
  /** Qualified name → who calls it, sorted. */
  calledBy: Map<string, string[]>;
}

export function crossReferences(modules: readonly ReferencingModule[]): CrossReferences {
  const documented = new Set<string>();
  for (const m of modules) for (const d of m.analysis.definitions) if (d.parentKind !== 'function') documented.add(`${m.name}.${d.qualname}`);
  const calls = new Map<string, string[]>();
  const calledBy = new Map<string, string[]>();
  for (const module of modules) {
    module.references?.calls.forEach((callees, index) => {
      const caller = `${module.name}.${module.analysis.definitions[index]!.qualname}`;
      const targets = [...new Set(callees.map((c) => resolveCallee(c, module, index)).filter((t) => t !== caller && documented.has(t)))];
      if (!targets.length) return;
      calls.set(caller, targets);
      for (const target of targets) calledBy.set(target, [...(calledBy.get(target) ?? []), caller]);
    });
  }
  for (const callers of calledBy.values()) callers.sort();
  return { calls, calledBy };
}

function resolveCallee(callee: string, module: ReferencingModule, index: number): string {
  const [head, ...rest] = callee.split('.');
  const definitions = module.analysis.definitions;
  const definition = definitions[index]!;
  if ((head === 'self' || head === 'cls') && rest.length === 1 && definition.parentKind === 'class') {
    return `${module.name}.${definitions[definition.parentIndex]!.qualname}.${rest[0]}`;
  }
  if (definitions.some((d) => d.parentKind === 'module' && d.name === head)) return `${module.name}.${callee}`;
  const imported = head === undefined ? undefined : module.references?.imports[head];
  if (imported !== undefined) return [absolute(imported, module), ...rest].join('.');
  return callee;
}

/** `.cart` in `shop.pricing` → `shop.cart`; `..util` climbs one package more. */
function absolute(target: string, module: ReferencingModule): string {
  const dots = /^\.*/.exec(target)![0].length;
  if (!dots) return target;
  const packageParts = module.name.split('.').slice(0, module.isPackage ? undefined : -1);
  const base = packageParts.slice(0, packageParts.length - (dots - 1));
  return [...base, target.slice(dots)].filter(Boolean).join('.');
}
