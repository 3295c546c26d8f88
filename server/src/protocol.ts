/**
 * Custom LSP messages shared by the server and the client (types and names only, so the
 * client bundle stays free of server dependencies). The settings schema is in settings.ts.
 */

export type { Settings, SeverityName } from './settings';

/** Custom server → client notification: what was skipped and why (shown once per file). */
export const SKIPPED_FILE_NOTIFICATION = 'docwright/skippedFile';
export interface SkippedFileParams {
  uri: string;
  reason: string;
}

/** Custom request used by tests and tooling: the analysis summary of an open document. */
export const DOCUMENT_METRICS_REQUEST = 'docwright/documentMetrics';
export interface DocumentMetricsParams {
  uri: string;
}

/** Sent with `initialize`: where to keep the cache and ledger, and whether the workspace is trusted. */
export interface InitializationOptions {
  storageDir?: string;
  trusted?: boolean;
  /** The client sends workspace/didChangeWatchedFiles for pyproject.toml itself, so the server registers no watcher. */
  watchesPyproject?: boolean;
  /** The client runs INSERT_SNIPPET_COMMAND, so a generated docstring can arrive as a snippet. */
  snippetCommand?: boolean;
}

/**
 * A client command (our VS Code client's): replace `range` with `snippet` (tab stops on the
 * placeholders), only while the document is still at `version`. Code actions carry it instead of
 * an edit when the client says it runs it; LSP has no portable snippet in a WorkspaceEdit.
 */
export const INSERT_SNIPPET_COMMAND = 'docwright.insertSnippet';
export interface InsertSnippetArgs {
  uri: string;
  version: number;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  snippet: string;
}

/** Server → client request: the API key for a provider (SecretStorage, else the env var), or null. */
export const API_KEY_REQUEST = 'docwright/apiKey';
export interface ApiKeyParams {
  provider: 'openai' | 'azure' | 'compatible';
}
export interface ApiKeyResult {
  key: string | null;
}

/** Client → server: the key was set or cleared, or the workspace became trusted. */
export const CREDENTIALS_CHANGED_NOTIFICATION = 'docwright/credentialsChanged';
export const WORKSPACE_TRUST_NOTIFICATION = 'docwright/workspaceTrust';
export interface WorkspaceTrustParams {
  trusted: boolean;
}

/** Server → client after each LLM run: what was spent, for the status bar. */
export const USAGE_NOTIFICATION = 'docwright/usage';
export interface UsageParams {
  todayTokens: number;
  todayUsd: number;
  runTokens: number;
  runUsd: number;
  cacheHits: number;
  model: string;
}

/** Client → server requests behind the usage and cache commands. */
export const USAGE_REPORT_REQUEST = 'docwright/usageReport';
export interface UsageReportResult {
  markdown: string;
}
export const CLEAR_CACHE_REQUEST = 'docwright/clearCache';
export interface ClearCacheResult {
  removed: number;
}

/** Document workspace / file / folder: plan first (nothing written), then run the plan. */
export const PLAN_WORKSPACE_REQUEST = 'docwright/planWorkspace';
export interface PlanWorkspaceParams {
  /** File or folder URIs. */
  roots: string[];
  /** Globs never documented (files.exclude + docwright.exclude); .gitignore is honoured too. */
  exclude: string[];
  only: 'missing' | 'stale' | 'all';
  scope: 'public' | 'all';
}
export interface PlanSummary {
  planId: string;
  files: number;
  functions: number;
  missing: number;
  stale: number;
  unreadable: number;
  /** Definitions that would be documented but do not parse (syntax errors): never written. */
  unparsed: number;
  provider: string;
  estimate?: { requests: number; promptTokens: number; maxTokens: number; usd: number; cacheHits: number; fits: boolean; remainingTokens: number; remainingUsd: number };
}

export const RUN_WORKSPACE_REQUEST = 'docwright/runWorkspace';
export interface RunWorkspaceParams {
  planId: string;
}
export interface RunWorkspaceResult {
  added: number;
  updated: number;
  skipped: number;
  failed: number;
  cancelled: boolean;
  changedUris: string[];
  tokens: number;
  usd: number;
  cacheHits: number;
  markdown: string;
}

export const BATCH_PROGRESS_NOTIFICATION = 'docwright/batchProgress';
export interface BatchProgressParams {
  planId: string;
  filesDone: number;
  files: number;
  docstrings: number;
  tokens: number;
  etaSeconds: number | null;
}

/** Markdown of every docstring change Docwright made (the changelog) / of the API. */
export const CHANGELOG_REQUEST = 'docwright/changelog';
export const EXPORT_DOCS_REQUEST = 'docwright/exportDocs';
export interface ExportDocsParams {
  roots: string[];
  exclude: string[];
}
export interface MarkdownResult {
  markdown: string;
}
