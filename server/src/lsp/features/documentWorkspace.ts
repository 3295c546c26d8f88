import * as nodePath from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AnnotatedTextEdit, ApplyWorkspaceEditParams, CancellationToken, ChangeAnnotation, Connection, TextDocumentEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Parser } from 'web-tree-sitter';
import type { PythonAnalyzer } from '../../core/analysis/analyzer';
import {
  appliedEdits, placeholdersOf, planWorkspace, reportMarkdown, runWorkspace, settlePreview,
  type BatchReport, type ChangeRecord, type FileEdit, type FileUpdate, type Host, type Plan, type SourceFile, type Tools,
} from '../../core/documenting';
import { readSourceFile } from '../../workspace/sourceFile';
import { collectFiles, type ExcludeRule } from '../../workspace/files';
import type { DocstringProvider } from '../../core/docstring/provider';
import type { LlmProvider } from '../../workspace/llm/provider';
import type { DocumentStore } from '../documents';
import {
  BatchProgressNotification, DocumentTextsRequest, PlanWorkspaceRequest, RunWorkspaceRequest,
  planWorkspaceParamsSchema, runWorkspaceParamsSchema,
  type BatchProgressParams, type DocumentTextsParams, type PlanSummary, type PlanWorkspaceParams, type RunWorkspaceParams, type RunWorkspaceResult,
} from '../../shared/protocol';
import type { Settings } from '../../shared/settings';
import { appendChange } from '../../workspace/changelog';
import { onCheckedRequest } from '../requests';
import { confinedRoots, readableUnder } from '../roots';
import type { Session } from '../session';
import type { ProjectClasses } from '../../workspace/projectClasses';

/**
 * Document Workspace / File / Folder: file URIs in, plan and run through core/documenting, edits
 * out. A plan is computed first (nothing written) and kept until the client runs it.
 */

export function register(connection: Connection, session: Session): void {
  const runs = new BatchRuns();
  session.own(runs);

  onCheckedRequest(connection, PlanWorkspaceRequest, planWorkspaceParamsSchema, async (params, token) => {
    const roots = confinedRoots(session, params.roots, PlanWorkspaceRequest.method);
    const first = params.roots[0]!;
    const firstPath = roots[0]!;
    const settings = await session.settings.for(first);
    const options = session.settings.writingOptions(firstPath, settings, session.documents.get(first)?.document.getText());
    const llm = session.llm.for(settings);
    return runs.plan(params, {
      connection, store: session.documents, parser: session.fileParser, analyzer: session.analyzer, settings,
      exclude: session.settings.excludeRules(firstPath, settings, params.exclude),
      readable: readableUnder(session, roots),
      options: { ...options, staleChecks: settings.staleChecks },
      provider: llm?.provider ?? session.template, ...(llm ? { llm: llm.provider } : {}),
      changelogFile: session.storage.changelog,
      projectClasses: session.projectClasses,
    }, token);
  });

  onCheckedRequest(connection, RunWorkspaceRequest, runWorkspaceParamsSchema, (params, token) => runs.run(params, token));
}

export interface BatchContext {
  connection: Connection;
  store: DocumentStore;
  parser: Parser;
  analyzer: PythonAnalyzer;
  settings: Settings;
  /** What the run skips (the exclude setting and the editor's files.exclude), each with its base folder. */
  exclude: ExcludeRule[];
  /** Whether a collected file may be read: false for one a symlink leads outside the workspace folders. */
  readable: (file: string) => boolean;
  options: Tools['options'];
  provider: DocstringProvider;
  llm?: LlmProvider;
  changelogFile: string;
  /** Other modules' exception classes, as the diagnostics see them. */
  projectClasses: ProjectClasses;
}

/** Plans waiting to be run, by id; one per session. */
class BatchRuns {
  private readonly plans = new Map<string, { plan: Plan; context: BatchContext }>();
  private next = 1;

  plan(params: PlanWorkspaceParams, ctx: BatchContext, token: CancellationToken): Promise<PlanSummary> {
    return planRequest(params, ctx, token, String(this.next++), (id, plan) => this.plans.set(id, { plan, context: ctx }));
  }

  run(params: RunWorkspaceParams, token: CancellationToken): Promise<RunWorkspaceResult | null> {
    const entry = this.plans.get(params.planId);
    if (!entry) return Promise.resolve(null);
    this.plans.delete(params.planId);
    return runRequest(params, entry.plan, entry.context, token);
  }

  dispose(): void {
    this.plans.clear();
  }
}

const toPath = (uri: string) => fileURLToPath(uri);
const toUri = (file: string) => pathToFileURL(file).toString();
/** A file URI at a line (`#L12`, which VS Code's Markdown preview and most viewers follow); a notebook's cells have no such fragment. */
const lineLink = (file: string, place?: { line: number; cell?: number }) => `${toUri(file)}${place && place.cell === undefined ? `#L${place.line}` : ''}`;

