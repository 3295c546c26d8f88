import type { Tree } from 'web-tree-sitter';
import type { Finding } from '../rules/findings';
import { publicity } from '../rules/missing';
import { isInFamily } from '../rules/registry';
import type { ModuleAnalysis } from '../analysis/model';
import {
  definitionNodeAt, docstringNode, indentUnit, lineEnding, placeInDefinition, placeInModule, verifyEdits, type Placement, type TextEdit,
} from './edit';
import { lineStartOf, splitLines } from '../parse/lines';
import { decodeLiteral } from './literal';
import { emptyModel, hasSections, isPlaceholder } from './model';
import { patchDocstring } from './patch';
import { cleandoc } from './text';
import { formatDocstring } from './format';
import type { DocstringModel, DocstringStyle } from './model';
import type { DocstringProvider, GenerationMode, RequestContext } from './provider';
import { expectationToFix, slotOf, SourceLines, withSourceFacts, type DocstringSlot } from './targets';
import type { StaleChecks } from './check';
import { indentWidth } from './text';
import type { ForeignClasses } from '../analysis/exceptions';

/**
 * Plans docstring edits for one file: which slots to touch, what each provider says, the
 * edits, and the invariant-1 check over all of them. Pure apart from the provider.
 */

export interface DocumentOptions {
  /** The project's style, for new docstrings and ones without sections. */
  style: DocstringStyle;
  lineLength: number;
  /** How stale docstrings are judged: an update changes only what the checks report. */
  staleChecks?: StaleChecks;
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
  /** The host's reach into other modules (what a raised class derives from), as the checks had it. */
  foreign?: ForeignClasses;
}

export type Only = 'missing' | 'stale' | 'all';

