import type { Tree } from 'web-tree-sitter';
import { publicity, type Finding } from '../analysis/findings';
import type { ModuleAnalysis } from '../analysis/model';
import {
  definitionNodeAt, docstringNode, lineEnding, placeInDefinition, placeInModule, verifyEdits, type Placement, type TextEdit,
} from './edit';
import { decodeLiteral } from './literal';
import { emptyModel, isPlaceholder } from './model';
import { cleandoc } from './text';
import { formatDocstring } from './format';
import type { DocstringModel, DocstringStyle } from './model';
import type { DocstringProvider, GenerationMode, RequestContext } from './provider';
import { slotOf, type DocstringSlot } from './targets';
import { indentWidth } from './text';

/**
 * Plans docstring edits for one file: which slots to touch, what each provider says, the
 * edits, and the invariant-1 check over all of them. Pure apart from the provider.
 */

export interface DocumentOptions {
  /** The project's style, for new docstrings and ones without sections. */
  style: DocstringStyle;
  lineLength: number;
}

export type Action = 'generate' | 'update' | 'regenerate' | { convertTo: DocstringStyle };

export interface SlotRequest {
  index: number;
  action: Action;
}

export interface PlannedEdit {
  index: number;
  qualname: string;
  kind: 'added' | 'updated';
  /** A new docstring whose summary is the template's placeholder: text a maintainer still has to write. */
  placeholder: boolean;
  edit: TextEdit;
}

export interface SkippedSlot {
  index: number;
  qualname: string;
  reason: string;
}

export interface FilePlan {
  edits: PlannedEdit[];
  skipped: SkippedSlot[];
  /** The new text when there are edits. */
  text?: string;
}

export interface FileInput {
  path: string;
  source: string;
  tree: Tree;
  analysis: ModuleAnalysis;
  /** Parses a text, incrementally from `old` when given (an edited copy of the tree). */
  parse: (text: string, old?: Tree) => Tree;
}

export type Only = 'missing' | 'stale' | 'all';

/** What `document --only` picks: missing docstrings (DW10x) and stale ones (DW4xx), by finding. */
export function slotsToDocument(analysis: ModuleAnalysis, findings: Finding[], only: Only): SlotRequest[] {
  const byLine = new Map<number, number>();
  analysis.definitions.forEach((d, i) => byLine.set(d.nameSpan.startLine * 1e6 + d.nameSpan.startCol, i));
  const requests = new Map<number, SlotRequest>();
  for (const f of findings) {
    const missing = /^DW10[0-7]$/.test(f.code);
    const stale = /^DW40[1-8]$/.test(f.code);
    if ((missing && only === 'stale') || (stale && only === 'missing') || (!missing && !stale)) continue;
    const index = f.code === 'DW100' || f.code === 'DW104' ? -1 : byLine.get(f.span.startLine * 1e6 + f.span.startCol);
    if (index === undefined || requests.has(index)) continue;
    requests.set(index, { index, action: missing ? 'generate' : 'update' });
  }
  return [...requests.values()].sort((a, b) => a.index - b.index);
}

/**
 * Definitions a run would document but cannot, because they do not parse (no finding is ever
 * reported for them): a run names them, so it never claims every docstring is present over code
 * it could not read. `scope` as in Document Workspace: `all` adds private ones, locals excepted.
 */
export function unparsedSlots(analysis: ModuleAnalysis, only: Only, scope: 'public' | 'all' = 'public'): number[] {
  if (only === 'stale') return [];
  const isPublic = publicity(analysis);
  return [...analysis.definitions.keys()].filter((i) => {
    const d = analysis.definitions[i]!;
    return d.hasSyntaxError && !d.hasDocstringToken && (scope === 'all' ? d.parentKind !== 'function' : isPublic[i]);
  });
}

/** Why a slot cannot be written, or undefined when it can. */
export function refusal(slot: DocstringSlot): string | undefined {
  if (slot.hasSyntaxError) return 'it contains a syntax error; fix it first, Docwright never guesses';
  if (slot.notADocstring) return 'its first statement is a string expression that is not a docstring (f-string, bytes or concatenation); left as it is';
  if (slot.existing?.problem) return `its docstring cannot be rewritten safely: ${slot.existing.problem}`;
  return undefined;
}

