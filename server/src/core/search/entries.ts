import type { Definition, ModuleAnalysis, Parameter } from '../analysis/model';
import type { DocstringModel } from '../docstring/model';
import { readExisting } from '../docstring/targets';

/**
 * What the documentation index keeps of each module, class and function: enough to rank it,
 * show it in a list and jump to it, and nothing more (no source, no tree), so that an index of
 * a large workspace stays small. Long texts are cut: the first words of a description say what
 * it is about, and ranking needs no more. Pure.
 */

export type EntryKind = 'module' | 'class' | 'function' | 'method';

export interface EntryMetrics {
  cyclomatic: number;
  cognitive: number;
  nesting: number;
  lines: number;
}

export interface IndexEntry {
  /** Dotted and importable: `json.decoder.JSONDecoder.decode`; a module's own name. */
  qualname: string;
  name: string;
  kind: EntryKind;
  /** The dotted module it lives in. */
  module: string;
  /** As the host names files (a path, or a document URI in the editor). */
  file: string;
  /** 0-based line and column of the name (a module: 0, 0). */
  line: number;
  column: number;
  /** `name(a, b=1) -> int`; a class `Name(Base)`; a module its name. */
  signature: string;
  summary: string;
  description: string;
  /** Each documented parameter as `name: description`, one per line. */
  params: string;
  /** Returns, yields and raises as written in the docstring, joined. */
  outcomes: string;
  metrics: EntryMetrics;
}

export interface IndexedModule {
  name: string;
  file: string;
  analysis: ModuleAnalysis;
}

/** Texts longer than this are cut at a word boundary: it bounds the index's memory per entry. */
export const MAX_TEXT = 600;

export function clip(text: string, max = MAX_TEXT): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max);
  return text.slice(0, cut > max / 2 ? cut : max);
}

/** The module itself and every class and function not local to a function, in source order. */
export function entriesOf(module: IndexedModule, read: (literal: string) => DocstringModel = (l) => readExisting(l).model): IndexEntry[] {
  const { analysis } = module;
  const moduleDoc = analysis.docstring ? read(analysis.docstring.raw) : undefined;
  const entries: IndexEntry[] = [{
    qualname: module.name, name: module.name.split('.').pop() ?? module.name, kind: 'module', module: module.name, file: module.file,
    line: 0, column: 0, signature: module.name, ...docTexts(moduleDoc), metrics: metricsOf(analysis.metrics.lines, analysis.metrics),
  }];
  for (const definition of analysis.definitions) {
    if (definition.parentKind === 'function') continue; // locals are implementation detail
    const doc = definition.docstring ? read(definition.docstring.raw) : undefined;
    entries.push({
      qualname: `${module.name}.${definition.qualname}`, name: definition.name, kind: kindOf(definition), module: module.name,
      file: module.file, line: definition.nameSpan.startLine, column: definition.nameSpan.startCol,
      signature: signatureOf(definition), ...docTexts(doc), metrics: metricsOf(definition.metrics.lines, definition.metrics),
    });
  }
  return entries;
}

export function kindOf(definition: Pick<Definition, 'kind' | 'parentKind'>): EntryKind {
  return definition.kind === 'class' ? 'class' : definition.parentKind === 'class' ? 'method' : 'function';
}

function metricsOf(lines: number, m: { cyclomatic: number; cognitive: number; nesting: number }): EntryMetrics {
  return { cyclomatic: m.cyclomatic, cognitive: m.cognitive, nesting: m.nesting, lines };
}

type DocTexts = Pick<IndexEntry, 'summary' | 'description' | 'params' | 'outcomes'>;

function docTexts(model: DocstringModel | undefined): DocTexts {
  if (!model) return { summary: '', description: '', params: '', outcomes: '' };
  const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
  const params = [...model.params, ...model.attributes].map((p) => `${p.name}: ${oneLine(p.description)}`).join('\n');
  const outcomes = [...model.returns, ...model.yields, ...model.raises.map((r) => ({ type: r.type, description: r.description }))]
    .map((r) => oneLine(`${r.type ?? ''} ${r.description}`)).join('\n');
  // Sections we do not interpret (Notes, Examples) are part of what the docstring says.
  const described = [model.description, ...model.sections.map((s) => s.body)].filter(Boolean).join('\n');
  return { summary: clip(oneLine(model.summary), 300), description: clip(oneLine(described)), params: clip(params), outcomes: clip(outcomes, 300) };
}

function parameterText(p: Parameter): string {
  const star = p.kind === 'var-positional' ? '*' : p.kind === 'var-keyword' ? '**' : '';
  return `${star}${p.name}${p.annotation ? `: ${p.annotation}` : ''}${p.default !== undefined ? `${p.annotation ? ' = ' : '='}${p.default}` : ''}`;
}

/** The signature on one line, `self`/`cls` kept as written. */
export function signatureOf(definition: Definition): string {
  if (definition.kind === 'class') return definition.bases.length ? `${definition.name}(${definition.bases.join(', ')})` : definition.name;
  const params = definition.parameters.map(parameterText).join(', ');
  return clip(`${definition.isAsync ? 'async ' : ''}${definition.name}(${params})${definition.returnAnnotation ? ` -> ${definition.returnAnnotation}` : ''}`, 300);
}
