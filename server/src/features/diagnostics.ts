import { pathToFileURL, fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { PythonAnalyzer } from '../analysis/analyzer';
import { findings, type Finding } from '../analysis/findings';
import type { ModuleAnalysis } from '../analysis/model';
import type { DocstringCache } from '../docstring/targets';
import type { OpenDocument } from '../parsing/documents';
import type { Settings } from '../settings';

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

export function modulePath(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri).split(path.sep).join('/') : new URL(uri).pathname;
  } catch {
    return uri;
  }
}

export function toDiagnostics(analysis: ModuleAnalysis, entry: OpenDocument, settings: Settings, codesDoc: string, docstrings?: DocstringCache): Diagnostic[] {
  const found = findings(analysis, { path: modulePath(entry.document.uri) }, entry.document.getText(), settings, docstrings);
  return found.map((f) => ({
    range: {
      start: { line: f.span.startLine, character: f.span.startCol },
      end: { line: f.span.endLine, character: f.span.endCol },
    },
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: `${codesDoc}#${f.code.toLowerCase()}` },
    source: 'docwright',
    message: f.message,
  }));
}

/** The description of every code ships as docs/codes.md beside dist/. */
export function codesDocUri(distDir: string): string {
  return pathToFileURL(path.join(distDir, '..', 'docs', 'codes.md')).toString();
}
