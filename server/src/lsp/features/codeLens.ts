import { CodeLensRefreshRequest, type CodeLens, type Connection, type ServerCapabilities } from 'vscode-languageserver';
import { z } from 'zod';
import type { Definition } from '../../core/analysis/model';
import { incrementNotes } from '../../core/complexity/explain';
import { docstringState, lensTitle, wantsLens } from '../../core/complexity/lens';
import { findings, type Finding } from '../../core/rules/findings';
import { SHOW_INCREMENTS_COMMAND, type ShowIncrementsArgs } from '../../shared/protocol';
import type { OpenDocument } from '../documents';
import { validated } from '../requests';
import type { Session } from '../session';
import { moduleIdentity } from '../uri';

/**
 * A lens above each def and class (`docwright.codeLens`): listed with their place only, each
 * title (the scores and the docstring's state) computed when the editor shows it
 * (codeLens/resolve). Clicking one lists its increments. The editor asks again as the user types.
 */

export const capabilities: ServerCapabilities = { codeLensProvider: { resolveProvider: true } };

const lensParams = z.object({ textDocument: z.object({ uri: z.string() }) });
/** What a lens carries to its resolve, read back through this schema: it makes a round trip through the client. */
const lensData = z.object({ uri: z.string(), version: z.number().int(), index: z.number().int().min(0), qualname: z.string() });
type LensData = z.infer<typeof lensData>;
const resolveParams = z.looseObject({ data: lensData });

export function register(connection: Connection, session: Session): void {
  /** The findings of a document's version, computed once for all its lenses. */
  const known = session.scopes.create<{ version: number; findings: Finding[] }>();
  const findingsOf = (entry: OpenDocument, compute: () => Finding[]) => {
    const cached = known.get(entry.document.uri);
    if (cached?.version === entry.document.version) return cached.findings;
    const found = compute();
    known.set(entry.document.uri, { version: entry.document.version, findings: found });
    return found;
  };

  connection.onCodeLens(async (raw: unknown) => {
    const { uri } = validated(lensParams, raw, 'textDocument/codeLens').textDocument;
    const current = await analysisOf(session, uri);
    if (!current || current.settings.codeLens === 'off') return [];
    const { analysis, entry, settings } = current;
    const lenses: CodeLens[] = [];
    analysis.definitions.forEach((definition, index) => {
      if (!wantsLens(definition, settings.codeLens, settings.codeLensHideUnder, settings)) return;
      const line = definition.nameSpan.startLine;
      const data: LensData = { uri, version: entry.document.version, index, qualname: definition.qualname };
      lenses.push({ range: { start: { line, character: definition.span.startCol }, end: { line, character: definition.span.startCol } }, data });
    });
    return lenses;
  });

  connection.onCodeLensResolve(async (lens: CodeLens) => {
    const { data } = validated(resolveParams, lens, 'codeLens/resolve');
    const current = await analysisOf(session, data.uri);
    const definition = current && definitionFor(current.analysis.definitions, data);
    if (!current || !definition) return { ...lens, command: { title: 'outdated', command: '' } };
    const { analysis, entry, settings } = current;
    const found = findingsOf(entry, () => findings(analysis, moduleIdentity(data.uri), entry.document.getText(), settings, session.docstrings));
    const args: ShowIncrementsArgs = {
      uri: data.uri,
      qualname: definition.qualname,
      cognitive: definition.metrics.cognitive,
      increments: incrementNotes(definition).map((note) => ({
        range: { start: { line: note.span.startLine, character: note.span.startCol }, end: { line: note.span.endLine, character: note.span.endCol } },
        label: note.message,
        detail: `line ${note.span.startLine + 1}`,
      })),
    };
    const title = lensTitle(definition, docstringState(definition, found), settings);
    return { ...lens, command: { title, command: SHOW_INCREMENTS_COMMAND, arguments: [args] } };
  });

  session.contributions.refresh.push(() => {
    if (session.client.refreshes.codeLens) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  });
}

/** The analysis of an open document with its settings, unless it gets no diagnostics (skipped, disabled, excluded). */
export async function analysisOf(session: Session, uri: string) {
  const entry = session.documents.get(uri);
  if (!entry || entry.skipped) return undefined;
  const settings = await session.settings.for(uri);
  if (!settings.enable || session.settings.isExcluded(uri)) return undefined;
  const analysis = session.currentAnalysis(entry, settings);
  return analysis ? { analysis, entry, settings } : undefined;
}

/** The definition a lens was listed for: same index and name, else the same name (the document changed since). */
function definitionFor(definitions: Definition[], data: LensData): Definition | undefined {
  const same = definitions[data.index];
  return same?.qualname === data.qualname ? same : definitions.find((d) => d.qualname === data.qualname);
}
