import type { Node, Tree } from 'web-tree-sitter';
import { firstStatement } from '../analysis/definitions';
import { dominantLineEnding, endsWithLineBreak, lineStartOf, lineStarts, nextLineStart, parserText, pointIn, treeEdit } from '../parse/lines';
import { encodeLiteral } from './literal';

/**
 * Text edits that insert or replace exactly one docstring literal, and the check every edit
 * passes before anyone sees it (invariant 1). Offsets are UTF-16 indices into the source, the
 * same units web-tree-sitter's node indices use.
 */

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
  /** Where the literal sits inside newText. */
  literalStart: number;
  literalEnd: number;
}

export type Placement = { ok: true; edit: TextEdit } | { ok: false; reason: string };

/** What a new line break in the file is written as: the file's own ('\r' in old Mac files too). */
export function lineEnding(source: string): string {
  return dominantLineEnding(source);
}

/** The indentation unit a new block gets: tabs when the file indents with tabs, else 4 spaces. */
export function indentUnit(source: string): string {
  const tabs = (source.match(/^\t+\S/gm) ?? []).length;
  const spaces = (source.match(/^ +\S/gm) ?? []).length;
  return tabs > spaces ? '\t' : '    ';
}

function leadingWhitespace(source: string, index: number): string {
  return /^[ \t]*/.exec(source.slice(lineStartOf(source, index)))![0];
}

/** The definition node whose name starts at (row, column). */
export function definitionNodeAt(tree: Tree, row: number, column: number): Node | null {
  const name = tree.rootNode.descendantForPosition({ row, column });
  const parent = name?.parent;
  return parent && (parent.type === 'function_definition' || parent.type === 'class_definition') ? parent : null;
}

