import { decoratorName } from '../analysis/definitions';
import type { Definition, ModuleAnalysis, Span } from '../analysis/model';
import { defineRule, type CheckInput, type ModuleIdentity, type Report, type RuleFamily } from './rule';

/**
 * DW100–DW107: missing docstrings, as pydocstyle 6.2's D100–D107 report them, including its
 * rules of who is public. The check is here too.
 */

interface Named {
  qualname: string;
}

/** A definition's message: the title, then the name. */
const ofDefinition = (title: string) => ({ qualname }: Named) => `${title}: \`${qualname}\``;

const DW100 = defineRule({
  code: 'DW100',
  title: 'Missing docstring in public module',
  peer: 'pydocstyle D100',
  severity: 'information',
  message: () => 'Missing docstring in public module',
  docs: [
    'Missing docstring in a public module (pydocstyle D100). A module is public when its file name',
    'does not start with `_` (dunder names such as `__main__.py` are public) and no folder above it',
    "does either. Never reported for a Jupyter notebook's cells: a cell is a fragment of a module.",
  ].join('\n'),
});

const DW101 = defineRule({
  code: 'DW101',
  title: 'Missing docstring in public class',
  peer: 'pydocstyle D101',
  severity: 'information',
  message: ofDefinition('Missing docstring in public class'),
  docs: [
    'Missing docstring in a public top-level class (D101). Public: the name does not start with `_`;',
    'when the module has a literal `__all__`, the name is listed in it.',
  ].join('\n'),
});

const DW102 = defineRule({
  code: 'DW102',
  title: 'Missing docstring in public method',
  peer: 'pydocstyle D102',
  severity: 'information',
  message: ofDefinition('Missing docstring in public method'),
  docs: [
    'Missing docstring in a public method (D102): the class is public, the name does not start with',
    '`_` (or is `__call__`/`__new__`), and it is not a property setter/deleter (`@x.setter`) nor',
    'decorated with a plain `@overload`.',
  ].join('\n'),
});

const DW103 = defineRule({
  code: 'DW103',
  title: 'Missing docstring in public function',
  peer: 'pydocstyle D103',
  severity: 'information',
  message: ofDefinition('Missing docstring in public function'),
  docs: [
    'Missing docstring in a public function (D103), same public rule as DW101; `@overload` stubs are',
    'skipped. Functions nested in functions are never reported.',
  ].join('\n'),
});

const DW104 = defineRule({
  code: 'DW104',
  title: 'Missing docstring in public package',
  peer: 'pydocstyle D104',
  severity: 'information',
  message: () => 'Missing docstring in public package',
  docs: 'Missing docstring in a public package: an `__init__.py` without one (D104).',
});

const DW105 = defineRule({
  code: 'DW105',
  title: 'Missing docstring in magic method',
  peer: 'pydocstyle D105',
  severity: 'information',
  message: ofDefinition('Missing docstring in magic method'),
  docs: 'Missing docstring in a magic method such as `__eq__` (D105).',
});

const DW106 = defineRule({
  code: 'DW106',
  title: 'Missing docstring in public nested class',
  peer: 'pydocstyle D106',
  severity: 'information',
  message: ofDefinition('Missing docstring in public nested class'),
  docs: 'Missing docstring in a public class nested in a public class (D106).',
});

const DW107 = defineRule({
  code: 'DW107',
  title: 'Missing docstring in __init__',
  peer: 'pydocstyle D107',
  severity: 'information',
  message: ofDefinition('Missing docstring in __init__'),
  docs: 'Missing docstring in `__init__` (D107).',
});

export const missing: RuleFamily = {
  name: 'missing',
  title: 'Missing docstrings',
  rules: [DW100, DW101, DW102, DW103, DW104, DW105, DW106, DW107],
  check: missingDocstrings,
};

const MODULE_SPAN: Span = { startLine: 0, startCol: 0, endLine: 0, endCol: 0 };

const VARIADIC_MAGIC = new Set(['__init__', '__call__', '__new__']);

/** What DW100–DW107 check: the module (index -1) or a public definition, and the code a missing docstring there gets. */
export interface DocstringTarget {
  code: string;
  /** Into `analysis.definitions`; -1 for the module. */
  index: number;
  /** The body starts with a string literal, as pydocstyle counts presence. */
  hasDocstring: boolean;
}

