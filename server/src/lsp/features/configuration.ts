import {
  DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, type Connection, type ServerCapabilities,
} from 'vscode-languageserver';
import { SETTINGS_SECTION } from '../../shared/protocol';
import { isRecord } from '../clientFeatures';
import type { Session } from '../session';

/**
 * What decides a file's settings changing: the editor's settings, a pyproject.toml
 * ([tool.docwright] decides thresholds and excludes in the editor too) and the workspace folders
 * (a file's folder decides its excludes and style sample). Each makes every open document's
 * settings resolve again.
 */

export const capabilities: ServerCapabilities = {
  workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
};

export function register(connection: Connection, session: Session): void {
  connection.onDidChangeConfiguration(({ settings }: { settings: unknown }) => {
    session.llm.drop();
    if (!session.client.pullsConfiguration) session.settings.push(isRecord(settings) ? settings[SETTINGS_SECTION] : undefined);
    session.refresh();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    const python = changes.filter((change) => /\.pyi?$/.test(change.uri));
    if (python.length) session.pythonFilesChanged.fire(python);
    // A Python file's change decides no settings (only pyproject.toml and the folders do).
    if (python.length < changes.length) session.refresh();
  });
}

export function initialized(connection: Connection, session: Session): void {
  const { client } = session;
  if (client.followsFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
      session.folders.remove(removed.map((f) => f.uri));
      session.folders.add(added.map((f) => f.uri));
      session.refresh();
    });
  }
  if (client.pullsConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
  }
  if (client.watchesFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/pyproject.toml' }, { globPattern: '**/*.py' }] }).catch(() => undefined);
  }
}
