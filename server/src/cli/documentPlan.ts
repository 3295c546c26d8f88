import type { DocumentFileResult, DocumentJobOptions } from './documentJob';
import type { ReportFormat } from './output/report';
import type { ResolvedProject } from './project';
import type { WorkerJob } from './worker';

/** What a `document` run was asked, once its flags and project are read. */
export interface DocumentPlan {
  jobs: WorkerJob[];
  resolved: ResolvedProject;
  options: DocumentJobOptions;
  format: ReportFormat;
  check: boolean;
  estimate: boolean;
  /** The style and where it came from, as the summary says it. */
  style: string;
  /** Entries the walk did not take, reported with the results. */
  walkSkips: DocumentFileResult[];
}
