import type { Parser } from 'web-tree-sitter';
import type { PythonAnalyzer } from '../core/analysis/analyzer';
import { maskIPython } from '../core/parse/ipython';
import { readNotebook } from '../core/parse/notebook';
import { decodePython } from '../core/parse/source';
import { addCoverage, docstringCoverage, NO_COVERAGE, type CoverageCount } from '../core/report/coverage';
import type { SelectionSettings } from '../core/rules/selection';
import { readRegularFile } from './read';

/**
 * One file's docstring coverage read from disk (or from the text a host already holds), a
 * notebook cell by cell, as `docwright coverage` counts it: for the editor's workspace figure.
 */

export interface CoverageReader {
  parser: Parser;
  analyzer: PythonAnalyzer;
  settings: SelectionSettings & { maxFileSizeKb: number };
}

/** `text`: the file's current text when the host has it (an open document); else it is read. Undefined with why when unreadable. */
export function fileCoverage(file: string, modulePath: string, reader: CoverageReader, text?: string): CoverageCount | { skip: string } {
  let source = text;
  if (source === undefined) {
    const read = readRegularFile(file, reader.settings.maxFileSizeKb);
    if (!read.ok) return { skip: read.reason };
    if (file.endsWith('.ipynb')) source = read.bytes.toString('utf8');
    else {
      const decoded = decodePython(read.bytes);
      if (!decoded.ok) return { skip: decoded.reason };
      source = decoded.text;
    }
  }
  if (!file.endsWith('.ipynb')) return sourceCoverage(source, source, { path: modulePath }, reader) ?? { skip: 'the parser gave up on this file' };
  const notebook = readNotebook(source);
  if (!notebook.ok) return { skip: notebook.reason };
  let total = NO_COVERAGE;
  for (const cell of notebook.cells) {
    const count = sourceCoverage(maskIPython(cell.source), cell.source, { path: modulePath, cell: true }, reader);
    if (count) total = addCoverage(total, count);
  }
  return total;
}

function sourceCoverage(parsed: string, source: string, module: { path: string; cell?: boolean }, reader: CoverageReader): CoverageCount | undefined {
  const tree = reader.parser.parse(parsed);
  if (!tree) return undefined;
  try {
    return docstringCoverage(reader.analyzer.analyze(tree, source), module, reader.settings);
  } finally {
    tree.delete();
  }
}