/** The docstring literal of a body (or module), if its first statement is a lone string. */
export function docstringNode(container: Node): { statement: Node | null; literal: Node | null } {
  const statement = firstStatement(container);
  if (!statement || statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return { statement, literal: null };
  const literal = statement.namedChild(0);
  return { statement, literal: literal?.type === 'string' ? literal : null };
}

/** Lines of the docstring's value → the literal, indented for its body. */
export function literalFor(lines: string[], indent: string, eol: string): string {
  const value = lines.length === 1
    ? lines[0]!
    : `${lines[0]}\n${lines.slice(1).map((l) => (l ? indent + l : '')).join('\n')}\n${indent}`;
  return encodeLiteral(value, eol);
}

export interface PlaceOptions {
  /** Lines of the docstring relative to its indentation (from formatDocstring). */
  render: (indent: string) => string[];
  /** The file's line ending and indentation unit, when the caller knows them (they cost a pass over the file). */
  eol?: string;
  indentUnit?: string;
}

/** Where a definition's docstring goes, and the edit that puts it there. */
export function placeInDefinition(source: string, definition: Node, options: PlaceOptions): Placement {
  const body = definition.childForFieldName('body');
  if (!body || body.hasError || body.isMissing) return { ok: false, reason: 'its body does not parse' };
  const eol = options.eol ?? lineEnding(source);
  const colon = colonBefore(definition, body);
  if (!colon) return { ok: false, reason: 'no colon before its body' };
  const { statement, literal } = docstringNode(body);
  if (!statement) return { ok: false, reason: 'it has no body statement' };
  const oneLine = statement.startPosition.row === colon.startPosition.row;
  if (oneLine) {
    const indent = leadingWhitespace(source, definition.startIndex) + (options.indentUnit ?? indentUnit(source));
    const text = literalFor(options.render(indent), indent, eol);
    const head = eol + indent;
    if (literal) {
      return { ok: true, edit: { start: colon.endIndex, end: literal.endIndex, newText: head + text, literalStart: head.length, literalEnd: head.length + text.length } };
    }
    // A class's docstring is set off from its body by a blank line (pydocstyle D204).
    const tail = (definition.type === 'class_definition' ? eol + eol : eol) + indent;
    return {
      ok: true,
      edit: { start: colon.endIndex, end: statement.startIndex, newText: head + text + tail, literalStart: head.length, literalEnd: head.length + text.length },
    };
  }
  const indent = leadingWhitespace(source, statement.startIndex);
  if (lineStartOf(source, statement.startIndex) + indent.length !== statement.startIndex) {
    return { ok: false, reason: 'its first statement does not start its line' };
  }
  const text = literalFor(options.render(indent), indent, eol);
  if (literal) return { ok: true, edit: { start: literal.startIndex, end: literal.endIndex, newText: text, literalStart: 0, literalEnd: text.length } };
  // Right after the header line, so comments between the colon and the code stay below it.
  const insertAt = nextLineStart(source, colon.endIndex);
  if (insertAt <= 0 || insertAt > statement.startIndex) return { ok: false, reason: 'cannot find the line after its header' };
  const blank = blankLinesAt(source, insertAt);
  const after = eol.repeat(1 + blankLinesAfterDocstring(definition.type, blank.count, source.slice(blank.end)));
  return { ok: true, edit: { start: insertAt, end: blank.end, newText: indent + text + after, literalStart: indent.length, literalEnd: indent.length + text.length } };
}

/** The run of blank lines starting at a line start: how many, and where the next line starts. */
function blankLinesAt(source: string, at: number): { count: number; end: number } {
  let count = 0;
  let end = at;
  for (let next = source.indexOf('\n', end); next >= 0 && BLANK_LINE.test(source.slice(end, next)); next = source.indexOf('\n', end)) {
    count++;
    end = next + 1;
  }
  return { count, end };
}

const BLANK_LINE = /^[ \t\f]*\r?$/;
/** What pydocstyle lets a blank line after a function docstring precede: a nested definition. */
const NESTED_DEFINITION = /^(?:[ \t]*#[^\n]*\n)*[ \t]*(?:@|def\s|async\s+def\s|class\s)/;

/**
 * Blank lines a new docstring is followed by. A class's docstring gets exactly one (D204); a
 * function's none (D202), except the author's one blank line before a nested def or class,
 * which pydocstyle allows.
 */
function blankLinesAfterDocstring(type: string, existing: number, rest: string): number {
  if (type === 'class_definition') return 1;
  return existing > 0 && NESTED_DEFINITION.test(rest) ? 1 : 0;
}

function colonBefore(definition: Node, body: Node): Node | null {
  let colon: Node | null = null;
  for (const child of definition.children) {
    if (!child) continue;
    if (child.startIndex >= body.startIndex) break;
    if (child.type === ':') colon = child;
  }
  return colon;
}

/** A module docstring goes after a shebang, coding line and leading comments, before any code. */
export function placeInModule(source: string, root: Node, options: PlaceOptions): Placement {
  const eol = options.eol ?? lineEnding(source);
  const { statement, literal } = docstringNode(root);
  const text = literalFor(options.render(''), '', eol);
  if (literal) return { ok: true, edit: { start: literal.startIndex, end: literal.endIndex, newText: text, literalStart: 0, literalEnd: text.length } };
  if (!statement) {
    const needsBreak = source.length > 0 && !endsWithLineBreak(source);
    const head = needsBreak ? eol : '';
    return { ok: true, edit: { start: source.length, end: source.length, newText: head + text + eol, literalStart: head.length, literalEnd: head.length + text.length } };
  }
  const at = lineStartOf(source, statement.startIndex);
  if (at !== statement.startIndex) return { ok: false, reason: 'the first statement does not start its line' };
  return { ok: true, edit: { start: at, end: at, newText: text + eol + eol, literalStart: 0, literalEnd: text.length } };
}

// ---------------------------------------------------------------- invariant 1

export type Verdict = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Applies the edits and proves they changed only docstrings: the new text parses with no
 * more errors than before, every token outside the literals is the same token at the same
 * depth, and each new literal is the docstring of a def, class or module.
 */
export function verifyEdits(source: string, oldTree: Tree, edits: TextEdit[], parse: (text: string, old?: Tree) => Tree): Verdict {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start < sorted[i - 1]!.end) return { ok: false, reason: 'edits overlap' };
  }
  for (const edit of sorted) {
    const problem = shapeProblem(source, oldTree.rootNode, edit);
    if (problem) return { ok: false, reason: problem };
  }
  let text = '';
  let cursor = 0;
  const oldLiterals: [number, number][] = [];
  const newLiterals: [number, number][] = [];
  const regions: [number, number][] = [];
  for (const edit of sorted) {
    text += source.slice(cursor, edit.start);
    newLiterals.push([text.length + edit.literalStart, text.length + edit.literalEnd]);
    regions.push([text.length, text.length + edit.newText.length]);
    oldLiterals.push([edit.start, edit.end]);
    text += edit.newText;
    cursor = edit.end;
  }
  text += source.slice(cursor);
  // Lines end at '\r\n', '\r' and '\n' for Python; a tree whose rows disagree was parsed from
  // another view of the text (a lone '\r' read as blank space), and nothing it says can be trusted.
  const starts = lineStarts(source);
  if (oldTree.rootNode.endPosition.row !== starts.length - 1) return { ok: false, reason: 'the syntax tree does not match the text\'s lines' };
  // Parse incrementally from a copy of the old tree with the edits applied: faster than a
  // fresh parse, and it lets tree-sitter say where the structure changed. The parser sees each
  // lone '\r' as '\n', as Python does, whoever supplied `parse`.
  const edited = oldTree.copy();
  for (const edit of joinNeighbours(source, sorted).reverse()) {
    edited.edit(treeEdit(source, edit.start, edit.end, edit.newText, (offset) => pointIn(starts, offset)));
  }
  const newTree = parse(parserText(text), edited);
  try {
    const oldErrors = oldTree.rootNode.hasError;
    const newErrors = newTree.rootNode.hasError;
    if (newErrors && !oldErrors) return { ok: false, reason: 'the edited text would not parse' };
    // Outside the ranges tree-sitter reports as changed, the two trees have the same structure
    // over the same text; inside them, compare every token. With errors on both sides, compare all.
    const ranges = oldErrors
      ? [{ newStart: 0, newEnd: text.length, oldStart: 0, oldEnd: source.length }]
      : edited.getChangedRanges(newTree).map((r) => ({
        newStart: r.startIndex, newEnd: r.endIndex,
        oldStart: toOld(sorted, regions, r.startIndex, 'start'), oldEnd: toOld(sorted, regions, r.endIndex, 'end'),
      }));
    // Without errors, one walk of each tree serves every range (a walk per range made a file-wide edit quadratic).
    const befores = oldErrors
      ? [signature(oldTree.rootNode, source, oldLiterals)]
      : rangedSignatures(oldTree.rootNode, source, oldLiterals, ranges.map((r) => ({ from: r.oldStart, to: r.oldEnd })));
    const afters = oldErrors
      ? [signature(newTree.rootNode, text, newLiterals)]
      : rangedSignatures(newTree.rootNode, text, newLiterals, ranges.map((r) => ({ from: r.newStart, to: r.newEnd })));
    for (const [i, before] of befores.entries()) {
      const after = afters[i]!;
      if (after.errors > before.errors) return { ok: false, reason: 'the edited text would not parse' };
      if (after.tokens.length !== before.tokens.length || after.tokens.some((t, i) => t !== before.tokens[i])) {
        const at = after.tokens.findIndex((t, i) => t !== before.tokens[i]);
        return { ok: false, reason: `code outside the docstring would change (${before.tokens[at] ?? 'end'} → ${after.tokens[at] ?? 'end'})` };
      }
    }
    for (const [start, end] of newLiterals) {
      if (!isDocstringAt(newTree.rootNode, start, end)) return { ok: false, reason: 'the new literal would not be in docstring position' };
    }
    return { ok: true, text };
  } finally {
    newTree.delete();
    edited.delete();
  }
}

