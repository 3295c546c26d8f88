/**
 * Reads the Python code cells of a Jupyter notebook (nbformat 4). Each cell is analysed on its
 * own, as the editor analyses the cells of an open notebook, and findings name it by its number
 * among the code cells (`cell 3`), the number a "Run All" gives it.
 */

export interface NotebookCell {
  /** 1-based, counting code cells only. */
  number: number;
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
  for (const cell of json.cells as { cell_type?: unknown; source?: unknown }[]) {
    if (cell?.cell_type !== 'code') continue;
    const source = Array.isArray(cell.source) ? cell.source.filter((s) => typeof s === 'string').join('') : typeof cell.source === 'string' ? cell.source : '';
    cells.push({ number: cells.length + 1, source });
  }
  return { ok: true, cells };
}
