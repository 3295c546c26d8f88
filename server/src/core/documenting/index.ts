/**
 * Documenting a set of files, for both hosts (the CLI's `document`, the editor's Document
 * Workspace): plan (planWorkspace), estimate (an Estimator over the recorded requests), run
 * (runWorkspace, or documentOne for plan and run on one reading) and report, over a Host that
 * reads files, applies one file's edits all or nothing, shows progress and cancels.
 */
export type {
  BatchReport, ChangeRecord, ChangedPart, Choice, FileEdit, FileUpdate, Host, Place, Plan, PlannedFile, PlannedSlot, Progress,
  ReadResult, Refusal, Scope, SourceFile, SourceKind, TextSplice, Tools,
} from './model';
export { recordingProvider, type Estimate, type Estimator, type Recorder } from './estimate';
export { addFile, emptyPlan, planOne, planWorkspace, type FileSurvey } from './plan';
export { documentOne, KEPT_CHANGING, runOne, runWorkspace, type FileRun, type RunOptions } from './run';
export { CHANGED_SINCE_PLAN, included, signatureOf, slotsFor } from './slots';
export { PARSER_GAVE_UP } from './units';
export { appliedEdits, settlePreview } from './preview';
export { placeholdersOf, reportMarkdown } from './report';
