import type { Connection, InitializeResult, ServerCapabilities } from 'vscode-languageserver';
import type { PythonGrammar } from '../core/parse/python';
import * as codeActions from './features/codeActions';
import * as codeLens from './features/codeLens';
import * as completion from './features/completion';
import * as configuration from './features/configuration';
import * as coverage from './features/coverage';
import * as diagnostics from './features/diagnostics';
import * as documentWorkspace from './features/documentWorkspace';
import * as exportDocs from './features/export';
import * as hover from './features/hover';
import * as inlayHints from './features/inlayHints';
import * as metrics from './features/metrics';
import * as status from './features/status';
import * as refactorHints from './features/refactorHints';
import * as suppression from './features/suppression';
import * as search from './features/search';
import * as usage from './features/usage';
import { VERSION } from '../workspace/version';
import { Session, type ServerOptions } from './session';

/**
 * The language server: one session, and the features that serve it. Owns no globals: the
 * connection, grammar and the location of the shipped docs are passed in, so tests and other
 * hosts can embed it.
 */

export type { ServerOptions } from './session';

/** A feature file: its handlers, what it announces in `initialize`, and what it registers once the client has initialized. */
interface Feature {
  capabilities?: ServerCapabilities;
  register(connection: Connection, session: Session): void;
  initialized?(connection: Connection, session: Session): void;
}

const FEATURES: readonly Feature[] = [diagnostics, configuration, hover, codeActions, completion, documentWorkspace, exportDocs, usage, metrics, status, coverage, suppression, codeLens, inlayHints, refactorHints, search];

export function startServer(connection: Connection, grammar: PythonGrammar, options: ServerOptions): void {
  const session = new Session(connection, grammar, options);
  for (const feature of FEATURES) feature.register(connection, session);

  connection.onInitialize((params): InitializeResult => {
    session.initialize(params);
    return {
      capabilities: FEATURES.reduce<ServerCapabilities>((all, feature) => ({ ...all, ...feature.capabilities }), {}),
      serverInfo: { name: 'docwright', version: VERSION },
    };
  });
  connection.onInitialized(() => {
    for (const feature of FEATURES) feature.initialized?.(connection, session);
  });
  connection.onShutdown(() => session.dispose());
}
