import type { Connection, InlayHint, ServerCapabilities } from 'vscode-languageserver';
import { z } from 'zod';
import { incrementsByLine } from '../../core/complexity/explain';
import { validated } from '../requests';
import type { Session } from '../session';
import { analysisOf } from './codeLens';

/**
 * `+N` at the end of each line that adds to a cognitive complexity score (`docwright.inlayHints`,
 * off by default), its increments in the tooltip. The editor asks again on every change, and the
 * analysis it reads is the incremental one the diagnostics use.
 */

export const capabilities: ServerCapabilities = { inlayHintProvider: true };

const position = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });
const inlayHintParams = z.object({ textDocument: z.object({ uri: z.string() }), range: z.object({ start: position, end: position }) });

export function register(connection: Connection, session: Session): void {
  connection.languages.inlayHint.on(async (raw: unknown) => {
    const { textDocument, range } = validated(inlayHintParams, raw, 'textDocument/inlayHint');
    const current = await analysisOf(session, textDocument.uri);
    if (!current || !current.settings.inlayHints) return [];
    const { document } = current.entry;
    const hints: InlayHint[] = [];
    for (const { line, amount, labels } of incrementsByLine(current.analysis)) {
      if (line < range.start.line || line > range.end.line) continue;
      const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
      const character = text.replace(/\r?\n$|\r$/, '').length;
      hints.push({ position: { line, character }, label: `+${amount}`, paddingLeft: true, tooltip: labels.join('\n') });
    }
    return hints;
  });

  session.contributions.refresh.push(() => {
    if (session.client.refreshes.inlayHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
  });
}
