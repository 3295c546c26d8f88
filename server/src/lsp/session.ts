import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, type CancellationToken, type CodeAction, type Connection, type FileEvent, type InitializeParams } from 'vscode-languageserver';
import type { Parser } from 'web-tree-sitter';
import { PythonAnalyzer } from '../core/analysis/analyzer';
import type { Definition, ModuleAnalysis } from '../core/analysis/model';
import { TemplateProvider } from '../core/docstring/provider';
import { DocstringCache } from '../core/docstring/targets';
import type { PythonGrammar } from '../core/parse/python';
import { HostStats } from '../core/stats/figures';
import type { Settings } from '../shared/settings';
import { BASIC_CLIENT, clientFeatures, storagePaths, type ClientFeatures, type StoragePaths } from './clientFeatures';
import { WorkspaceIndexer } from './documentationIndex';
import { DocumentStore, type OpenDocument } from './documents';
import { DocumentSettings } from './documentSettings';
import { EditorLlm } from './llm';
import type { CodeActionRequest } from './requests';
import { DocumentScopes, type PerDocument } from './perDocument';
import { codesDocUri, DiagnosticsPublisher } from './publisher';
import { Signal } from './signal';
import { WorkspaceFolders } from './workspaceFolders';
import { BaselineCache } from '../workspace/baseline';
import { ProjectClasses } from '../workspace/projectClasses';
import { moduleIdentity } from './uri';
import type { ForeignClasses } from '../core/analysis/exceptions';

/**
 * One language server session: the open documents and what is known about each, the client's
 * capabilities, the settings, the LLM providers, and their disposal. Features read and change
 * the state only through it. State kept per document lives in maps made by `scopes`, which
 * forgets a document in all of them when it closes; everything else is let go in `dispose`.
 */

/**
 * What a feature adds to a request another feature answers (LSP allows one handler per method):
 * codeActions.ts answers textDocument/codeAction and hover.ts textDocument/hover, and each asks
 * these too.
 */
export interface Contributions {
  codeActions: ((params: CodeActionRequest, token: CancellationToken) => Promise<CodeAction[]>)[];
  /** Markdown paragraphs for the hover on a definition's name. */
  hover: ((analysis: ModuleAnalysis, definition: Definition, entry: OpenDocument, settings: Settings) => string[])[];
  /** Called when settings, a pyproject.toml or the folders changed (after the documents are re-published). */
  refresh: (() => void)[];
}

export interface ServerOptions {
  /** Holds the wasm files and sits beside docs/. */
  distDir: string;
}

export class Session {
  readonly scopes = new DocumentScopes();
  /** The server's own figures (docwright/status): parse and analysis times, cache hits, the LLM's. */
  readonly stats = new HostStats('server', () => performance.now());
  readonly analyzer: PythonAnalyzer;
  readonly documents: DocumentStore;
  /** Parses the texts edits produce, to verify them, apart from the open documents' trees. */
  readonly verifier: Parser;
  /** Parses the files of Document Workspace and Export, which are not open. */
  readonly fileParser: Parser;
  readonly template = new TemplateProvider();
  readonly docstrings = new DocstringCache();
  /** Other modules' exception classes, read from disk as the CLI reads them (a saved change is seen on the next check). */
  readonly projectClasses = new ProjectClasses();
  readonly folders = new WorkspaceFolders();
  readonly settings: DocumentSettings;
  readonly llm: EditorLlm;
  readonly diagnostics: DiagnosticsPublisher;
  /** Baseline files (`[tool.docwright] baseline`), read again when they change. */
  readonly baselines: BaselineCache;
  readonly contributions: Contributions = { codeActions: [], hover: [], refresh: [] };
  /** The URI of docs/codes.md, which each diagnostic links to. */
  readonly codesDoc: string;
  /** The workspace's documentation index (Search Documentation, workspace symbols). */
  readonly documentation: WorkspaceIndexer;
  /** A document opened or its text changed (its URI). */
  readonly documentChanged = new Signal<string>();
  readonly documentClosed = new Signal<string>();
  /** Python files created, changed or deleted on disk (the client's watcher). */
  readonly pythonFilesChanged = new Signal<FileEvent[]>();
  /** Settings, a pyproject.toml or the folders changed. */
  readonly refreshed = new Signal<void>();
  /** What the client can do; the basics until it has initialized. */
  client: ClientFeatures = BASIC_CLIENT;
  /** The last analysis of each document and the version it describes. */
  private readonly analyses: PerDocument<{ version: number; analysis: ModuleAnalysis }>;
  private readonly owned: { dispose(): void }[] = [];