/** A file as the editor has it: an open document's text and version, else the file on disk (version null). */
interface EditorSource extends SourceFile {
  version: number | null;
}

function readEditorSource(ctx: BatchContext, file: string): EditorSource | { skip: string } {
  const open = ctx.store.get(toUri(file));
  if (open) return { text: open.document.getText(), kind: 'python', version: open.document.version };
  const read = readSourceFile(file, ctx.settings.maxFileSizeKb);
  return 'skip' in read ? read : { text: read.text, kind: read.kind, version: null };
}

/** The editor as the orchestrator's host: files read as the editor has them, each file's update applied as one workspace edit. */
function host(ctx: BatchContext, planId: string, signal: AbortSignal): Host<EditorSource> {
  return {
    signal,
    read: (file) => readEditorSource(ctx, file),
    async apply(update) {
      const result = await ctx.connection.workspace.applyEdit({ label: EDIT_LABEL, edit: { documentChanges: [documentChange(update)] } });
      return result.applied;
    },
    progress(update) {
      const stats = ctx.llm?.stats;
      const params: BatchProgressParams = { planId, ...update, tokens: stats ? stats.promptTokens + stats.completionTokens : 0 };
      void ctx.connection.sendNotification(BatchProgressNotification, params);
    },
  };
}

const EDIT_LABEL = 'Docwright: document workspace';

function documentChange(update: FileUpdate<EditorSource>, annotate?: (edit: FileEdit) => string): TextDocumentEdit {
  const uri = toUri(update.file);
  const doc = TextDocument.create(uri, update.source.kind === 'notebook' ? 'json' : 'python', update.source.version ?? 0, update.source.text);
  return {
    textDocument: { uri, version: update.source.version },
    edits: update.edits.map((e) => {
      const edit = { range: { start: doc.positionAt(e.edit.start), end: doc.positionAt(e.edit.end) }, newText: e.edit.newText };
      return annotate ? { ...edit, annotationId: annotate(e) } satisfies AnnotatedTextEdit : edit;
    }),
  };
}

/** Like `host`, but a file's update is held for the preview instead of applied. */
function previewHost(ctx: BatchContext, planId: string, signal: AbortSignal, pending: FileUpdate<EditorSource>[]): Host<EditorSource> {
  const live = host(ctx, planId, signal);
  return {
    ...live,
    async apply(update) {
      // As applyEdit would: a document that changed since it was read is computed again.
      const open = ctx.store.get(toUri(update.file));
      if ((open ? open.document.version : null) !== update.source.version) return false;
      pending.push(update);
      return true;
    },
  };
}

/**
 * What the preview calls an edit; edits of one kind form one group there. A Python file's edit
 * writes one docstring; a notebook's writes a cell's, and is named after the first of them.
 */
function annotationFor(edit: FileEdit): ChangeAnnotation {
  const change = edit.changes[0]!;
  const label = change.kind === 'updated' ? 'Update docstrings' : change.placeholder ? 'Insert placeholder docstrings (TODO text)' : 'Add docstrings';
  return { label, description: edit.changes.map((c) => c.qualname).join(', '), needsConfirmation: true };
}

/** Every pending edit in one workspace edit, each needing confirmation, so the editor shows them all before applying any. */
function previewEdit(pending: FileUpdate<EditorSource>[]): ApplyWorkspaceEditParams {
  const changeAnnotations: Record<string, ChangeAnnotation> = {};
  let next = 0;
  const documentChanges = pending.map((p) => documentChange(p, (edit) => {
    const id = `docwright-${next++}`;
    changeAnnotations[id] = annotationFor(edit);
    return id;
  }));
  return { label: EDIT_LABEL, edit: { documentChanges, changeAnnotations } };
}

/**
 * Shows the run's changes in the preview and settles the report on what the user kept: the
 * editor says only whether it applied anything, so each file's text is read back and matched,
 * edit by edit, against what was computed.
 */
async function settleInPreview(ctx: BatchContext, report: BatchReport, pending: FileUpdate<EditorSource>[]): Promise<BatchReport> {
  if (pending.length === 0) return report;
  if (report.cancelled) return settlePreview(report, new Set(), [], 'Cancelled before the preview opened: nothing was applied.');
  const result = await ctx.connection.workspace.applyEdit(previewEdit(pending));
  if (!result.applied) return settlePreview(report, new Set(), [], 'The preview was discarded (or a file changed before it opened): nothing was applied.');
  const params: DocumentTextsParams = { uris: pending.map((p) => toUri(p.file)) };
  const texts = (await ctx.connection.sendRequest(DocumentTextsRequest, params).catch(() => null))?.texts;
  const kept = new Set<ChangeRecord>();
  const failed: { file: string; reason: string }[] = [];
  pending.forEach((p, i) => {
    const now = texts?.[i];
    const applied = typeof now === 'string' ? appliedEdits(p.source.text, p.edits.map((e) => e.edit), now) : undefined;
    if (applied) p.edits.forEach((e, j) => { if (applied[j]) for (const c of e.changes) kept.add(c); });
    else failed.push({ file: p.file, reason: typeof now !== 'string'
      ? 'the editor did not give its text back after the preview, so what it kept is unknown; check it'
      : 'its text after the preview matches none of the computed edits (it changed otherwise); check it' });
  });
  const declined = pending.reduce((n, p) => n + p.edits.reduce((m, e) => m + e.changes.length, 0), 0) - kept.size;
  return settlePreview(report, kept, failed, `Previewed: ${kept.size} changes applied, ${declined} left out${failed.length ? `, ${failed.length} files not matched` : ''}.`);
}

