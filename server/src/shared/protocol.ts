// zod/mini: the client bundles these schemas too, and the full zod would double its size.
import * as z from 'zod/mini';

/**
 * Custom LSP messages shared by the server and the client: names, and for what the client
 * sends, the zod schema its parameters must satisfy (the server answers InvalidParams naming
 * the field otherwise) with the type read from it. No other server code, so the client bundle
 * stays free of server dependencies. The settings schema is in settings.ts.
 */

export type { Settings, SeverityName } from './settings';

/** Requests and notifications that take no parameters: none, null, or an (ignored) object. */
export const noParamsSchema = z.nullish(z.object({}));

/** Custom server → client notification: what was skipped and why (shown once per file). */
export const SKIPPED_FILE_NOTIFICATION = 'docwright/skippedFile';
export interface SkippedFileParams {
  uri: string;
  reason: string;
}

/** Custom request used by tests and tooling: the analysis summary of an open document. */
export const DOCUMENT_METRICS_REQUEST = 'docwright/documentMetrics';
export const documentMetricsParamsSchema = z.object({ uri: z.string() });
export type DocumentMetricsParams = z.infer<typeof documentMetricsParamsSchema>;

/** Sent with `initialize`: where to keep the cache and ledger, and whether the workspace is trusted. */
export const initializationOptionsSchema = z.object({
  storageDir: z.optional(z.string().check(z.minLength(1))),
  trusted: z.optional(z.boolean()),
  /** The client sends workspace/didChangeWatchedFiles for pyproject.toml itself, so the server registers no watcher. */
  watchesPyproject: z.optional(z.boolean()),
  /** The client runs INSERT_SNIPPET_COMMAND, so a generated docstring can arrive as a snippet. */
  snippetCommand: z.optional(z.boolean()),
});
export type InitializationOptions = z.infer<typeof initializationOptionsSchema>;

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
export const workspaceTrustParamsSchema = z.object({ trusted: z.boolean() });
export type WorkspaceTrustParams = z.infer<typeof workspaceTrustParamsSchema>;

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
/** File or folder URIs (file: scheme), inside the workspace folders. */
const rootsSchema = z.array(z.string().check(z.startsWith('file:', 'expected a file: URI'))).check(z.minLength(1));
export const planWorkspaceParamsSchema = z.object({
  roots: rootsSchema,
  /** Globs never documented (files.exclude + docwright.exclude); .gitignore is honoured too. */
  exclude: z.array(z.string()),
  only: z.enum(['missing', 'stale', 'all']),
  scope: z.enum(['public', 'all']),
});
export type PlanWorkspaceParams = z.infer<typeof planWorkspaceParamsSchema>;
export interface PlanSummary {
  planId: string;
  files: number;
  functions: number;
  missing: number;
  stale: number;
  /** New docstrings the run writes with placeholder text (the template's); 0 with an LLM provider. */
  placeholders: number;
  /** Missing and stale docstrings the run's `only` leaves out. */
  leftOut: { missing: number; stale: number };
  unreadable: number;
  /** Definitions that would be documented but do not parse (syntax errors): never written. */
  unparsed: number;
  provider: string;
  estimate?: { requests: number; promptTokens: number; maxTokens: number; usd: number; cacheHits: number; fits: boolean; remainingTokens: number; remainingUsd: number };
}

export const RUN_WORKSPACE_REQUEST = 'docwright/runWorkspace';
/**
 * `preview`: apply nothing as it goes. Once every file is computed, one workspace edit is sent
 * whose every edit needs confirmation, so the editor shows them all (VS Code: the Refactor
 * Preview) and the user keeps the files they want; the server then reads back, with
 * DOCUMENT_TEXTS_REQUEST, which edits were kept, and reports only those.
 */
export const runWorkspaceParamsSchema = z.object({ planId: z.string(), preview: z.optional(z.boolean()) });
export type RunWorkspaceParams = z.infer<typeof runWorkspaceParamsSchema>;
export interface RunWorkspaceResult {
  added: number;
  /** Of the added, how many carry placeholder text. */
  placeholders: number;
  updated: number;
  /** Computed but not applied: unticked in the preview, or the preview discarded. */
  declined: number;
  skipped: number;
  failed: number;
  cancelled: boolean;
  changedUris: string[];
  tokens: number;
  usd: number;
  cacheHits: number;
  markdown: string;
}

/** Server → client after a previewed edit: each document's current text (null when unreadable), to learn what was kept. */
export const DOCUMENT_TEXTS_REQUEST = 'docwright/documentTexts';
export interface DocumentTextsParams {
  uris: string[];
}
export interface DocumentTextsResult {
  texts: (string | null)[];
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
export const exportDocsParamsSchema = z.object({ roots: rootsSchema, exclude: z.array(z.string()) });
export type ExportDocsParams = z.infer<typeof exportDocsParamsSchema>;
export interface MarkdownResult {
  markdown: string;
}