/**
 * Sorted edits with fewer than two characters between them joined into one: a tree edit reads
 * the character on each side of its range (see treeEdit), which must be the source's.
 */
function joinNeighbours(source: string, sorted: TextEdit[]): { start: number; end: number; newText: string }[] {
  const joined: { start: number; end: number; newText: string }[] = [];
  for (const edit of sorted) {
    const last = joined[joined.length - 1];
    if (last && edit.start - last.end < 2) {
      last.newText += source.slice(last.end, edit.start) + edit.newText;
      last.end = edit.end;
    } else joined.push({ start: edit.start, end: edit.end, newText: edit.newText });
  }
  return joined;
}

const WHITESPACE = /^[ \t\f\r\n]*$/;

/**
 * An edit replaces whitespace and at most one docstring literal with whitespace and one new
 * literal: the blank lines pydocstyle wants around a docstring may change, nothing else. The
 * token comparison skips the replaced range, so this is what keeps code out of it.
 */
function shapeProblem(source: string, root: Node, edit: TextEdit): string | undefined {
  const around = edit.newText.slice(0, edit.literalStart) + edit.newText.slice(edit.literalEnd);
  if (!WHITESPACE.test(around)) return 'the edit writes more than a docstring';
  const old = source.slice(edit.start, edit.end);
  const start = edit.start + (old.length - old.trimStart().length);
  const end = edit.end - (old.length - old.trimEnd().length);
  if (start >= end) return WHITESPACE.test(old) ? undefined : 'the edit replaces more than a docstring';
  if (!WHITESPACE.test(source.slice(edit.start, start) + source.slice(end, edit.end)) || !isDocstringAt(root, start, end)) {
    return 'the edit replaces more than a docstring';
  }
  return undefined;
}

