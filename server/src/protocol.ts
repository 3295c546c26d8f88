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
