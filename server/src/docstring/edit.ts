import { Edit, type Node, type Tree } from 'web-tree-sitter';
import { firstStatement } from '../analysis/definitions';
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

export function lineEnding(source: string): string {
  const crlf = source.split('\r\n').length - 1;
  const lf = source.split('\n').length - 1 - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

/** The indentation unit a new block gets: tabs when the file indents with tabs, else 4 spaces. */
export function indentUnit(source: string): string {
  const tabs = (source.match(/^\t+\S/gm) ?? []).length;
  const spaces = (source.match(/^ +\S/gm) ?? []).length;
  return tabs > spaces ? '\t' : '    ';
}

function lineStart(source: string, index: number): number {
  return source.lastIndexOf('\n', index - 1) + 1;
}

function leadingWhitespace(source: string, index: number): string {
  return /^[ \t]*/.exec(source.slice(lineStart(source, index)))![0];
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
}

/** Where a definition's docstring goes, and the edit that puts it there. */
export function placeInDefinition(source: string, definition: Node, options: PlaceOptions): Placement {
  const body = definition.childForFieldName('body');
  if (!body || body.hasError || body.isMissing) return { ok: false, reason: 'its body does not parse' };
  const eol = lineEnding(source);
  const colon = colonBefore(definition, body);
  if (!colon) return { ok: false, reason: 'no colon before its body' };
  const { statement, literal } = docstringNode(body);
  if (!statement) return { ok: false, reason: 'it has no body statement' };
  const oneLine = statement.startPosition.row === colon.startPosition.row;
  if (oneLine) {
    const indent = leadingWhitespace(source, definition.startIndex) + indentUnit(source);
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
  if (lineStart(source, statement.startIndex) + indent.length !== statement.startIndex) {
    return { ok: false, reason: 'its first statement does not start its line' };
  }
  const text = literalFor(options.render(indent), indent, eol);
  if (literal) return { ok: true, edit: { start: literal.startIndex, end: literal.endIndex, newText: text, literalStart: 0, literalEnd: text.length } };
  // Right after the header line, so comments between the colon and the code stay below it.
  const insertAt = source.indexOf('\n', colon.endIndex) + 1;
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
  const eol = lineEnding(source);
  const { statement, literal } = docstringNode(root);
  const text = literalFor(options.render(''), '', eol);
  if (literal) return { ok: true, edit: { start: literal.startIndex, end: literal.endIndex, newText: text, literalStart: 0, literalEnd: text.length } };
  if (!statement) {
    const needsBreak = source.length > 0 && !source.endsWith('\n');
    const head = needsBreak ? eol : '';
    return { ok: true, edit: { start: source.length, end: source.length, newText: head + text + eol, literalStart: head.length, literalEnd: head.length + text.length } };
  }
  const at = lineStart(source, statement.startIndex);
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
  // Parse incrementally from a copy of the old tree with the edits applied: faster than a
  // fresh parse, and it lets tree-sitter say where the structure changed.
  const edited = oldTree.copy();
  const lines = lineStarts(source);
  for (const edit of [...sorted].reverse()) {
    const start = pointAt(source, lines, edit.start);
    edited.edit(new Edit({
      startIndex: edit.start, oldEndIndex: edit.end, newEndIndex: edit.start + edit.newText.length,
      startPosition: start, oldEndPosition: pointAt(source, lines, edit.end), newEndPosition: advance(start, edit.newText),
    }));
  }
  const newTree = parse(text, edited);
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
    for (const range of ranges) {
      const before = signature(oldTree.rootNode, source, oldLiterals, range.oldStart, range.oldEnd);
      const after = signature(newTree.rootNode, text, newLiterals, range.newStart, range.newEnd);
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
  let delta = 0;
  for (let i = 0; i < edits.length; i++) {
    const [from, to] = regions[i]!;
    if (position < from) break;
    if (position <= to) return side === 'start' ? edits[i]!.start : edits[i]!.end;
    delta = to - edits[i]!.end;
  }
  return position - delta;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function pointAt(text: string, starts: number[], offset: number): { row: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { row: low, column: offset - starts[low]! };
}

function advance(start: { row: number; column: number }, inserted: string): { row: number; column: number } {
  const lines = inserted.split('\n');
  return lines.length === 1
    ? { row: start.row, column: start.column + inserted.length }
    : { row: start.row + lines.length - 1, column: lines[lines.length - 1]!.length };
}

/**
 * Leaves that touch [from, to) and are outside the `skip` ranges, as `depth type text`, and
 * the count of error nodes there. Subtrees outside [from, to) are not entered.
 */
function signature(root: Node, source: string, skip: [number, number][], from = 0, to = source.length): { tokens: string[]; errors: number } {
  const tokens: string[] = [];
  let errors = 0;
  const cursor = root.walk();
  let depth = 0;
  const sorted = [...skip].sort((a, b) => a[0] - b[0]);
  const skipped = (start: number, end: number) => sorted.some(([s, e]) => start >= s && end <= e && e > s);
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