  constructor(readonly connection: Connection, grammar: PythonGrammar, options: ServerOptions) {
    this.analyzer = new PythonAnalyzer(grammar.language);
    this.documents = new DocumentStore(grammar.newParser(), undefined, (parse) => this.stats.timed(this.stats.parse, parse));
    this.verifier = grammar.newParser();
    this.fileParser = grammar.newParser();
    this.codesDoc = codesDocUri(options.distDir);
    this.analyses = this.scopes.create();
    const log = (message: string) => this.log(message);
    this.settings = new DocumentSettings({ connection, folders: this.folders, scopes: this.scopes, log, pullsConfiguration: () => this.client.pullsConfiguration });
    this.llm = new EditorLlm({ connection, log, storage: () => this.storage, root: () => this.folders.first, stats: this.stats.llm });
    this.baselines = new BaselineCache(log, (file) => this.watchBaseline(file));
    this.diagnostics = new DiagnosticsPublisher(this);
    this.documentation = new WorkspaceIndexer(this);
  }

  /** A rewritten baseline re-publishes every open document (workspace/didChangeWatchedFiles refreshes the session). */
  private watchBaseline(file: string): void {
    if (!this.client.registersWatchers) return;
    const globPattern = { baseUri: pathToFileURL(path.dirname(file)).toString(), pattern: path.basename(file) };
    void this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern }] }).catch(() => undefined);
  }

  log(message: string): void {
    this.connection.console.log(`[docwright] ${message}`);
  }

  initialize(params: InitializeParams): void {
    this.client = clientFeatures(params, (message) => this.log(message));
    this.llm.setTrusted(this.client.trusted);
    this.folders.set(this.client.folders);
  }

  get storage(): StoragePaths {
    return storagePaths(this.client.storageDir);
  }

  /** Something that must be let go with the session (a feature's own state). */
  own(disposable: { dispose(): void }): void {
    this.owned.push(disposable);
  }

  /** Settings, a pyproject.toml or the folders changed: every open document's settings are resolved again, and it is re-published. */
  refresh(): void {
    this.settings.invalidate();
    for (const entry of this.documents.all()) this.diagnostics.afterSettings(entry);
    for (const refresh of this.contributions.refresh) refresh();
    this.refreshed.fire();
  }

  /** The document closed: its tree and everything kept for its URI go. */
  closeDocument(uri: string): void {
    this.documents.close(uri);
    this.scopes.forget(uri);
    this.documentClosed.fire(uri);
  }

  /**
   * The analysis of the current version: reused when nothing changed (settings changes,
   * hovers), else recomputed from the unit cache, parsing afresh if the tree was evicted.
   */
  currentAnalysis(entry: OpenDocument, limits: Settings): ModuleAnalysis | undefined {
    const uri = entry.document.uri;
    const known = this.analyses.get(uri);
    const reused = known !== undefined && known.version === entry.document.version;
    this.stats.resultCache.record(reused);
    if (reused) return known.analysis;
    this.documents.ensureTree(entry, limits);
    const tree = entry.tree;
    if (!tree) return undefined;
    const analysis = this.stats.timed(this.stats.analysis, () => this.analyzer.analyze(tree, entry.document.getText(), entry.units));
    this.analyses.set(uri, { version: entry.document.version, analysis });
    return analysis;
  }

  /** The document gets no diagnostics (disabled, excluded, skipped): its analysis is not kept. */
  forgetAnalysis(uri: string): void {
    this.analyses.delete(uri);
  }

  dispose(): void {
    for (const disposable of this.owned.splice(0).reverse()) disposable.dispose();
    this.documentation.dispose();
    this.scopes.dispose();
    this.documents.dispose();
    this.llm.dispose();
    this.fileParser.delete();
    this.verifier.delete();
  }
}

/** The reach into other modules for a document: files on disk only (a cell or an untitled buffer has no package). */
export function foreignFor(session: Session, uri: string): ForeignClasses | undefined {
  const module = moduleIdentity(uri);
  return module.cell || !uri.startsWith('file:') ? undefined : session.projectClasses.forFile(module.path).foreign;
}