/** What `document --only` picks: missing docstrings (DW10x) and stale ones (DW4xx), by finding. */
export function slotsToDocument(analysis: ModuleAnalysis, findings: Finding[], only: Only): SlotRequest[] {
  const byLine = new Map<number, number>();
  analysis.definitions.forEach((d, i) => byLine.set(d.nameSpan.startLine * 1e6 + d.nameSpan.startCol, i));
  const requests = new Map<number, SlotRequest>();
  for (const f of findings) {
    const missing = isInFamily(f.code, 'missing');
    const stale = isInFamily(f.code, 'stale');
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

/** An update or conversion of a free-form docstring would put words in the author's mouth. */
function freeFormRefusal(slot: DocstringSlot, action: Action): string | undefined {
  const why = slot.existing?.read.freeForm;
  if (!why || action === 'regenerate') return undefined;
  return `it is free-form (${why}); Docwright leaves it as you wrote it`;
}

/** Why a slot cannot be written, or undefined when it can. */
export function refusal(slot: DocstringSlot): string | undefined {
  if (slot.hasSyntaxError) return 'it contains a syntax error; fix it first, Docwright never guesses';
  if (slot.notADocstring) return 'its first statement is a string expression that is not a docstring (f-string, bytes or concatenation); left as it is';
  if (slot.existing?.problem) return `its docstring cannot be rewritten safely: ${slot.existing.problem}`;
  return undefined;
}

/** How many slots are planned between two turns of the event loop (a file may hold thousands). */
const SLOTS_PER_TURN = 100;

/** Lets the event loop run (other requests, cancellation) during a long plan. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Plans the requested slots and proves all their edits together (invariant 1). When `signal`
 * aborts, planning stops: no edit, and each slot not refused already is skipped as cancelled.
 */
export async function planFile(input: FileInput, requests: SlotRequest[], provider: DocstringProvider, options: DocumentOptions, signal?: AbortSignal): Promise<FilePlan> {
  const proposed = await propose(input, requests, provider, options, signal);
  if (signal?.aborted) return cancelled(input, requests, proposed.skipped);
  return verified(input, proposed.edits, proposed.skipped);
}

/** The plan of a cancelled run: nothing written, every slot not refused for a reason of its own skipped as cancelled. */
function cancelled(input: FileInput, requests: SlotRequest[], skipped: SkippedSlot[]): FilePlan {
  const named = new Set(skipped.filter((s) => s.reason !== 'cancelled').map((s) => s.index));
  const out = skipped.filter((s) => s.reason !== 'cancelled');
  for (const { index } of requests) {
    if (named.has(index)) continue;
    named.add(index);
    out.push({ index, qualname: index < 0 ? '<module>' : input.analysis.definitions[index]?.qualname ?? '?', reason: 'cancelled' });
  }
  return { edits: [], skipped: out };
}

/**
 * One plan per slot, for a list of single-slot actions (quick fixes): the slots are planned in
 * one pass over the file and each edit is proven alone, as it will be applied. A slot with no
 * entry is already up to date.
 */
export async function planEach(input: FileInput, requests: SlotRequest[], provider: DocstringProvider, options: DocumentOptions, signal?: AbortSignal): Promise<Map<number, FilePlan>> {
  const plans = new Map<number, FilePlan>();
  if (requests.length === 0) return plans;
  const { edits, skipped } = await propose(input, requests, provider, options, signal);
  for (const s of skipped) plans.set(s.index, { edits: [], skipped: [s] });
  for (const edit of edits) {
    await nextTurn(); // each proof re-parses the file
    if (signal?.aborted) return new Map();
    plans.set(edit.index, verified(input, [edit], []));
  }
  return plans;
}

/** The facts about a file every slot's request needs, computed once per plan rather than once per slot. */
interface FileFacts {
  lines: string[];
  sourceLines: SourceLines;
  imports: string[];
  /** Function definitions by name, for the callees of a request's context. */
  functionsByName: Map<string, number[]>;
  eol: string;
  indentUnit: string;
}

function fileFacts(input: FileInput): FileFacts {
  const lines = splitLines(input.source);
  const functionsByName = new Map<string, number[]>();
  input.analysis.definitions.forEach((d, i) => {
    if (d.kind !== 'function') return;
    const same = functionsByName.get(d.name);
    if (same) same.push(i);
    else functionsByName.set(d.name, [i]);
  });
  return {
    lines, functionsByName, sourceLines: new SourceLines(lines),
    imports: lines.filter((l) => /^(import\s|from\s+\S+\s+import\s)/.test(l)).slice(0, 40),
    eol: lineEnding(input.source),
    indentUnit: indentUnit(input.source),
  };
}

/** The edits for the requested slots, unverified, and the slots refused with their reasons. */
async function propose(input: FileInput, requests: SlotRequest[], provider: DocstringProvider, options: DocumentOptions, signal?: AbortSignal): Promise<{ edits: PlannedEdit[]; skipped: SkippedSlot[] }> {
  const skipped: SkippedSlot[] = [];
  const work: { slot: DocstringSlot; action: Action }[] = [];
  const seen = new Set<number>();
  const facts = fileFacts(input);
  for (const request of requests) {
    if (seen.has(request.index)) continue; // one edit per docstring slot
    seen.add(request.index);
    if (seen.size % SLOTS_PER_TURN === 0) await nextTurn();
    if (signal?.aborted) return { edits: [], skipped };
    const slot = slotOf(input.analysis, request.index, input.path);
    if (slot.existing) withSourceFacts(slot.expected, input.analysis, slot.index, facts.sourceLines, options.staleChecks ?? 'lenient', input.foreign);
    const reason = refusal(slot) ?? freeFormRefusal(slot, request.action);
    if (reason) skipped.push({ index: slot.index, qualname: slot.qualname, reason });
    else work.push({ slot, action: request.action });
  }
  const generated = work.filter((w) => typeof w.action === 'string');
  const models = await provider.provide(generated.map(({ slot, action }) => ({
    qualname: slot.qualname,
    mode: modeOf(action as GenerationMode, slot),
    // An update fixes what the checks report and nothing a maintainer left out on purpose.
    expected: slot.existing ? expectationToFix(slot, options.staleChecks ?? 'lenient') : slot.expected,
    ...(slot.existing ? { existing: slot.existing.model } : {}),
    source: definitionText(input, slot.index, facts),
    style: styleFor(slot, action, options),
    path: input.path,
    context: requestContext(input, slot.index, facts),
  })), signal);
  const results = new Map(generated.map((w, i) => [w, models[i]!]));
  const edits: PlannedEdit[] = [];
  for (const [i, w] of work.entries()) {
    if (i > 0 && i % SLOTS_PER_TURN === 0) await nextTurn();
    if (signal?.aborted) return { edits: [], skipped };
    const { slot, action } = w;
    const model = typeof action === 'string' ? results.get(w)! : slot.existing!.model;
    if (model instanceof Error) { skipped.push({ index: slot.index, qualname: slot.qualname, reason: model.message }); continue; }
    const style = styleFor(slot, action, options);
    const updating = slot.existing && typeof action === 'string' && modeOf(action, slot) === 'update';
    let placement: Placement;
    if (updating) {
      // An update that changes nothing in the model leaves the human's layout alone.
      if (sameModel(model, slot.existing!.model)) continue;
      placement = placeUpdate(input, slot, model, style, options.lineLength, facts);
    } else {
      placement = place(input, slot.index, model, style, options.lineLength, facts);
    }
    if (!placement.ok) { skipped.push({ index: slot.index, qualname: slot.qualname, reason: placement.reason }); continue; }
    if (slot.existing && placement.edit.newText === input.source.slice(placement.edit.start, placement.edit.end)) continue;
    edits.push({
      index: slot.index, qualname: slot.qualname, kind: slot.existing ? 'updated' : 'added',
      placeholder: !slot.existing && isPlaceholder(model.summary), edit: placement.edit,
    });
  }
  return { edits, skipped };
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

function definitionText(input: FileInput, index: number, facts: FileFacts): string {
  if (index < 0) return '';
  const span = input.analysis.definitions[index]!.span;
  return facts.lines.slice(span.startLine, span.endLine + 1).join('\n');
}

/** The enclosing class's header, the module's imports and same-file functions it calls. */
export function requestContext(input: FileInput, index: number, facts: FileFacts = fileFacts(input)): RequestContext {
  const { lines, imports } = facts;
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
  const body = definitionText(input, index, facts);
  const called = new Set([...body.matchAll(/(?:\bself\.|\bcls\.|(?<![.\w]))([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1]!));
  called.delete(definition.name);
  // In definition order, as a scan of all definitions would find them.
  const callees = [...called].flatMap((name) => facts.functionsByName.get(name) ?? []).sort((a, b) => a - b);
  for (const i of callees) {
    const d = definitions[i]!;
    if (d === definition) continue;
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

export function place(input: FileInput, index: number, model: DocstringModel, style: DocstringStyle, lineLength: number, facts?: FileFacts): Placement {
  const render = (indent: string) => formatDocstring(model, style, { indentWidth: indentWidth(indent), lineLength });
  const options = { render, ...(facts ? { eol: facts.eol, indentUnit: facts.indentUnit } : {}) };
  if (index < 0) return placeInModule(input.source, input.tree.rootNode, options);
  const definition = input.analysis.definitions[index]!;
  const node = definitionNodeAt(input.tree, definition.nameSpan.startLine, definition.nameSpan.startCol);
  if (!node) return { ok: false, reason: 'cannot find the definition in the parse tree' };
  return placeInDefinition(input.source, node, options);
}

/**
 * An update re-renders the docstring only when rendering it unchanged gives back the author's
 * own lines (so the edit shows exactly what the merge changed). Otherwise it is written in
 * place: entries are added to and dropped from the sections the docstring has, in their own
 * layout, and a section is appended only for a role the docstring has none for. A free-form
 * docstring is left alone, with the reason.
 */
function placeUpdate(input: FileInput, slot: DocstringSlot, merged: DocstringModel, style: DocstringStyle, lineLength: number, facts: FileFacts): Placement {
  const existing = slot.existing!;
  const literal = literalNode(input, slot.index);
  if (!literal) return { ok: false, reason: 'cannot find its docstring in the parse tree' };
  const indent = /^[ \t]*/.exec(input.source.slice(lineStartOf(input.source, literal.startIndex)))![0];
  const width = indentWidth(indent);
  const value = decodeLiteral(existing.literal).value;
  const original = cleandoc(value).map((l) => l.trimEnd());
  const unchanged = formatDocstring(existing.model, style, { indentWidth: width, lineLength }).map((l) => l.trimEnd());
  // Our layout too: summary on the opening line, closing quotes alone on the last one.
  const ourLayout = /^\S/.test(value) && (original.length === 1 || /\n[ \t]*$/.test(value));
  if (ourLayout && unchanged.join('\n') === original.join('\n')) return place(input, slot.index, merged, style, lineLength, facts);
  if (existing.read.freeForm) return { ok: false, reason: `it is free-form (${existing.read.freeForm}); Docwright leaves it as you wrote it` };
  const { inPlace, appended } = splitUpdate(existing, merged);
  const sections = hasSections(appended) ? formatDocstring(appended, style, { indentWidth: width, lineLength }).slice(1) : [];
  const raw = input.source.slice(literal.startIndex, literal.endIndex);
  let patched = patchDocstring(raw, existing.read, existing.model, inPlace, sections);
  // A literal with escapes cannot be edited line by line, but new sections can still follow it.
  if (!patched.ok && sections.length && sameModel(inPlace, existing.model)) patched = appendToLiteral(raw, sections, indent, facts.eol);
  if (!patched.ok) return { ok: false, reason: `${patched.reason}; update it by hand (or convert its style first)` };
  return { ok: true, edit: { start: literal.startIndex, end: literal.endIndex, newText: patched.literal, literalStart: 0, literalEnd: patched.literal.length } };
}

const SECTION_ROLES = { params: 'params', attributes: 'attributes', returns: 'returns', yields: 'yields', raises: 'raises' } as const;

/**
 * What the merge changed, split by where it goes: into a section the docstring has for that
 * role (read or not: a role is never given a second section), or appended as a new section.
 */
function splitUpdate(existing: NonNullable<DocstringSlot['existing']>, merged: DocstringModel): { inPlace: DocstringModel; appended: DocstringModel } {
  const inPlace = structuredClone(existing.model);
  const appended = emptyModel();
  for (const key of Object.keys(SECTION_ROLES) as (keyof typeof SECTION_ROLES)[]) {
    if (sameJson(existing.model[key], merged[key])) continue;
    const has = existing.model[key].length > 0 || existing.read.roles.has(SECTION_ROLES[key]);
    if (has) (inPlace[key] as unknown[]) = merged[key];
    else (appended[key] as unknown[]) = merged[key];
  }
  return { inPlace, appended };
}

/** New sections after the last line of a triple-quoted literal, closing quotes on their own line. */
function appendToLiteral(raw: string, lines: string[], indent: string, eol: string): { ok: true; literal: string } | { ok: false; reason: string } {
  const prefix = /^[a-zA-Z]*/.exec(raw)![0];
  const quote = raw.slice(prefix.length, prefix.length + 3);
  if (quote !== '"""' && quote !== "'''") return { ok: false, reason: 'its docstring is not triple-quoted' };
  let text = lines.map((l) => (l ? indent + l : '')).join('\n');
  if (!/r/i.test(prefix)) text = text.replace(/\\/g, '\\\\');
  if (text.includes(quote) || text.endsWith(quote[0]!)) return { ok: false, reason: 'the new text would need quotes the docstring cannot hold' };
  let inner = raw.slice(prefix.length + 3, raw.length - 3);
  const closing = /(?:\r\n|\r|\n)[ \t]*$/.exec(inner);
  if (closing) inner = inner.slice(0, closing.index);
  return { ok: true, literal: `${prefix}${quote}${inner}${eol}${text.replace(/\n/g, eol)}${eol}${indent}${quote}` };
}

function literalNode(input: FileInput, index: number) {
  if (index < 0) return docstringNode(input.tree.rootNode).literal;
  const definition = input.analysis.definitions[index]!;
  const node = definitionNodeAt(input.tree, definition.nameSpan.startLine, definition.nameSpan.startCol);
  const body = node?.childForFieldName('body');
  return body ? docstringNode(body).literal : null;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Invariant 1 over all edits at once; when that fails, over halves of them, keeping the edits that pass. */
function verified(input: FileInput, edits: PlannedEdit[], skipped: SkippedSlot[]): FilePlan {
  if (edits.length === 0) return { edits, skipped };
  const all = verifyEdits(input.source, input.tree, edits.map((e) => e.edit), input.parse);
  if (all.ok) return { edits, skipped, text: all.text };
  const half = Math.ceil(edits.length / 2);
  const kept = edits.length === 1
    ? refuse(edits[0]!, all.reason, skipped)
    : [...passing(input, edits.slice(0, half), skipped), ...passing(input, edits.slice(half), skipped)];
  if (kept.length === 0) return { edits: kept, skipped };
  const again = verifyEdits(input.source, input.tree, kept.map((e) => e.edit), input.parse);
  if (again.ok) return { edits: kept, skipped, text: again.text };
  for (const e of kept) skipped.push({ index: e.index, qualname: e.qualname, reason: `the edits together failed their safety check (${again.reason})` });
  return { edits: [], skipped };
}

/**
 * The edits of a set that pass the check, found by halving the sets that fail: each check
 * re-parses the file, so a few bad edits among thousands cost a few checks each, not one per edit.
 */
function passing(input: FileInput, edits: PlannedEdit[], skipped: SkippedSlot[]): PlannedEdit[] {
  const verdict = verifyEdits(input.source, input.tree, edits.map((e) => e.edit), input.parse);
  if (verdict.ok) return edits;
  if (edits.length === 1) return refuse(edits[0]!, verdict.reason, skipped);
  const half = Math.ceil(edits.length / 2);
  return [...passing(input, edits.slice(0, half), skipped), ...passing(input, edits.slice(half), skipped)];
}

function refuse(edit: PlannedEdit, reason: string, skipped: SkippedSlot[]): PlannedEdit[] {
  skipped.push({ index: edit.index, qualname: edit.qualname, reason: `the edit failed its safety check (${reason}); nothing was changed` });
  return [];
}
export type { TextEdit } from './edit';
