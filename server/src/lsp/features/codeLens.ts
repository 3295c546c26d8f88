import { CodeLensRefreshRequest, type CodeLens, type Connection, type ServerCapabilities } from 'vscode-languageserver';
import { z } from 'zod';
import type { Definition } from '../../core/analysis/model';
import { incrementNotes } from '../../core/complexity/explain';
import { docstringState, lensTitle, wantsLens } from '../../core/complexity/lens';
import { SHOW_INCREMENTS_COMMAND, type ShowIncrementsArgs } from '../../shared/protocol';
import { validated } from '../requests';
import type { Session } from '../session';

/**
 * A lens above each def and class (`docwright.codeLens`): listed with their place only, each
 * title (the scores and the docstring's state) computed when the editor shows it
 * (codeLens/resolve). Clicking one lists its increments. The editor asks again as the user types.
 */

export const capabilities: ServerCapabilities = { codeLensProvider: { resolveProvider: true } };

const lensParams = z.object({ textDocument: z.object({ uri: z.string() }) });
/** What a lens stands for, kept here: a lens carries only its key, so a file of 1,500 defs sends small lenses. */
interface LensData {
  uri: string;
  index: number;
  qualname: string;
}
// An object, not a bare number: vscode-languageclient drops a falsy `data` (key 0) on the way back.
const resolveParams = z.looseObject({ data: z.object({ key: z.number().int() }) });

export function register(connection: Connection, session: Session): void {
  const lenses = new Map<number, LensData>();
  let nextKey = 0;
  /**
   * The keys of each document's last two answers: the editor may still resolve lenses of the one
   * before while the new one arrives. The answer after (or a close) lets them go.
   */
  const issued = session.scopes.create<{ keys: number[]; older: number[] }>((entry) => {
    for (const key of [...entry.keys, ...entry.older]) lenses.delete(key);
  });

  connection.onCodeLens(async (raw: unknown) => {
    const { uri } = validated(lensParams, raw, 'textDocument/codeLens').textDocument;
    const current = await analysisOf(session, uri);
    if (!current || current.settings.codeLens === 'off') return [];
    const { analysis, settings } = current;
    const answer: CodeLens[] = [];
    const keys: number[] = [];
    analysis.definitions.forEach((definition, index) => {
      if (!wantsLens(definition, settings.codeLens, settings.codeLensHideUnder, settings)) return;
      const line = definition.nameSpan.startLine;
      const key = nextKey++;
      lenses.set(key, { uri, index, qualname: definition.qualname });
      keys.push(key);
      answer.push({ range: { start: { line, character: definition.span.startCol }, end: { line, character: definition.span.startCol } }, data: { key } });
    });
    const before = issued.get(uri);
    const older = before?.keys ?? [];
    if (before) before.keys = []; // kept for one more answer, as `older`: the release below drops only its own older
    issued.set(uri, { keys, older });
    return answer;
  });

  connection.onCodeLensResolve(async (lens: CodeLens) => {
    const data = lenses.get(validated(resolveParams, lens, 'codeLens/resolve').data.key);
    const current = data && await analysisOf(session, data.uri);
    const definition = data && current && definitionFor(current.analysis.definitions, data);
    if (!data || !current || !definition) return { ...lens, command: { title: 'outdated', command: '' } };
    const { analysis, entry, settings } = current;
    const found = session.diagnostics.findingsOf(analysis, entry, settings);
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