export async function planFile(input: FileInput, requests: SlotRequest[], provider: DocstringProvider, options: DocumentOptions, signal?: AbortSignal): Promise<FilePlan> {
  const skipped: SkippedSlot[] = [];
  const work: { slot: DocstringSlot; action: Action }[] = [];
  const seen = new Set<number>();
  for (const request of requests) {
    if (seen.has(request.index)) continue; // one edit per docstring slot
    seen.add(request.index);
    const slot = slotOf(input.analysis, request.index, input.path);
    const reason = refusal(slot);
    if (reason) skipped.push({ index: slot.index, qualname: slot.qualname, reason });
    else work.push({ slot, action: request.action });
  }
  const generated = work.filter((w) => typeof w.action === 'string');
  const models = await provider.provide(generated.map(({ slot, action }) => ({
    qualname: slot.qualname,
    mode: modeOf(action as GenerationMode, slot),
    expected: slot.expected,
    ...(slot.existing ? { existing: slot.existing.model } : {}),
    source: definitionText(input, slot.index),
    style: styleFor(slot, action, options),
    path: input.path,
    context: requestContext(input, slot.index),
  })), signal);
  const results = new Map(generated.map((w, i) => [w, models[i]!]));
  const edits: PlannedEdit[] = [];
  for (const w of work) {
    const { slot, action } = w;
    const model = typeof action === 'string' ? results.get(w)! : slot.existing!.model;
    if (model instanceof Error) { skipped.push({ index: slot.index, qualname: slot.qualname, reason: model.message }); continue; }
    const style = styleFor(slot, action, options);
    const updating = slot.existing && typeof action === 'string' && modeOf(action, slot) === 'update';
    let placement: Placement;
    if (updating) {
      // An update that changes nothing in the model leaves the human's layout alone.
      if (sameModel(model, slot.existing!.model)) continue;
      placement = placeUpdate(input, slot, model, style, options.lineLength);
    } else {
      placement = place(input, slot.index, model, style, options.lineLength);
    }
    if (!placement.ok) { skipped.push({ index: slot.index, qualname: slot.qualname, reason: placement.reason }); continue; }
    if (slot.existing && placement.edit.newText === input.source.slice(placement.edit.start, placement.edit.end)) continue;
    edits.push({
      index: slot.index, qualname: slot.qualname, kind: slot.existing ? 'updated' : 'added',
      placeholder: !slot.existing && isPlaceholder(model.summary), edit: placement.edit,
    });
  }
  return verified(input, edits, skipped);
}

function modeOf(action: GenerationMode, slot: DocstringSlot): GenerationMode {
  return action === 'generate' && slot.existing ? 'update' : action;
}

function styleFor(slot: DocstringSlot, action: Action, options: DocumentOptions): DocstringStyle {
  if (typeof action === 'object') return action.convertTo;
  return slot.existing?.style ?? options.style;
}

function sameModel(a: DocstringModel, b: DocstringModel): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function definitionText(input: FileInput, index: number): string {
  if (index < 0) return '';
  const span = input.analysis.definitions[index]!.span;
  const lines = input.source.split('\n');
  return lines.slice(span.startLine, span.endLine + 1).join('\n');
}