function tools(ctx: BatchContext): Tools {
  return {
    parser: ctx.parser, analyzer: ctx.analyzer, settings: ctx.settings, options: ctx.options, modulePath: (f) => f.split(nodePath.sep).join('/'),
    foreignFor: (f) => ctx.projectClasses.forFile(f).foreign,
  };
}

async function planRequest(
  params: PlanWorkspaceParams, ctx: BatchContext, token: CancellationToken, planId: string, keep: (id: string, plan: Plan) => void,
): Promise<PlanSummary> {
  const roots = params.roots.map(toPath);
  const collected = collectFiles(roots, ctx.exclude, nodePath.dirname(roots[0] ?? '/'), { gitignore: true, notebooks: true });
  const files: string[] = [];
  const outside: string[] = [];
  for (const file of collected.files) (ctx.readable(file) ? files : outside).push(file);
  const controller = new AbortController();
  token.onCancellationRequested(() => controller.abort());
  const plan = await planWorkspace(files, host(ctx, planId, controller.signal), tools(ctx), { only: params.only, scope: params.scope }, ctx.llm);
  for (const file of outside) plan.skippedFiles.push({ file, reason: 'it leads outside the workspace folders (a symlink): not followed' });
  keep(planId, plan);
  const summary: PlanSummary = {
    planId, files: plan.files.length, functions: plan.functions, missing: plan.missing, stale: plan.stale,
    // The template writes every new docstring as a placeholder; an LLM writes descriptions.
    placeholders: ctx.llm ? 0 : plan.missing, leftOut: plan.leftOut,
    unreadable: plan.skippedFiles.length, unparsed: plan.unparsed.length, provider: ctx.llm ? ctx.llm.id : 'template',
  };
  const e = plan.estimate;
  if (e) summary.estimate = { requests: e.requests, promptTokens: e.promptTokens, maxTokens: e.maxTokens, usd: e.usd, cacheHits: e.cacheHits, fits: e.fits, remainingTokens: e.remaining.tokens, remainingUsd: e.remaining.usd };
  return summary;
}

async function runRequest(params: RunWorkspaceParams, plan: Plan, ctx: BatchContext, token: CancellationToken): Promise<RunWorkspaceResult> {
  const controller = new AbortController();
  token.onCancellationRequested(() => controller.abort());
  const run = `workspace-${new Date().toISOString()}`;
  ctx.llm?.beginRun(run);
  const stats = () => ctx.llm?.stats;
  const pending: FileUpdate<EditorSource>[] = [];
  const batchHost = params.preview ? previewHost(ctx, params.planId, controller.signal, pending) : host(ctx, params.planId, controller.signal);
  const computed = await runWorkspace(plan, batchHost, tools(ctx), ctx.provider);
  const report = params.preview ? await settleInPreview(ctx, computed, pending) : computed;
  const provider = ctx.llm ? ctx.llm.id : 'template';
  for (const { file, qualname, kind } of [...report.added, ...report.updated]) appendChange(ctx.changelogFile, { file, qualname, kind, run, provider });
  const tokens = stats() ? stats()!.promptTokens + stats()!.completionTokens : 0;
  const usd = stats()?.usd ?? 0;
  const cacheHits = stats()?.cacheHits ?? 0;
  const root = commonDir(plan.files.map((f) => f.file));
  return {
    added: report.added.length, placeholders: placeholdersOf(report.added), updated: report.updated.length, declined: report.declined.length,
    skipped: report.skipped.length, failed: report.failed.length,
    cancelled: report.cancelled, changedUris: report.changedFiles.map(toUri), tokens, usd, cacheHits,
    markdown: reportMarkdown(report, plan, { provider, tokens, usd, cacheHits }, (f) => nodePath.relative(root, f) || f, lineLink),
  };
}

function commonDir(files: string[]): string {
  if (files.length === 0) return '/';
  let dir = nodePath.dirname(files[0]!);
  while (!files.every((f) => f.startsWith(dir + nodePath.sep)) && nodePath.dirname(dir) !== dir) dir = nodePath.dirname(dir);
  return dir;
}
