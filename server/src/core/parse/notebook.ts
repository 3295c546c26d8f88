import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';

/**
 * Reads the Python code cells of a Jupyter notebook (nbformat 4). Each cell is analysed on its
 * own, as the editor analyses the cells of an open notebook, and findings name it by its number
 * among the code cells (`cell 3`), the number a "Run All" gives it.
 */

export interface NotebookCell {
  /** 1-based, counting code cells only. */
  number: number;
  /** Position in the notebook's `cells` list (markdown cells included), for writing it back. */
  index: number;
  source: string;
}

export type NotebookRead = { ok: true; cells: NotebookCell[] } | { ok: false; reason: string };

interface NotebookJson {
  nbformat?: unknown;
  cells?: unknown;
  metadata?: { language_info?: { name?: unknown }; kernelspec?: { language?: unknown } };
}

export function readNotebook(text: string): NotebookRead {
  let json: NotebookJson;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, '')) as NotebookJson;
  } catch (error) {
    return { ok: false, reason: `not a valid notebook: ${(error as Error).message}` };
  }
  if (typeof json !== 'object' || json === null || !Array.isArray(json.cells)) {
    const version = typeof json === 'object' && json !== null ? json.nbformat : undefined;
    return { ok: false, reason: typeof version === 'number' && version < 4 ? `nbformat ${version} notebooks are not supported (convert with \`jupyter nbconvert --to notebook\`)` : 'not a valid notebook: no "cells" list' };
  }
  const language = json.metadata?.language_info?.name ?? json.metadata?.kernelspec?.language ?? 'python';
  if (typeof language === 'string' && language.toLowerCase() !== 'python') return { ok: false, reason: `the notebook's language is ${language}, not Python` };
  const cells: NotebookCell[] = [];
  (json.cells as { cell_type?: unknown; source?: unknown }[]).forEach((cell, index) => {
    if (cell?.cell_type !== 'code') return;
    const source = Array.isArray(cell.source) ? cell.source.filter((s) => typeof s === 'string').join('') : typeof cell.source === 'string' ? cell.source : '';
    cells.push({ number: cells.length + 1, index, source });
  });
  return { ok: true, cells };
}

/**
 * The notebook's text with the sources of some cells replaced, and nothing else touched: each
 * `source` value is spliced in place, written in the shape it had (a list of lines, as Jupyter
 * writes it, or one string) with the file's own indentation and line breaks, so a diff of the
 * notebook shows only the changed lines and Jupyter does not rewrite the file on its next save.
 */
export function replaceCellSources(text: string, changes: ReadonlyMap<number, string>): string {
  // From the end, so earlier offsets stay valid.
  const splices = cellSourceSplices(text, changes).sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const s of splices) out = out.slice(0, s.offset) + s.text + out.slice(s.offset + s.length);
  return out;
}

/** A replacement of part of a notebook's text: its `length` characters from `offset`. */
export interface NotebookSplice {
  /** The cell's position in the notebook's `cells` list. */
  index: number;
  offset: number;
  length: number;
  text: string;
}

/**
 * The edits `replaceCellSources` makes, one per changed cell, in the order given: each replaces
 * one cell's `source` value, so an editor can apply (and preview) them as text edits.
 */
export function cellSourceSplices(text: string, changes: ReadonlyMap<number, string>): NotebookSplice[] {
  const root = parseTree(text);
  if (!root) throw new Error('not a valid notebook');
  const layout: Layout = { eol: text.includes('\r\n') ? '\r\n' : '\n', unit: indentUnit(text, root) };
  const splices: NotebookSplice[] = [];
  for (const [index, source] of changes) {
    const node = findNodeAtLocation(root, ['cells', index, 'source']);
    if (!node) throw new Error(`cell ${index} has no source`);
    splices.push({ index, offset: node.offset, length: node.length, text: sourceJson(text, node, source, layout) });
  }
  return splices;
}

/** How the file breaks lines, and one level of its indentation. */
interface Layout {
  eol: string;
  unit: string;
}

/** `source` in the notebook's layout: a list of lines (each but the last ending in "\n") or a string. */
function sourceJson(text: string, node: JsonNode, source: string, layout: Layout): string {
  if (node.type === 'string') return JSON.stringify(source);
  const lines = source.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const original = text.slice(node.offset, node.offset + node.length);
  if (!original.includes('\n') && original !== '[]') {
    // A list kept on one line: separated as the original list was, or, with a single item, as
    // the key is from its value (compact JSON has no spaces at all).
    const afterFirstComma = /^\[\s*"(?:[^"\\]|\\.)*"\s*,(\s?)/.exec(original);
    const key = node.parent?.children?.[0];
    const spaced = afterFirstComma
      ? afterFirstComma[1] !== ''
      : key !== undefined && /\s/.test(text.slice(key.offset + key.length, node.offset));
    const separator = spaced ? ', ' : ',';
    return `[${lines.map((l) => JSON.stringify(l)).join(separator)}]`;
  }
  if (lines.length === 0) return '[]';
  const { eol, unit } = layout;
  const keyIndent = indentationAt(text, node.parent?.offset ?? node.offset);
  const itemIndent = keyIndent + unit;
  return `[${eol}${lines.map((l) => itemIndent + JSON.stringify(l)).join(`,${eol}`)}${eol}${keyIndent}]`;
}

/** The whitespace before `offset` on its line. */
function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** One level of the file's indentation: that of the first top-level key (nbformat writes 1 space). */
function indentUnit(text: string, top: JsonNode): string {
  const first = top.children?.[0];
  const unit = first ? indentationAt(text, first.offset) : '';
  return unit || ' ';
}