/** The enclosing class's header, the module's imports and same-file functions it calls. */
export function requestContext(input: FileInput, index: number): RequestContext {
  const lines = input.source.split('\n');
  const imports = lines.filter((l) => /^(import\s|from\s+\S+\s+import\s)/.test(l)).slice(0, 40);
  if (index < 0) return { imports, callees: [] };
  const definitions = input.analysis.definitions;
  const definition = definitions[index]!;
  const context: RequestContext = { imports, callees: [] };
  const parent = definition.parentIndex >= 0 ? definitions[definition.parentIndex] : undefined;
  if (parent?.kind === 'class') {
    const header = headerText(lines, parent.span.startLine);
    const doc = parent.docstring ? parent.docstring.raw.split(/\r?\n\s*\r?\n/)[0]!.trim() : '';
    context.classHeader = doc ? `${header}\n    ${doc}${doc.endsWith(parent.docstring!.raw.slice(-3)) ? '' : ' ...'}` : header;
  }
  const body = definitionText(input, index);
  const called = new Set([...body.matchAll(/(?:\bself\.|\bcls\.|(?<![.\w]))([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1]!));
  called.delete(definition.name);
  for (const d of definitions) {
    if (d === definition || !called.has(d.name) || d.kind !== 'function') continue;
    if (d.parentIndex >= 0 && d.parentIndex !== definition.parentIndex) continue; // same scope only
    context.callees.push(headerText(lines, d.span.startLine));
    if (context.callees.length >= 12) break;
  }
  return context;
}

/** A def/class header as written, up to its colon (multi-line signatures joined). */
function headerText(lines: string[], start: number): string {
  const out: string[] = [];
  for (let i = start; i < lines.length && out.length < 12; i++) {
    out.push(lines[i]!.trimEnd());
    if (/:\s*(#.*)?$/.test(lines[i]!)) break;
  }
  return out.join('\n');
}

export function place(input: FileInput, index: number, model: DocstringModel, style: DocstringStyle, lineLength: number): Placement {
  const render = (indent: string) => formatDocstring(model, style, { indentWidth: indentWidth(indent), lineLength });
  if (index < 0) return placeInModule(input.source, input.tree.rootNode, { render });
  const definition = input.analysis.definitions[index]!;
  const node = definitionNodeAt(input.tree, definition.nameSpan.startLine, definition.nameSpan.startCol);
  if (!node) return { ok: false, reason: 'cannot find the definition in the parse tree' };
  return placeInDefinition(input.source, node, { render });
}

/**
 * An update re-renders the docstring only when rendering it unchanged gives back the author's
 * own lines (so the edit shows exactly what the merge changed). Otherwise new sections are
 * appended and every existing character stays; a change inside existing sections of such a
 * docstring is refused with the reason rather than reflowing someone's prose.
 */
function placeUpdate(input: FileInput, slot: DocstringSlot, merged: DocstringModel, style: DocstringStyle, lineLength: number): Placement {
  const existing = slot.existing!;
  const literal = literalNode(input, slot.index);
  if (!literal) return { ok: false, reason: 'cannot find its docstring in the parse tree' };
  const indent = /^[ \t]*/.exec(input.source.slice(input.source.lastIndexOf('\n', literal.startIndex - 1) + 1))![0];
  const width = indentWidth(indent);
  const value = decodeLiteral(existing.literal).value;
  const original = cleandoc(value).map((l) => l.trimEnd());
  const unchanged = formatDocstring(existing.model, style, { indentWidth: width, lineLength }).map((l) => l.trimEnd());
  // Our layout too: summary on the opening line, closing quotes alone on the last one.
  const ourLayout = /^\S/.test(value) && (original.length === 1 || /\n[ \t]*$/.test(value));
  if (ourLayout && unchanged.join('\n') === original.join('\n')) return place(input, slot.index, merged, style, lineLength);
  const added = appendedSections(existing.model, merged);
  if (!added) {
    return { ok: false, reason: 'its layout is one Docwright cannot re-render without changing your text, and the update changes existing sections; update it by hand (or convert its style first)' };
  }
  const lines = formatDocstring(added, style, { indentWidth: width, lineLength }).slice(1);
  return appendToLiteral(input.source, literal.startIndex, literal.endIndex, lines, indent);
}

/** The sections the merge added to a docstring that lacked them, or null if it changed others. */
function appendedSections(before: DocstringModel, after: DocstringModel): DocstringModel | null {
  if (before.summary !== after.summary || before.description !== after.description || !sameJson(before.sections, after.sections)) return null;
  const added = emptyModel();
  for (const key of ['params', 'attributes', 'returns', 'yields', 'raises'] as const) {
    if (sameJson(before[key], after[key])) continue;
    if (before[key].length > 0) return null;
    (added[key] as unknown[]) = after[key];
  }
  return added;
}

function appendToLiteral(source: string, start: number, end: number, lines: string[], indent: string): Placement {
  const raw = source.slice(start, end);
  const prefix = /^[a-zA-Z]*/.exec(raw)![0];
  const quote = raw.slice(prefix.length, prefix.length + 3);
  if (quote !== '"""' && quote !== "'''") return { ok: false, reason: 'its docstring is not triple-quoted' };
  const eol = lineEnding(source);
  let text = lines.map((l) => (l ? indent + l : '')).join('\n');
  if (!/r/i.test(prefix)) text = text.replace(/\\/g, '\\\\');
  if (text.includes(quote) || text.endsWith(quote[0]!)) return { ok: false, reason: 'the new text would need quotes the docstring cannot hold' };
  let inner = raw.slice(prefix.length + 3, raw.length - 3);
  const closing = /\r?\n[ \t]*$/.exec(inner);
  if (closing) inner = inner.slice(0, closing.index);
  const literal = `${prefix}${quote}${inner}${eol}${text.replace(/\n/g, eol)}${eol}${indent}${quote}`;
  return { ok: true, edit: { start, end, newText: literal, literalStart: 0, literalEnd: literal.length } };
}

function literalNode(input: FileInput, index: number) {
  if (index < 0) return docstringNode(input.tree.rootNode).literal;
  const definition = input.analysis.definitions[index]!;
  const node = definitionNodeAt(input.tree, definition.nameSpan.startLine, definition.nameSpan.startCol);
  const body = node?.childForFieldName('body');
  return body ? docstringNode(body).literal : null;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Invariant 1 over all edits at once; when that fails, edit by edit, keeping those that pass. */
function verified(input: FileInput, edits: PlannedEdit[], skipped: SkippedSlot[]): FilePlan {
  if (edits.length === 0) return { edits, skipped };
  const all = verifyEdits(input.source, input.tree, edits.map((e) => e.edit), input.parse);
  if (all.ok) return { edits, skipped, text: all.text };
  const kept: PlannedEdit[] = [];
  for (const e of edits) {
    const one = verifyEdits(input.source, input.tree, [e.edit], input.parse);
    if (one.ok) kept.push(e);
    else skipped.push({ index: e.index, qualname: e.qualname, reason: `the edit failed its safety check (${one.reason}); nothing was changed` });
  }
  if (kept.length === 0) return { edits: kept, skipped };
  const again = verifyEdits(input.source, input.tree, kept.map((e) => e.edit), input.parse);
  if (again.ok) return { edits: kept, skipped, text: again.text };
  for (const e of kept) skipped.push({ index: e.index, qualname: e.qualname, reason: `the edits together failed their safety check (${again.reason})` });
  return { edits: [], skipped };
}
export type { TextEdit } from './edit';
