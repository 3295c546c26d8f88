import type { Connection } from 'vscode-languageserver';
import { statusMarkdown } from '../../core/stats/format';
import { noParamsSchema, StatusRequest, type StatusResult } from '../../shared/protocol';
import { memoryReadings, spentToday } from '../../workspace/hostReadings';
import { VERSION } from '../../workspace/version';
import { onCheckedRequest } from '../requests';
import type { Session } from '../session';

/** docwright/status (Docwright: Show Status): the figures the server keeps of itself, and their rendering. */

export function register(connection: Connection, session: Session): void {
  onCheckedRequest(connection, StatusRequest, noParamsSchema, (): StatusResult => {
    const figures = session.stats.figures({
      version: VERSION,
      memory: memoryReadings(),
      documents: { open: session.documents.size, trees: session.documents.treeCount },
      today: spentToday(session.storage.usageLedger),
    });
    return { figures, markdown: statusMarkdown(figures) };
  });
}
