import { pathToFileURL, fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { PythonAnalyzer } from '../../core/analysis/analyzer';
import { findings, type Finding, type ModuleIdentity } from '../../core/rules/findings';
import { docsAnchor } from '../../core/rules/registry';
import type { ModuleAnalysis } from '../../core/analysis/model';
import type { DocstringCache } from '../../core/docstring/targets';
import type { OpenDocument } from '../documents';
import type { Settings } from '../../shared/settings';

/** Analysis → LSP diagnostics. Thin: everything it knows comes from analysis/findings. */

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function analyzeDocument(analyzer: PythonAnalyzer, entry: OpenDocument): ModuleAnalysis | undefined {
  if (!entry.tree) return undefined;
  return analyzer.analyze(entry.tree, entry.document.getText(), entry.units);
}

const NOTEBOOK_CELL = 'vscode-notebook-cell:';

/** A cell of a Jupyter notebook open in VS Code: its URI is the notebook's path plus a fragment. */
export function isNotebookCell(uri: string): boolean {
  return uri.startsWith(NOTEBOOK_CELL);
}

/** The file a document lives in: itself, or for a notebook cell the notebook file. */
export function fileUriOf(uri: string): string {
  return isNotebookCell(uri) ? `file:${uri.slice(NOTEBOOK_CELL.length).replace(/#.*$/, '')}` : uri;
}

export function modulePath(uri: string): string {
  const file = fileUriOf(uri);
  try {
    return file.startsWith('file:') ? fileURLToPath(file).split(path.sep).join('/') : new URL(file).pathname;
  } catch {
    return file;
  }
}

export function moduleIdentity(uri: string): ModuleIdentity {
  return isNotebookCell(uri) ? { path: modulePath(uri), cell: true } : { path: modulePath(uri) };
}

export function toDiagnostics(analysis: ModuleAnalysis, entry: OpenDocument, settings: Settings, codesDoc: string, docstrings?: DocstringCache): Diagnostic[] {
  const found = findings(analysis, moduleIdentity(entry.document.uri), entry.document.getText(), settings, docstrings);
  return found.map((f) => ({
    range: {
      start: { line: f.span.startLine, character: f.span.startCol },
      end: { line: f.span.endLine, character: f.span.endCol },
    },
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: `${codesDoc}#${docsAnchor(f.code)}` },
    source: 'docwright',
    message: f.message,
  }));
}

/** The description of every code ships as docs/codes.md beside dist/. */
export function codesDocUri(distDir: string): string {
  return pathToFileURL(path.join(distDir, '..', 'docs', 'codes.md')).toString();
}
