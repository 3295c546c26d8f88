// zod/mini: the client bundles these schemas too, and the full zod would double its size.
import * as z from 'zod/mini';
import { NotificationType, NotificationType0, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

/**
 * The custom LSP messages (docwright/*) of the server and the client: each as a typed
 * RequestType or NotificationType, which both sides and the tests register and send, so a
 * message's parameters and result are checked at every end. For what the client sends, the zod
 * schema its parameters must satisfy (the server answers InvalidParams naming the field
 * otherwise), the type read from it. No other server code, so the client bundle stays free of
 * server dependencies. The settings schema is in settings.ts.
 */

export type { Settings, SeverityName } from './settings';

/** The configuration section of every setting (`docwright.*`), as the client syncs and the server pulls it. */
export const SETTINGS_SECTION = 'docwright';

/** Requests and notifications that take no parameters: none, null, or an (ignored) object. */
export const noParamsSchema = z.nullish(z.object({}));
export type NoParams = z.infer<typeof noParamsSchema>;

/** Custom server → client notification: what was skipped and why (shown once per file). */
export interface SkippedFileParams {
  uri: string;
  reason: string;
}
export const SkippedFileNotification = new NotificationType<SkippedFileParams>('docwright/skippedFile');

/** Custom request used by tests and tooling: the analysis summary of an open document. */
export const documentMetricsParamsSchema = z.object({ uri: z.string() });
export type DocumentMetricsParams = z.infer<typeof documentMetricsParamsSchema>;
export interface DocumentMetricsResult {
  openDocuments: number;
  /** Open documents holding a syntax tree (the others were evicted or skipped). */
  trees: number;
  /** Null when the document is not open. */
  version: number | null;
  skipped: string | null;
  /** The module's own top-level code (every metric is sent; these are the ones named here). */
  module: { cyclomatic: number; cognitive: number; nesting: number; lines: number } | null;
  definitions: { qualname: string; kind: string; line: number; cyclomatic: number; cognitive: number; nesting: number }[];
}
export const DocumentMetricsRequest = new RequestType<DocumentMetricsParams, DocumentMetricsResult, void>('docwright/documentMetrics');

/** Sent with `initialize`: where to keep the cache and ledger, and whether the workspace is trusted. */
export const initializationOptionsSchema = z.object({
  storageDir: z.optional(z.string().check(z.minLength(1))),
  trusted: z.optional(z.boolean()),
  /** The client sends workspace/didChangeWatchedFiles for pyproject.toml itself, so the server registers no watcher. */
  watchesPyproject: z.optional(z.boolean()),
  /** The client runs INSERT_SNIPPET_COMMAND, so a generated docstring can arrive as a snippet. */
  snippetCommand: z.optional(z.boolean()),
  /** The client runs SHOW_CODE_DESCRIPTION_COMMAND, so a diagnostic's code links to it rather than to the raw docs/codes.md. */
  codeDescriptionCommand: z.optional(z.boolean()),
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
export interface ApiKeyParams {
  provider: 'openai' | 'azure' | 'compatible';
}
export interface ApiKeyResult {
  key: string | null;
}
/** A client may answer null: no key. */
export const ApiKeyRequest = new RequestType<ApiKeyParams, ApiKeyResult | null, void>('docwright/apiKey');

/** Client → server: the key was set or cleared, or the workspace became trusted. */
export const CredentialsChangedNotification = new NotificationType0('docwright/credentialsChanged');
export const workspaceTrustParamsSchema = z.object({ trusted: z.boolean() });
export type WorkspaceTrustParams = z.infer<typeof workspaceTrustParamsSchema>;
export const WorkspaceTrustNotification = new NotificationType<WorkspaceTrustParams>('docwright/workspaceTrust');

/** Server → client after each LLM run: what was spent, for the status bar. */
export interface UsageParams {
  todayTokens: number;
  todayUsd: number;
  runTokens: number;
  runUsd: number;
  cacheHits: number;
  model: string;
}
export const UsageNotification = new NotificationType<UsageParams>('docwright/usage');

/** Client → server requests behind the usage and cache commands. */
export interface UsageReportResult {
  markdown: string;
}
export const UsageReportRequest = new RequestType0<UsageReportResult, void>('docwright/usageReport');
export interface ClearCacheResult {
  removed: number;
}
export const ClearCacheRequest = new RequestType0<ClearCacheResult, void>('docwright/clearCache');

/** Document workspace / file / folder: plan first (nothing written), then run the plan. */
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
export const PlanWorkspaceRequest = new RequestType<PlanWorkspaceParams, PlanSummary, void>('docwright/planWorkspace');

/**
 * `preview`: apply nothing as it goes. Once every file is computed, one workspace edit is sent
 * whose every edit needs confirmation, so the editor shows them all (VS Code: the Refactor
 * Preview) and the user keeps the files they want; the server then reads back, with
 * DocumentTextsRequest, which edits were kept, and reports only those.
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
/** Null for a plan the server does not hold (already run, or planned before a restart). */
export const RunWorkspaceRequest = new RequestType<RunWorkspaceParams, RunWorkspaceResult | null, void>('docwright/runWorkspace');

/** Server → client after a previewed edit: each document's current text (null when unreadable), to learn what was kept. */
export interface DocumentTextsParams {
  uris: string[];
}
export interface DocumentTextsResult {
  texts: (string | null)[];
}
export const DocumentTextsRequest = new RequestType<DocumentTextsParams, DocumentTextsResult, void>('docwright/documentTexts');

/** Server → client while a plan runs. */
export interface BatchProgressParams {
  planId: string;
  filesDone: number;
  files: number;
  docstrings: number;
  tokens: number;
  etaSeconds: number | null;
}
export const BatchProgressNotification = new NotificationType<BatchProgressParams>('docwright/batchProgress');

/** Markdown of every docstring change Docwright made (the changelog) / of the API. */
export interface MarkdownResult {
  markdown: string;
}
export const ChangelogRequest = new RequestType0<MarkdownResult, void>('docwright/changelog');
export const exportDocsParamsSchema = z.object({ roots: rootsSchema, exclude: z.array(z.string()) });
export type ExportDocsParams = z.infer<typeof exportDocsParamsSchema>;
export const ExportDocsRequest = new RequestType<ExportDocsParams, MarkdownResult, void>('docwright/exportDocs');

/** How long something took, over the most recent samples (null before the first). */
export interface TimingFigures {
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
}
/** A cache's lookups since the start; `hitRate` is hits / (hits + misses), null before the first. */
export interface HitFigures {
  hits: number;
  misses: number;
  hitRate: number | null;
}
/** The LLM circuit breaker's state; `unused` while no provider was made. */
export type BreakerState = 'closed' | 'open' | 'halfOpen' | 'isolated' | 'unused';
/**
 * What a host (the language server, one CLI run) measured of itself, for a user reporting a
 * slowdown: the same figures and the same formatter in both hosts.
 */
export interface StatusFigures {
  host: 'server' | 'cli';
  version: string;
  uptimeMs: number;
  parse: TimingFigures;
  analysis: TimingFigures;
  /** The server's open documents and how many hold a syntax tree. */
  documents?: { open: number; trees: number };
  /** A CLI run's files: analysed, and taken from the result cache. */
  files?: { analysed: number; cached: number };
  memory: { rssMb: number; heapUsedMb: number; externalMb: number };
  /** The server: analyses reused for an unchanged version; the CLI: the on-disk result cache. */
  resultCache: HitFigures;
  answerCache: HitFigures;
  llm: {
    /** HTTP attempts (retries included) and how long each took. */
    attempts: number;
    latency: TimingFigures;
    errors: number;
    errorRate: number | null;
    retries: number;
    breaker: BreakerState;
    /** What the usage ledger says was spent today. */
    today: { tokens: number; usd: number };
  };
}
export interface StatusResult {
  figures: StatusFigures;
  /** The figures as Docwright: Show Status renders them. */
  markdown: string;
}
export const StatusRequest = new RequestType0<StatusResult, void>('docwright/status');

/** Client → server: the docstring coverage of the workspace (as `docwright coverage` counts it), for the language status item. */
export const workspaceCoverageParamsSchema = z.object({ roots: rootsSchema, exclude: z.array(z.string()) });
export type WorkspaceCoverageParams = z.infer<typeof workspaceCoverageParamsSchema>;
export interface WorkspaceCoverageResult {
  documented: number;
  total: number;
  /** Docstrings still placeholder text (DW501): counted, not documented. */
  placeholders: number;
  /** In percent; 100 when there is nothing to document. */
  coverage: number;
  files: number;
  /** Files that could not be read or parsed. */
  skipped: number;
}
export const WorkspaceCoverageRequest = new RequestType<WorkspaceCoverageParams, WorkspaceCoverageResult, void>('docwright/workspaceCoverage');

/** A place in a document and what it says, for the client commands below. */
export interface LocatedItem {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  label: string;
  detail?: string;
}

/**
 * A client command (our VS Code client's), run by a complexity lens: lists a definition's
 * cognitive increments; choosing one goes to its line.
 */
export const SHOW_INCREMENTS_COMMAND = 'docwright.showIncrements';
export interface ShowIncrementsArgs {
  uri: string;
  qualname: string;
  cognitive: number;
  increments: LocatedItem[];
}

/**
 * A client command run by the "Show refactoring plan" code action: the extractions that lower a
 * function's cognitive complexity most, best first; choosing one selects its lines. Nothing is edited.
 */
export const SHOW_REFACTOR_PLAN_COMMAND = 'docwright.showRefactorPlan';
export interface RefactorPlanArgs {
  uri: string;
  qualname: string;
  steps: LocatedItem[];
}

/** A client command: switches `docwright.inlayHints`. */
export const TOGGLE_INLAY_HINTS_COMMAND = 'docwright.toggleInlayHints';

/**
 * A client command (our VS Code client's): shows a code's description from docs/codes.md,
 * rendered, at that code. A diagnostic's code links to it as a command URI (VS Code opens
 * those from the Problems view and the hover); other clients get docs/codes.md#code.
 */
export const SHOW_CODE_DESCRIPTION_COMMAND = 'docwright.showCodeDescription';
export function codeDescriptionCommandUri(code: string): string {
  return `command:${SHOW_CODE_DESCRIPTION_COMMAND}?${encodeURIComponent(JSON.stringify([code]))}`;
}

/** Search Documentation: the workspace index's best matches for a query (names and what docstrings say). */
export const searchDocsParamsSchema = z.object({ query: z.string(), limit: z.optional(z.number().check(z.int(), z.positive())) });
export type SearchDocsParams = z.infer<typeof searchDocsParamsSchema>;
export interface SearchDocsHit {
  qualname: string;
  name: string;
  kind: 'module' | 'class' | 'function' | 'method';
  module: string;
  uri: string;
  /** 0-based, of the definition's name. */
  line: number;
  column: number;
  signature: string;
  summary: string;
  score: number;
}
export interface SearchDocsResult {
  hits: SearchDocsHit[];
  /** False while the workspace is still being indexed in the background: results may be partial. */
  complete: boolean;
  files: number;
  entries: number;
}
export const SearchDocsRequest = new RequestType<SearchDocsParams, SearchDocsResult, void>('docwright/searchDocumentation');
