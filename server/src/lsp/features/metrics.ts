import type { Connection } from 'vscode-languageserver';
import { DocumentMetricsRequest, documentMetricsParamsSchema, type DocumentMetricsResult } from '../../shared/protocol';
import { onCheckedRequest } from '../requests';
import type { Session } from '../session';

/** docwright/documentMetrics, for tests and tooling: an open document's analysis summary and the server's document state. */

export function register(connection: Connection, session: Session): void {
  onCheckedRequest(connection, DocumentMetricsRequest, documentMetricsParamsSchema, ({ uri }): DocumentMetricsResult => {
    const entry = session.documents.get(uri);
    const analysis = entry && !entry.skipped ? session.currentAnalysis(entry, session.settings.limits(uri)) : undefined;
    return {
      openDocuments: session.documents.size,
      trees: session.documents.treeCount,
      version: entry?.document.version ?? null,
      skipped: entry?.skipped ?? null,
      module: analysis?.metrics ?? null,
      definitions: analysis?.definitions.map((d) => ({
        qualname: d.qualname, kind: d.kind, line: d.nameSpan.startLine,
        cyclomatic: d.metrics.cyclomatic, cognitive: d.metrics.cognitive, nesting: d.metrics.nesting,
      })) ?? [],
    };
  });
}
