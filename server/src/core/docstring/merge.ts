import type { Expected } from './expect';
import { paramEntry, placeholderFor } from './expect';
import { documentedNames, type DocParam, type DocstringModel } from './model';
import { looksLikeType } from './text';

/**
 * Brings an existing docstring in line with its signature while keeping every word a human
 * wrote: summary, description, unknown sections and each kept entry's description are
 * carried over untouched. Parameters follow the signature's order; ones no longer in it are
 * dropped (unless `**kwargs` may take them); types the annotation contradicts are replaced.
 */
export function mergeDocstring(existing: DocstringModel, expected: Expected, fallbackSummary: string): DocstringModel {
  const merged: DocstringModel = structuredClone(existing);
  if (!merged.summary.trim()) merged.summary = fallbackSummary;
  const usesTypes = existing.params.length === 0 || existing.params.some((p) => p.type);
  if (expected.params && !(expected.kind === 'class' && existing.params.length === 0)) {
    merged.params = mergeParams(merged.params, expected, usesTypes);
  }
  if (expected.kind === 'class' && existing.attributes.length > 0) {
    for (const attribute of expected.attributes) {
      if (!merged.attributes.some((a) => documentedNames(a).includes(attribute.name))) {
        merged.attributes.push({ name: attribute.name, ...(attribute.type && usesTypes ? { type: attribute.type } : {}), description: placeholderFor.param(attribute.name) });
      }
    }
  }
  mergeReturns(merged, 'returns', expected.returns, expected.returnType, placeholderFor.returns());
  mergeReturns(merged, 'yields', expected.yields, expected.yieldType, placeholderFor.yields());
  if (expected.raisesForbidden) merged.raises = [];
  for (const raised of expected.raises) {
    if (!merged.raises.some((r) => documentsException(r.type, raised))) {
      merged.raises.push({ type: raised, description: placeholderFor.raises() });
    }
  }
  return merged;
}

function mergeParams(documented: DocParam[], expected: Expected, usesTypes: boolean): DocParam[] {
  const used = new Set<DocParam>();
  const result: DocParam[] = [];
  for (const p of expected.params ?? []) {
    const found = documented.find((d) => documentedNames(d).includes(p.bare));
    if (!found) {
      result.push(paramEntry(p, usesTypes));
      continue;
    }
    if (used.has(found)) continue; // `x1, x2 : int` documents both
    used.add(found);
    if (p.type && found.type && contradicts(found.type, p.type)) found.type = p.type;
    if (p.type && !found.type && usesTypes && documented.some((d) => d.type)) found.type = p.type;
    if (found.default !== undefined && p.default !== undefined && stripTicks(found.default) !== stripTicks(p.default)) found.default = p.default;
    if (found.default !== undefined && p.default === undefined) delete found.default;
    result.push(found);
  }
  if (expected.acceptsKeywords) result.push(...documented.filter((d) => !used.has(d)));
  return result;
}

function mergeReturns(model: DocstringModel, key: 'returns' | 'yields', need: Expected['returns'], type: string | undefined, placeholder: string): void {
  if (need === 'forbidden') { model[key] = []; return; }
  if (need !== 'required') return;
  const first = model[key][0];
  if (!first) {
    model[key] = [{ ...(type ? { type } : {}), description: placeholder }];
    return;
  }
  if (type && first.type && model[key].length === 1 && contradicts(first.type, type)) first.type = type;
}

const stripTicks = (text: string) => text.replace(/`/g, '').trim();

/** `ValueError` documents `ValueError` and `errors.ValueError` alike. */
export function documentsException(documented: string, raised: string): boolean {
  return documented.split(/,|\||\/|\bor\b/).some((d) => exceptionName(d) === exceptionName(raised));
}

/** Python 3 made these names of `OSError`: a docstring saying `IOError` documents `raise OSError`. */
const OSERROR_ALIASES = new Set(['IOError', 'EnvironmentError', 'WindowsError']);

/** An exception's class name as the docs would match it: `errors.NoSysPath` → `NoSysPath`. */
export function exceptionName(name: string): string {
  const last = name.trim().split('.').pop()!;
  return OSERROR_ALIASES.has(last) ? 'OSError' : last;
}

/**
 * True when a documented type says something other than the annotation. Prose types
 * ("list of int") are never contradicted; spelling variants (typing. prefixes, Optional[X]
 * vs X | None, List vs list, quotes, Sphinx roles) are the same type.
 */
export function contradicts(documented: string, annotation: string): boolean {
  if (!looksLikeType(documented.replace(/:\w+:/g, ''))) return false;
  return normalizeType(documented) !== normalizeType(annotation);
}

export function normalizeType(type: string): string {
  let text = type.replace(/:(?:py:)?(?:class|obj|data|type):/g, '').replace(/[`'"~\s]/g, '').replace(/,optional$/, '');
  text = text.replace(/\b(?:typing|collections\.abc|t)\./g, '');
  // Optional[X] → X|None and Union[A, B] → A|B, innermost first.
  for (let guard = 0; guard < 20; guard++) {
    const next = text
      .replace(/Optional\[([^[\]]*)\]/g, '$1|None')
      .replace(/Union\[([^[\]]*)\]/g, (_, inner: string) => inner.split(',').join('|'));
    if (next === text) break;
    text = next;
  }
  return splitTop(text, '|').map((m) => m.toLowerCase()).sort().join('|');
}

function splitTop(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']') depth--;
    else if (text[i] === separator && depth === 0) { parts.push(text.slice(start, i)); start = i + 1; }
  }
  parts.push(text.slice(start));
  return parts;
}