type ModuleRule = typeof DW100 | typeof DW104;
type DefinitionRule = Exclude<ReturnType<typeof missingRule>, undefined>;
type Target = { kind: 'module'; rule: ModuleRule; index: -1; hasDocstring: boolean } | { kind: 'definition'; rule: DefinitionRule; index: number; hasDocstring: boolean };

/**
 * Every place DW100–DW107 look for a docstring, with pydocstyle's rules of who is public, whether
 * one is there or not: the missing-docstring check reports those without, and docstring coverage
 * counts them all. Definitions that do not parse are left out (never guess about broken code).
 */
export function docstringTargets(analysis: ModuleAnalysis, module: ModuleIdentity): DocstringTarget[] {
  return targets(analysis, module).map(({ rule, index, hasDocstring }) => ({ code: rule.code, index, hasDocstring }));
}

function targets(analysis: ModuleAnalysis, module: ModuleIdentity): Target[] {
  const found: Target[] = [];
  const segments = module.path.split('/').filter(Boolean);
  const fileName = segments[segments.length - 1] ?? '';
  if (!module.cell && isPublicModule(segments)) {
    found.push({ kind: 'module', rule: fileName === '__init__.py' ? DW104 : DW100, index: -1, hasDocstring: analysis.hasDocstringToken });
  }
  const isPublic = publicity(analysis);
  analysis.definitions.forEach((definition, index) => {
    if (!isPublic[index] || definition.hasSyntaxError) return;
    const parent = definition.parentIndex >= 0 ? analysis.definitions[definition.parentIndex] : undefined;
    const rule = missingRule(definition, parent);
    if (rule) found.push({ kind: 'definition', rule, index, hasDocstring: definition.hasDocstringToken });
  });
  return found;
}

function missingDocstrings({ analysis, module }: CheckInput, report: Report): void {
  for (const target of targets(analysis, module)) {
    if (target.hasDocstring) continue;
    if (target.kind === 'module') report(target.rule, undefined, MODULE_SPAN);
    else {
      const definition = analysis.definitions[target.index]!;
      report(target.rule, { qualname: definition.qualname }, definition.nameSpan);
    }
  }
}

/** Which definitions pydocstyle counts as public, by index into `analysis.definitions`. */
export function publicity(analysis: ModuleAnalysis): boolean[] {
  const result: boolean[] = [];
  analysis.definitions.forEach((definition, index) => {
    const parent = definition.parentIndex >= 0 ? analysis.definitions[definition.parentIndex]! : undefined;
    const parentPublic = definition.parentIndex >= 0 ? result[definition.parentIndex]! : true;
    result[index] = isPublicDefinition(definition, parent, parentPublic, analysis.dunderAll);
  });
  return result;
}

function isPublicName(name: string): boolean {
  return !name.startsWith('_') || (name.startsWith('__') && name.endsWith('__'));
}

/** A module is public when its name is, and no directory above it is private. */
export function isPublicModule(segments: string[]): boolean {
  if (segments.length === 0) return true;
  const stem = segments[segments.length - 1]!.replace(/\.[^.]*$/, '');
  return isPublicName(stem) && segments.slice(0, -1).every(isPublicName);
}

function isMagic(name: string): boolean {
  return name.startsWith('__') && name.endsWith('__') && !VARIADIC_MAGIC.has(name);
}

function isPublicDefinition(definition: Definition, parent: Definition | undefined, parentPublic: boolean, dunderAll: string[] | null): boolean {
  const name = definition.name;
  if (!parent) return dunderAll !== null ? dunderAll.includes(name) : !name.startsWith('_');
  if (parent.kind === 'function') return false; // nested functions and classes in functions
  if (definition.kind === 'class') return !name.startsWith('_') && parentPublic;
  // A method: setters/deleters (`@name.setter`) are private to pydocstyle.
  if (definition.decorators.some((d) => decoratorName(d).startsWith(`${name}.`))) return false;
  const namePublic = !name.startsWith('_') || VARIADIC_MAGIC.has(name) || isMagic(name);
  return parentPublic && namePublic;
}

function missingRule(definition: Definition, parent: Definition | undefined) {
  const overload = definition.decorators.some((d) => decoratorName(d) === 'overload');
  if (definition.kind === 'class') return parent ? DW106 : DW101;
  if (!parent) return overload ? undefined : DW103;
  if (isMagic(definition.name)) return DW105;
  if (definition.name === '__init__') return DW107;
  return overload ? undefined : DW102;
}
