import * as nodePath from 'node:path';
import type { InitializeParams } from 'vscode-languageserver';
import { z } from 'zod';
import { initializationOptionsSchema, type InitializationOptions } from '../shared/protocol';
import { stateDirectory } from '../workspace/state';
import { describeIssues } from './requests';

/** What the client said it can do in `initialize`, read once; the features ask this rather than the raw capabilities. */

/** What code actions may carry in this client. */
export interface ClientSupport {
  documentChanges: boolean;
  disabled: boolean;
  resolve: boolean;
  /** Runs INSERT_SNIPPET_COMMAND (our VS Code client says so in its initializationOptions). */
  snippetCommand: boolean;
}

export interface ClientFeatures {
  /** Answers workspace/configuration: settings are pulled per document, else only pushed. */
  pullsConfiguration: boolean;
  /** The server registers a pyproject.toml watcher (the client can, and does not watch it itself). */
  watchesFiles: boolean;
  /** Accepts file watchers the server registers (a baseline file's). */
  registersWatchers: boolean;
  /** Sends workspace/didChangeWorkspaceFolders. */
  followsFolders: boolean;
  completionSnippets: boolean;
  actions: ClientSupport;
  /** Where the LLM answer cache, the usage ledger and the changelog are kept. */
  storageDir: string;
  /** Whether the workspace is trusted: an untrusted one never sends code to an LLM provider. */
  trusted: boolean;
  /** The workspace folders (file: URIs), else the root URI. */
  folders: string[];
  /** Runs SHOW_CODE_DESCRIPTION_COMMAND: a code links to it (else to docs/codes.md#code). */
  codeDescriptionCommand: boolean;
  /** Accepts workspace/codeLens/refresh and workspace/inlayHint/refresh. */
  refreshes: { codeLens: boolean; inlayHints: boolean };
}

/** Before `initialize`: a client that can do nothing beyond the basics. */
export const BASIC_CLIENT: ClientFeatures = {
  pullsConfiguration: false,
  watchesFiles: false,
  registersWatchers: false,
  followsFolders: false,
  completionSnippets: false,
  actions: { documentChanges: false, disabled: false, resolve: false, snippetCommand: false },
  storageDir: stateDirectory(),
  trusted: true,
  folders: [],
  codeDescriptionCommand: false,
  refreshes: { codeLens: false, inlayHints: false },
};

export function clientFeatures(params: InitializeParams, log: (message: string) => void): ClientFeatures {
  const { workspace, textDocument } = params.capabilities;
  const init = initializationOptions(params.initializationOptions, log);
  const folders = Array.isArray(params.workspaceFolders) ? params.workspaceFolders.map((f) => f.uri) : [];
  return {
    pullsConfiguration: !!workspace?.configuration,
    // Our VS Code client watches pyproject.toml itself (synchronize.fileEvents); other clients
    // are asked to. (The stall once blamed on this registration was a lost first publish: see the hover feature.)
    watchesFiles: !!workspace?.didChangeWatchedFiles?.dynamicRegistration && !init.watchesPyproject,
    registersWatchers: !!workspace?.didChangeWatchedFiles?.dynamicRegistration,
    followsFolders: !!workspace?.workspaceFolders,
    completionSnippets: !!textDocument?.completion?.completionItem?.snippetSupport,
    actions: {
      documentChanges: !!workspace?.workspaceEdit?.documentChanges,
      disabled: !!textDocument?.codeAction?.disabledSupport,
      resolve: !!textDocument?.codeAction?.resolveSupport?.properties.includes('edit'),
      snippetCommand: init.snippetCommand === true,
    },
    // The CLI's rule: DOCWRIGHT_CACHE_DIR, else the client's folder, else XDG_CACHE_HOME or ~/.cache.
    storageDir: stateDirectory(process.env, init.storageDir),
    trusted: init.trusted !== false,
    folders: folders.length ? folders : typeof params.rootUri === 'string' ? [params.rootUri] : [],
    codeDescriptionCommand: init.codeDescriptionCommand === true,
    refreshes: { codeLens: !!workspace?.codeLens?.refreshSupport, inlayHints: !!workspace?.inlayHint?.refreshSupport },
  };
}

/** The client's initializationOptions, key by key: a bad value is named in the log and its default kept. */
function initializationOptions(raw: unknown, log: (message: string) => void): InitializationOptions {
  const given: Record<string, unknown> = isRecord(raw) ? raw : {};
  const { shape } = initializationOptionsSchema;
  const option = <T>(key: string, schema: z.core.$ZodType<T>): T | undefined => {
    const result = z.safeParse(schema, given[key]);
    if (result.success) return result.data;
    log(`initializationOptions.${key} ignored: ${describeIssues(result.error)}`);
    return undefined;
  };
  const storageDir = option('storageDir', shape.storageDir);
  const trusted = option('trusted', shape.trusted);
  return {
    storageDir,
    // A trust flag that is not a boolean means untrusted: a bad value never widens what may run.
    trusted: given.trusted !== undefined && typeof given.trusted !== 'boolean' ? false : trusted,
    watchesPyproject: option('watchesPyproject', shape.watchesPyproject),
    snippetCommand: option('snippetCommand', shape.snippetCommand),
    codeDescriptionCommand: option('codeDescriptionCommand', shape.codeDescriptionCommand),
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The files kept in the storage directory. */
export interface StoragePaths {
  answers: string;
  usageLedger: string;
  changelog: string;
}

export function storagePaths(dir: string): StoragePaths {
  return { answers: nodePath.join(dir, 'answers'), usageLedger: nodePath.join(dir, 'usage.jsonl'), changelog: nodePath.join(dir, 'changelog.jsonl') };
}
