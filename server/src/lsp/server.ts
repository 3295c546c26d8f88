import {
  DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, TextDocumentSyncKind,
  type CancellationToken, type CodeAction, type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver';
import { z } from 'zod';
import { PythonAnalyzer } from '../core/analysis/analyzer';
import type { ModuleAnalysis } from '../core/analysis/model';
import { findings } from '../core/rules/findings';
import { TemplateProvider } from '../core/docstring/provider';
import { DocstringCache } from '../core/docstring/targets';
import { ACTION_KINDS, APPLY_COMMAND, codeActions, commandEdit, resolveAction, resolveDataSchema, resolveParamsSchema, type ActionContext, type ClientSupport, type LlmHooks } from './features/codeActions';
import { COMPLETION_TRIGGERS, docstringCompletion, openingQuotesAt } from './features/completion';
import { WorkspaceFolders } from './features/folders';
import { codeActionParams, describeIssues, executeCommandParams, hoverParams, invalidParams, signalOf, throwIfCancelled, validated } from './features/requests';
import { summarize, usageMarkdown } from '../core/llm/budget';
import { LlmProvider } from '../workspace/llm/provider';
import { AnswerCache, LedgerFile } from '../workspace/llm/store';
import * as nodePath from 'node:path';
import { homedir } from 'node:os';
import { analyzeDocument, codesDocUri, fileUriOf, isNotebookCell, moduleIdentity, modulePath, toDiagnostics } from './features/diagnostics';
import { ProjectConventions } from '../workspace/project';
import { BatchRuns } from './features/batch';
import { changelogMarkdown, readChanges } from '../workspace/changelog';
import { exportMarkdown, type ExportedModule } from '../core/report/export';
import { collectFiles } from '../workspace/files';
import { decodePython } from '../core/parse/source';
import { readRegularFile } from '../workspace/read';
import { definitionAt, hoverFor } from './features/hover';
import { DocumentStore, type OpenDocument } from './documents';
import { parserInput } from '../core/parse/ipython';
import type { PythonGrammar } from '../core/parse/python';
import {
  API_KEY_REQUEST, CHANGELOG_REQUEST, CLEAR_CACHE_REQUEST, EXPORT_DOCS_REQUEST, PLAN_WORKSPACE_REQUEST, RUN_WORKSPACE_REQUEST,
  type MarkdownResult, CREDENTIALS_CHANGED_NOTIFICATION, DOCUMENT_METRICS_REQUEST, SKIPPED_FILE_NOTIFICATION,
  USAGE_NOTIFICATION, USAGE_REPORT_REQUEST, WORKSPACE_TRUST_NOTIFICATION,
  type ApiKeyResult, type ClearCacheResult, type InitializationOptions, type SkippedFileParams,
  type UsageParams, type UsageReportResult,
  documentMetricsParamsSchema, exportDocsParamsSchema, initializationOptionsSchema, noParamsSchema, planWorkspaceParamsSchema,
  runWorkspaceParamsSchema, workspaceTrustParamsSchema,
} from '../shared/protocol';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../shared/settings';

/**
 * Binds LSP handlers to the analysis. Owns no globals: the connection, grammar and the
 * location of the shipped docs are passed in, so tests and other hosts can embed it.
 */

export interface ServerOptions {
  distDir: string;
}

export function startServer(connection: Connection, grammar: PythonGrammar, options: ServerOptions): void {
  const analyzer = new PythonAnalyzer(grammar.language);
  const store = new DocumentStore(grammar.newParser());
  const codesDoc = codesDocUri(options.distDir);
  const settingsCache = new Map<string, Promise<Settings>>();
  /** Settings already resolved, for the synchronous path of didChange (size limit). */
  const resolved = new Map<string, Settings>();
  const limitsFrom = (uri: string) => resolved.get(uri) ?? DEFAULT_SETTINGS;
  const reportedProblems = new Set<string>();
  const reportedSkips = new Map<string, string>();
  /** Open documents that `docwright check` would skip (excluded paths): no diagnostics. */
  const excludedUris = new Set<string>();
  /** pyproject.toml files whose [tool.docwright] has been named in the log. */
  const announcedProjects = new Set<string>();
  const pending = new Map<string, NodeJS.Timeout | NodeJS.Immediate>();
  /** The last analysis of each document and the version it describes. */
  const latest = new Map<string, { version: number; analysis: ModuleAnalysis }>();
  let pullsConfiguration = false;
  let watchesFiles = false;
  let client: ClientSupport = { documentChanges: false, disabled: false, resolve: false, snippetCommand: false };
  let completionSnippets = false;
  /** The client's workspace folders; `workspaceRoot` is the first (the LLM ledger's project). */
  const folders = new WorkspaceFolders();
  let workspaceRoot: string | undefined;
  let followsFolders = false;
  const verifier = grammar.newParser();
  const provider = new TemplateProvider();
  const docstrings = new DocstringCache();
  let storageDir = nodePath.join(homedir(), '.cache', 'docwright');
  let trusted = true;
  let untrustedSaid = false;
  /** One LLM provider per distinct llm settings, so its breaker and rate limits outlive one action. */
  const llmProviders = new Map<string, LlmProvider>();
  const dropLlmProviders = () => { for (const p of llmProviders.values()) p.dispose(); llmProviders.clear(); };
  /** For clients that only push settings (didChangeConfiguration { settings: { docwright } }). */
  let pushedSettings: unknown = undefined;

  const log = (message: string) => connection.console.log(`[docwright] ${message}`);
  const conventions = new ProjectConventions(log);

  /** Parses settings leniently and reports each invalid value once. */
  const checkedSettings = (raw: unknown): Settings => {
    const { settings, problems } = parseSettings(raw);
    for (const p of problems) {
      const key = `${p.key}: ${p.message}`;
      if (reportedProblems.has(key)) continue;
      reportedProblems.add(key);
      void connection.window.showWarningMessage(`Docwright: setting docwright.${p.key} is invalid (${p.message}); using the default.`);
    }
    return settings;
  };

  /**
   * The editor's settings, overridden by the project's `[tool.docwright]` where it decides
   * (PROJECT_KEYS), so that the editor reports what `docwright check` reports in CI.
   */
  const withProject = (uri: string, editor: Settings): Settings => {
    if (!fileUriOf(uri).startsWith('file:')) return editor;
    const path = modulePath(uri);
    const project = conventions.settingsFor(path, editor, folders.folderOf(path));
    if (project.file && project.decided.length && !announcedProjects.has(project.file)) {
      announcedProjects.add(project.file); // said once per project (and again after it changes)
      log(`${project.file}: [tool.docwright] decides ${project.decided.join(', ')} for the files under ${project.root}, over the editor settings`);
    }
    for (const p of project.problems) {
      const key = `${project.file}: ${p.key}: ${p.message}`;
      if (reportedProblems.has(key)) continue;
      reportedProblems.add(key);
      void connection.window.showWarningMessage(`Docwright: ${project.file}: [tool.docwright] ${p.key} is invalid (${p.message}); using the editor's setting.`);
    }
    if (project.excluded) excludedUris.add(uri);
    else excludedUris.delete(uri);
    return project.settings;
  };

  const settingsFor = (uri: string): Promise<Settings> => {
    let cached = settingsCache.get(uri);
    if (!cached) {
      cached = pullsConfiguration
        ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'docwright' }).then(
          checkedSettings,
          () => DEFAULT_SETTINGS,
        )
        : Promise.resolve(checkedSettings(pushedSettings));
      cached = cached.then((editor) => {
        const settings = withProject(uri, editor);
        resolved.set(uri, settings);
        return settings;
      });
      settingsCache.set(uri, cached);
    }
    return cached;
  };

  const publish = async (uri: string) => {
    const entry = store.get(uri);
    if (!entry) return;
    const version = entry.document.version;
    const settings = await settingsFor(uri);
    // A newer change or a close arrived while we waited: that run publishes instead.
    if (store.get(uri) !== entry || entry.document.version !== version) return;
    if (!settings.enable) {
      latest.delete(uri);
      void connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    if (excludedUris.has(uri)) {
      // As `docwright check` would skip it: a library in a virtual environment, an excluded path.
      if (reportedSkips.get(uri) !== 'excluded') log(`no diagnostics for ${uri}: excluded (docwright exclude setting, or a virtual environment / site-packages)`);
      reportedSkips.set(uri, 'excluded');
      latest.delete(uri);
      void connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    if (entry.skipped) {
      reportSkip(uri, entry.skipped);
      latest.delete(uri);
      void connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    const analysis = currentAnalysis(entry, settings);
    if (!analysis) return;
    void connection.sendDiagnostics({ uri, version, diagnostics: toDiagnostics(analysis, entry, settings, codesDoc, docstrings) });
  };

  const reportSkip = (uri: string, reason: string) => {
    if (reportedSkips.get(uri) === reason) return;
    reportedSkips.set(uri, reason);
    log(`skipped ${uri}: ${reason}`);
    const params: SkippedFileParams = { uri, reason };
    void connection.sendNotification(SKIPPED_FILE_NOTIFICATION, params);
  };

  const cancelPending = (uri: string) => {
    const timer = pending.get(uri);
    if (timer) {
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
      pending.delete(uri);
    }
  };

  /** Coalesces a burst of changes into one analysis; a new change cancels the pending one. */
  const schedule = (uri: string, delayMs: number) => {
    cancelPending(uri);
    const run = () => {
      pending.delete(uri);
      publish(uri).catch((error: unknown) => log(`analysis of ${uri} failed: ${String(error)}`));
    };
    pending.set(uri, delayMs > 0 ? setTimeout(run, delayMs) : setImmediate(run));
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    pullsConfiguration = !!params.capabilities.workspace?.configuration;
    watchesFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    const actionCaps = params.capabilities.textDocument?.codeAction;
    client = {
      documentChanges: !!params.capabilities.workspace?.workspaceEdit?.documentChanges,
      disabled: !!actionCaps?.disabledSupport,
      resolve: !!actionCaps?.resolveSupport?.properties.includes('edit'),
      snippetCommand: false,
    };
    completionSnippets = !!params.capabilities.textDocument?.completion?.completionItem?.snippetSupport;
    const init = initializationOptions(params.initializationOptions);
    client.snippetCommand = init.snippetCommand === true;
    if (init.storageDir) storageDir = init.storageDir;
    if (init.trusted === false) trusted = false;
    // Our VS Code client watches pyproject.toml itself (synchronize.fileEvents); other clients
    // are asked to. (The stall once blamed on this registration was a lost first publish: see onHover.)
    if (init.watchesPyproject) watchesFiles = false;
    followsFolders = !!params.capabilities.workspace?.workspaceFolders;
    const folderUris = Array.isArray(params.workspaceFolders) ? params.workspaceFolders.map((f) => f.uri) : [];
    folders.set(folderUris.length ? folderUris : typeof params.rootUri === 'string' ? [params.rootUri] : []);
    workspaceRoot = folders.first;
    return {
      capabilities: {
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ACTION_KINDS, resolveProvider: true },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
        executeCommandProvider: { commands: [APPLY_COMMAND] },
      },
      serverInfo: { name: 'docwright', version: '0.1.0' },
    };
  });

  /** The client's initializationOptions, key by key: a bad value is named in the log and its default kept. */
  const initializationOptions = (raw: unknown): InitializationOptions => {
    const given = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const options: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(initializationOptionsSchema.shape)) {
      const result = z.safeParse(schema, given[key]);
      if (!result.success) log(`initializationOptions.${key} ignored: ${describeIssues(result.error)}`);
      else if (result.data !== undefined) options[key] = result.data;
    }
    // A trust flag that is not a boolean means untrusted: a bad value never widens what may run.
    if (given.trusted !== undefined && typeof given.trusted !== 'boolean') options.trusted = false;
    return options as InitializationOptions;
  };

  connection.onInitialized(() => {
    if (followsFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        folders.remove(removed.map((f) => f.uri));
        folders.add(added.map((f) => f.uri));
        workspaceRoot = folders.first;
        refreshAll(); // a file's folder decides its excludes and style sample
      });
    }
    if (pullsConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'docwright' }).catch(() => undefined);
    }
    // [tool.docwright] decides thresholds and excludes in the editor too: follow its edits.
    if (watchesFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/pyproject.toml' }] }).catch(() => undefined);
    }
  });

  /** Settings or a pyproject.toml changed: resolve every open document's settings again and re-publish. */
  const refreshAll = () => {
    conventions.clear();
    announcedProjects.clear();
    settingsCache.clear();
    for (const entry of store.all()) {
      const uri = entry.document.uri;
      void settingsFor(uri).then((settings) => {
        if (store.get(uri) !== entry) return;
        store.applyLimits(entry, settings);
        schedule(uri, 0);
      });
    }
  };

  connection.onDidChangeConfiguration((params) => {
    dropLlmProviders();
    if (!pullsConfiguration) {
      const pushed = params.settings as { docwright?: unknown } | null | undefined;
      pushedSettings = pushed && typeof pushed === 'object' ? pushed.docwright : undefined;
    }
    refreshAll();
  });

  connection.onDidChangeWatchedFiles(() => refreshAll());

  connection.onDidOpenTextDocument(({ textDocument }) => {
    const { uri, languageId, version, text } = textDocument;
    // Open synchronously: changes may follow before the settings round trip returns.
    const entry = store.open(uri, languageId, version, text, limitsFrom(uri), isNotebookCell(uri));
    void settingsFor(uri).then((settings) => {
      if (store.get(uri) !== entry) return;
      store.applyLimits(entry, settings);
      schedule(uri, 0);
    });
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const uri = textDocument.uri;
    const known = settingsCache.get(uri);
    // Parsing must follow every change in order, so it cannot wait for settings.
    const entry = store.change(uri, textDocument.version, contentChanges, limitsFrom(uri));
    if (!entry) return;
    void (known ?? settingsFor(uri)).then((s) => schedule(uri, s.diagnosticsDelayMs));
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    const uri = textDocument.uri;
    cancelPending(uri);
    store.close(uri);
    latest.delete(uri);
    settingsCache.delete(uri);
    resolved.delete(uri);
    reportedSkips.delete(uri);
    excludedUris.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onHover(async (params: unknown) => {
    const { textDocument, position } = validated(hoverParams, params, 'textDocument/hover');
    const entry = store.get(textDocument.uri);
    if (!entry || entry.skipped) return null;
    // A pending publish is left to run: it reuses this analysis (same version) and is the only
    // thing that shows the diagnostics. Cancelling it here lost the first publish whenever VS Code
    // asked for a hover or the lightbulb before the open's settings round trip had returned.
    const settings = await settingsFor(textDocument.uri);
    const analysis = currentAnalysis(entry, settings);
    const definition = analysis && definitionAt(analysis, position);
    if (!analysis || !definition) return null;
    return hoverFor(analysis, definition, modulePath(entry.document.uri), entry.document.getText(), settings);
  });

  /** Everything a docstring action needs about an open document, or null when it is skipped. */
  const actionContext = async (uri: string, token?: CancellationToken): Promise<ActionContext | null> => {
    const entry = store.get(uri);
    if (!entry || entry.skipped) return null;
    const settings = await settingsFor(uri);
    const analysis = currentAnalysis(entry, settings); // a pending publish still runs (see onHover)
    store.ensureTree(entry, settings);
    if (!analysis || !entry.tree || !settings.enable) return null;
    const module = moduleIdentity(uri);
    const path = module.path;
    const source = entry.document.getText();
    // A file in no workspace folder is its own style sample: nothing around it is walked.
    const project = conventions.forFile(path, settings, folders.folderOf(path), source);
    const llm = llmFor(settings);
    return {
      document: entry.document,
      tree: entry.tree,
      analysis,
      path,
      findings: findings(analysis, module, source, settings, docstrings),
      parse: (text, old) => verifier.parse(parserInput(text, entry.ipython), old ?? null)!,
      provider: llm?.provider ?? provider,
      ...(llm ? { llm: llm.hooks } : {}),
      options: { style: project.style.style, lineLength: project.lineLength, staleChecks: settings.staleChecks },
      client,
      ...(token ? { signal: signalOf(token) } : {}),
    };
  };

  connection.onCodeAction(async (raw: unknown, token) => {
    const params = validated(codeActionParams, raw, 'textDocument/codeAction');
    const ctx = await actionContext(params.textDocument.uri, token);
    if (!ctx) return null;
    const actions = await codeActions(params, ctx, client.resolve);
    throwIfCancelled(token, 'textDocument/codeAction');
    return actions;
  });

  connection.onCompletion(async ({ textDocument, position }) => {
    const entry = store.get(textDocument.uri);
    // Every quote typed asks: answer at once unless the line holds just the opening quotes.
    if (!entry || entry.skipped || !openingQuotesAt(entry.document, position)) return [];
    const settings = await settingsFor(textDocument.uri);
    store.ensureTree(entry, settings);
    if (!settings.enable || !entry.tree) return [];
    const path = modulePath(textDocument.uri);
    const project = conventions.forFile(path, settings, workspaceRoot);
    return docstringCompletion(position, {
      document: entry.document, tree: entry.tree, path, options: { style: project.style.style, lineLength: project.lineLength },
      parse: (text, old) => verifier.parse(parserInput(text, entry.ipython), old ?? null)!,
      // The document's own unit cache: the text with the docstring shares most statements with it.
      analyze: (tree, text) => analyzer.analyze(tree, text, entry.units),
      snippets: completionSnippets,
    });
  });

  /** The LLM provider and its hooks, or undefined for the template (default, or untrusted workspace). */
  const llmFor = (settings: Settings): { provider: LlmProvider; hooks: LlmHooks } | undefined => {
    const llm = settings.llm;
    if (llm.provider === 'template') return undefined;
    if (!trusted) {
      if (!untrustedSaid) {
        untrustedSaid = true;
        void connection.window.showInformationMessage('Docwright: LLM providers are disabled in an untrusted workspace; the offline template writes docstrings.');
      }
      return undefined;
    }
    const key = JSON.stringify(llm);
    let llmProvider = llmProviders.get(key);
    if (!llmProvider) {
      const kind = llm.provider;
      llmProvider = new LlmProvider(llm, {
        apiKey: async () => ((await connection.sendRequest(API_KEY_REQUEST, { provider: kind })) as ApiKeyResult | null)?.key ?? undefined,
        cacheDir: nodePath.join(storageDir, 'answers'),
        ledgerFile: nodePath.join(storageDir, 'usage.jsonl'),
        log,
        run: 'editor',
        ...(workspaceRoot ? { root: workspaceRoot } : {}),
      });
      llmProviders.set(key, llmProvider);
    }
    const p = llmProvider;
    return {
      provider: p,
      hooks: {
        model: llm.model,
        estimate: (requests) => p.estimate(requests),
        confirmAboveTokens: llm.confirmAboveTokens,
        confirm: async (message) => (await connection.window.showInformationMessage(message, { title: 'Send' }, { title: 'Cancel' }))?.title === 'Send',
        beginRun: () => p.beginRun(`editor-${new Date().toISOString()}`),
        finishRun: () => {
          const today = p.spentToday();
          const stats = p.stats;
          const usage: UsageParams = {
            todayTokens: today.tokens, todayUsd: today.usd, runTokens: stats.promptTokens + stats.completionTokens,
            runUsd: stats.usd, cacheHits: stats.cacheHits, model: llm.model,
          };
          void connection.sendNotification(USAGE_NOTIFICATION, usage);
          if (stats.messages.length) void connection.window.showWarningMessage(`Docwright: ${stats.messages.join('; ')}`);
        },
      },
    };
  };

  connection.onExecuteCommand(async (raw: unknown, token) => {
    const { command, arguments: args } = validated(executeCommandParams, raw, 'workspace/executeCommand');
    if (command !== APPLY_COMMAND) return null;
    const data = validated(resolveDataSchema, args?.[0], `workspace/executeCommand ${APPLY_COMMAND} arguments.0`);
    const ctx = await actionContext(data.uri, token);
    if (!ctx) return null;
    const result = await commandEdit(data, ctx);
    if (result.edit) await connection.workspace.applyEdit({ label: 'Docwright: docstrings', edit: result.edit });
    if (result.skipped.length) void connection.window.showWarningMessage(`Docwright left ${result.skipped.length} alone: ${result.skipped.join('; ')}`);
    return null;
  });

  /** A notification has no answer to carry an error: bad parameters are named in the log and the notification ignored. */
  const onNotification = <S extends z.core.$ZodType>(method: string, schema: S, handle: (params: z.infer<S>) => void) => {
    connection.onNotification(method, (params: unknown) => {
      const result = z.safeParse(schema, params);
      if (result.success) handle(result.data);
      else log(`${method} ignored: invalid parameters: ${describeIssues(result.error)}`);
    });
  };

  onNotification(CREDENTIALS_CHANGED_NOTIFICATION, noParamsSchema, () => dropLlmProviders());
  onNotification(WORKSPACE_TRUST_NOTIFICATION, workspaceTrustParamsSchema, (params) => {
    trusted = params.trusted;
    dropLlmProviders();
  });

  connection.onRequest(USAGE_REPORT_REQUEST, (params: unknown): UsageReportResult => {
    validated(noParamsSchema, params, USAGE_REPORT_REQUEST);
    return { markdown: usageMarkdown(summarize(new LedgerFile(nodePath.join(storageDir, 'usage.jsonl')).read())) };
  });

  connection.onRequest(CLEAR_CACHE_REQUEST, (params: unknown): ClearCacheResult => {
    validated(noParamsSchema, params, CLEAR_CACHE_REQUEST);
    return { removed: new AnswerCache(nodePath.join(storageDir, 'answers'), Number.MAX_SAFE_INTEGER).clear() };
  });

  const batchRuns = new BatchRuns();
  const batchParser = grammar.newParser();

  /**
   * The roots of an export or plan as paths. Each must lie inside a workspace folder, symlinks
   * resolved, or be a document open in the editor (Document File on a loose file); else InvalidParams.
   */
  const confinedRoots = (uris: string[], method: string): string[] => uris.map((uri, i) => {
    const root = modulePath(uri);
    if (folders.holds(root) || store.get(uri)) return root;
    throw invalidParams(`${method}: roots.${i}: ${root} is outside every workspace folder; Docwright reads only inside them`);
  });

  /** Whether a collected file may be read: inside a folder once its symlinks are resolved, or a root named explicitly. */
  const readableUnder = (roots: string[]) => {
    const named = new Set(roots);
    return (file: string) => named.has(file) || folders.holds(file);
  };

  connection.onRequest(PLAN_WORKSPACE_REQUEST, async (raw: unknown, token) => {
    const params = validated(planWorkspaceParamsSchema, raw, PLAN_WORKSPACE_REQUEST);
    const roots = confinedRoots(params.roots, PLAN_WORKSPACE_REQUEST);
    const first = params.roots[0]!;
    const firstPath = roots[0]!;
    const settings = await settingsFor(first);
    const project = conventions.forFile(nodePath.join(firstPath, '_'), settings, folders.folderOf(firstPath), store.get(first)?.document.getText());
    const llm = llmFor(settings);
    return batchRuns.plan(params, {
      connection, store, parser: batchParser, analyzer, settings,
      exclude: conventions.excludeRules(firstPath, settings, params.exclude, folders.folderOf(firstPath)),
      readable: readableUnder(roots),
      options: { style: project.style.style, lineLength: project.lineLength, staleChecks: settings.staleChecks },
      provider: llm?.provider ?? provider, ...(llm ? { llm: llm.provider } : {}),
      changelogFile: nodePath.join(storageDir, 'changelog.jsonl'),
    }, token);
  });

  connection.onRequest(RUN_WORKSPACE_REQUEST, async (raw: unknown, token) => {
    const params = validated(runWorkspaceParamsSchema, raw, RUN_WORKSPACE_REQUEST);
    return batchRuns.run(params, token);
  });

  connection.onRequest(CHANGELOG_REQUEST, (params: unknown): MarkdownResult => {
    validated(noParamsSchema, params, CHANGELOG_REQUEST);
    return {
      markdown: changelogMarkdown(readChanges(nodePath.join(storageDir, 'changelog.jsonl')), new LedgerFile(nodePath.join(storageDir, 'usage.jsonl')).read()),
    };
  });

  connection.onRequest(EXPORT_DOCS_REQUEST, async (raw: unknown): Promise<MarkdownResult> => {
    const params = validated(exportDocsParamsSchema, raw, EXPORT_DOCS_REQUEST);
    const roots = confinedRoots(params.roots, EXPORT_DOCS_REQUEST);
    const readable = readableUnder(roots);
    const settings = await settingsFor(params.roots[0]!);
    const modules: ExportedModule[] = [];
    for (const root of roots) {
      const { files } = collectFiles([root], conventions.excludeRules(root, settings, params.exclude, folders.folderOf(root)), root, { gitignore: true });
      for (const file of files) {
        if (!readable(file)) { log(`export: skipped ${file}: it leads outside the workspace folders (a symlink); not read`); continue; }
        const read = readRegularFile(file, settings.maxFileSizeKb);
        const decoded = read.ok ? decodePython(read.bytes) : read;
        if (!decoded.ok) { log(`export: skipped ${file}: ${decoded.reason}`); continue; }
        const tree = batchParser.parse(decoded.text);
        if (!tree) continue;
        try {
          const rel = nodePath.relative(root, file).replace(/\.pyi?$/, '').split(nodePath.sep).filter((p) => p !== '__init__');
          modules.push({ name: rel.join('.') || nodePath.basename(root), path: nodePath.relative(root, file), source: decoded.text, analysis: analyzer.analyze(tree, decoded.text) });
        } finally {
          tree.delete();
        }
      }
    }
    return { markdown: exportMarkdown(modules)[0]!.text };
  });

  connection.onCodeActionResolve(async (action: CodeAction, token) => {
    const { data } = validated(resolveParamsSchema, action, 'codeAction/resolve');
    const ctx = data ? await actionContext(data.uri, token) : null;
    if (!ctx) return action;
    const resolved = await resolveAction(action, ctx);
    throwIfCancelled(token, 'codeAction/resolve');
    return resolved;
  });

  /**
   * The analysis of the current version: reused when nothing changed (settings changes,
   * hovers), else recomputed from the unit cache, parsing afresh if the tree was evicted.
   */
  const currentAnalysis = (entry: OpenDocument, limits: Settings): ModuleAnalysis | undefined => {
    const uri = entry.document.uri;
    const known = latest.get(uri);
    if (known && known.version === entry.document.version) return known.analysis;
    store.ensureTree(entry, limits);
    const analysis = analyzeDocument(analyzer, entry);
    if (analysis) latest.set(uri, { version: entry.document.version, analysis });
    return analysis;
  };

  connection.onRequest(DOCUMENT_METRICS_REQUEST, (raw: unknown) => {
    const params = validated(documentMetricsParamsSchema, raw, DOCUMENT_METRICS_REQUEST);
    const entry = store.get(params.uri);
    const analysis = entry && !entry.skipped ? currentAnalysis(entry, resolved.get(params.uri) ?? DEFAULT_SETTINGS) : undefined;
    return {
      openDocuments: store.size,
      trees: store.treeCount,
      version: entry?.document.version ?? null,
      skipped: entry?.skipped ?? null,
      module: analysis?.metrics ?? null,
      definitions: analysis?.definitions.map((d) => ({
        qualname: d.qualname, kind: d.kind, line: d.nameSpan.startLine,
        cyclomatic: d.metrics.cyclomatic, cognitive: d.metrics.cognitive, nesting: d.metrics.nesting,
      })) ?? [],
    };
  });

  connection.onShutdown(() => {
    store.dispose();
    dropLlmProviders();
    batchParser.delete();
    verifier.delete();
  });
}
