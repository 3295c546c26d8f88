import type { Parser } from 'web-tree-sitter';
import type { PythonAnalyzer } from '../core/analysis/analyzer';
import { decodePython } from '../core/parse/source';
import type { ExportedModule } from '../core/report/export';
import { readReferences } from '../core/search/references';
import { readRegularFile } from './read';
import { displayPath, exportBase, exportName } from './resolver';

/**
 * The modules of an export, read and named the same way by both hosts: under each root, a
 * module's name counts from above the outermost package holding the root (exportBase), and its
 * path is shown from the host's folder (the working directory, the workspace folder).
 */

export interface ModuleReader {
  parser: Parser;
  analyzer: PythonAnalyzer;
  maxFileSizeKb: number;
  /** A file that cannot be read, decoded or parsed: the host says so its own way. */
  skip(file: string, reason: string): void;
}

/** `files`, collected under `root`, as exported modules; the rest skipped with their reasons. */
export function exportedModules(root: string, files: string[], shownFrom: string, reader: ModuleReader): ExportedModule[] {
  const base = exportBase(root);
  const modules: ExportedModule[] = [];
  for (const file of files) {
    const module = exportedModule(file, exportName(file, base), displayPath(file, shownFrom), reader);
    if (module) modules.push(module);
  }
  return modules;
}

function exportedModule(file: string, name: string, shown: string, reader: ModuleReader): ExportedModule | undefined {
  const read = readRegularFile(file, reader.maxFileSizeKb);
  const decoded = read.ok ? decodePython(read.bytes) : read;
  if (!decoded.ok) {
    reader.skip(file, decoded.reason);
    return undefined;
  }
  const tree = reader.parser.parse(decoded.text);
  if (!tree) {
    reader.skip(file, 'the parser gave up on this file');
    return undefined;
  }
  try {
    const analysis = reader.analyzer.analyze(tree, decoded.text);
    return { name, path: shown, source: decoded.text, analysis, references: readReferences(tree.rootNode, analysis) };
  } finally {
    tree.delete();
  }
}