/** A position of the new text in the old one; inside an edit, its start or end. */
function toOld(edits: TextEdit[], regions: [number, number][], position: number, side: 'start' | 'end'): number {
  const i = lastAtOrBefore(regions, position, (r) => r[0]); // the last edit that starts at or before it
  if (i < 0) return position;
  const [, to] = regions[i]!;
  if (position <= to) return side === 'start' ? edits[i]!.start : edits[i]!.end;
  return position - (to - edits[i]!.end);
}

/** The index of the last item whose key is <= value in items sorted by key, or -1. */
function lastAtOrBefore<T>(items: T[], value: number, key: (item: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (key(items[mid]!) <= value) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/**
 * Leaves that touch [from, to) and are outside the `skip` ranges, as `depth type text`, and
 * the count of error nodes there. Subtrees outside [from, to) are not entered. A cursor walk:
 * it sees empty nodes (a MISSING token, an empty block), which sibling links jump over.
 */
function signature(root: Node, source: string, skip: [number, number][], from = 0, to = source.length): { tokens: string[]; errors: number } {
  const tokens: string[] = [];
  let errors = 0;
  const cursor = root.walk();
  let depth = 0;
  const skipped = holeFinder(skip);
  try {
    for (;;) {
      const type = cursor.nodeType;
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      const touches = depth === 0 || (start < to && end > from) || (start === end && start >= from && start <= to);
      if (touches && !skipped(start, end)) {
        if (type === 'ERROR' || cursor.nodeIsMissing) errors++;
        if (cursor.gotoFirstChild()) { depth++; continue; }
        if (depth === 0) return { tokens, errors }; // an empty module: no tokens at all
        // Comments are extras tree-sitter hangs at whichever level is open, so only their order counts.
        tokens.push(`${type === 'comment' ? '' : depth} ${type} ${source.slice(start, end)}`);
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return { tokens, errors };
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Whether a node [start, end) lies inside one of the (disjoint) `skip` ranges, by binary search. */
function holeFinder(skip: [number, number][]): (start: number, end: number) => boolean {
  const holes = skip.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  return (start, end) => {
    const hole = holes[lastAtOrBefore(holes, start, (h) => h[0])];
    return hole !== undefined && end <= hole[1];
  };
}

interface Span {
  from: number;
  to: number;
}

interface Signature {
  tokens: string[];
  errors: number;
}

/** Whether a node [start, end) touches a range: overlaps it, or is an empty node inside it. */
function touches(range: Span, start: number, end: number): boolean {
  return (start < range.to && end > range.from) || (start === end && start >= range.from && start <= range.to);
}

/**
 * `signature` for each of many ranges (sorted, as tree-sitter's changed ranges are), in one
 * walk: it enters only subtrees that touch a range, starts a level at the first child that can
 * (found by tree-sitter, not by visiting the ones before), and leaves a level once past the
 * last range. It follows sibling links, which jump over empty nodes: use it on trees without
 * errors, where there are none (and an empty node has no text that an edit could change).
 */
function rangedSignatures(root: Node, source: string, skip: [number, number][], ranges: Span[]): Signature[] {
  const out: Signature[] = ranges.map(() => ({ tokens: [], errors: 0 }));
  if (ranges.length === 0) return out;
  const last = ranges[ranges.length - 1]!.to;
  const skipped = holeFinder(skip);
  /** Records a node; returns the first child to walk, null for none, 'empty' for a module without nodes. */
  const visit = (node: Node, depth: number): Node | null | 'empty' => {
    const start = node.startIndex;
    const end = node.endIndex;
    const hits = touchedRanges(ranges, start, end, depth === 0);
    if (hits.length === 0 || skipped(start, end)) return null;
    const type = node.type;
    if (type === 'ERROR' || node.isMissing) for (const k of hits) out[k]!.errors++;
    if (node.childCount > 0) {
      // Children ending before the first range this node touches cannot touch any.
      const from = ranges[hits[0]!]!.from;
      return from > 0 ? node.firstChildForIndex(from - 1) : node.firstChild;
    }
    if (depth === 0) return 'empty'; // an empty module: no tokens at all
    // Comments are extras tree-sitter hangs at whichever level is open, so only their order counts.
    const token = `${type === 'comment' ? '' : depth} ${type} ${source.slice(start, end)}`;
    for (const k of hits) out[k]!.tokens.push(token);
    return null;
  };
  const parents: Node[] = [];
  let node: Node | null = root;
  while (node) {
    const depth = parents.length;
    let next: Node | null = null;
    // Siblings come in order: once one starts past the last range, none after it touches one.
    if (depth === 0 || node.startIndex <= last) {
      const child = visit(node, depth);
      if (child === 'empty') return out;
      if (child) {
        parents.push(node);
        node = child;
        continue;
      }
      next = depth > 0 ? node.nextSibling : null;
    }
    while (!next && parents.length > 0) {
      const parent = parents.pop()!;
      next = parents.length > 0 ? parent.nextSibling : null;
    }
    node = next;
  }
  return out;
}

/** The ranges a node touches (all of them for the root): a run of neighbours in the sorted list. */
function touchedRanges(ranges: Span[], start: number, end: number, all: boolean): number[] {
  const hits: number[] = [];
  // Ranges ending before the node cannot touch it; `to` grows with `from` along the list.
  let k = lastAtOrBefore(ranges, start - 1, (r) => r.to) + 1;
  for (; k < ranges.length && ranges[k]!.from <= end; k++) if (all || touches(ranges[k]!, start, end)) hits.push(k);
  return hits;
}

function isDocstringAt(root: Node, start: number, end: number): boolean {
  let node: Node | null = root.descendantForIndex(start, Math.max(start, end - 1));
  while (node && !(node.startIndex === start && node.endIndex === end && node.type === 'string')) node = node.parent;
  const statement = node?.parent;
  if (!statement || statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return false;
  const container = statement.parent;
  if (!container) return false;
  const first = firstStatement(container);
  if (!first || first.startIndex !== statement.startIndex) return false;
  if (container.type === 'module') return true;
  return container.type === 'block' && (container.parent?.type === 'function_definition' || container.parent?.type === 'class_definition');
}
