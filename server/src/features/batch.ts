import * as nodePath from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Parser } from 'web-tree-sitter';
import type { PythonAnalyzer } from '../analysis/analyzer';
import { decodePython } from '../analysis/source';
import { readRegularFile } from '../workspace/read';
import { planWorkspace, reportMarkdown, runWorkspace, type BatchHost, type BatchTools, type Plan } from '../batch/workspace';
import { collectFiles, type ExcludeRule } from '../cli/files';
import type { DocstringProvider } from '../docstring/provider';
import type { LlmProvider } from '../llm/provider';
import type { DocumentStore } from '../parsing/documents';
import {
  BATCH_PROGRESS_NOTIFICATION, type BatchProgressParams, type PlanSummary, type PlanWorkspaceParams, type RunWorkspaceResult,
} from '../protocol';
import type { Settings } from '../settings';
import { appendChange } from '../report/changelog';

/** LSP side of Document Workspace: file URIs in, plan and run through the batch module, edits out. */

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
  options: BatchTools['options'];
  provider: DocstringProvider;
  llm?: LlmProvider;
  changelogFile: string;
}

/** Plans waiting to be run, by id; one per server. */
export class BatchRuns {
  private readonly plans = new Map<string, { plan: Plan; context: BatchContext }>();
  private next = 1;

  plan(params: PlanWorkspaceParams, ctx: BatchContext, token: CancellationToken): Promise<PlanSummary> {
    return planRequest(params, ctx, token, String(this.next++), (id, plan) => this.plans.set(id, { plan, context: ctx }));
  }

  run(planId: string, token: CancellationToken): Promise<RunWorkspaceResult | null> {
    const entry = this.plans.get(planId);
    if (!entry) return Promise.resolve(null);
    this.plans.delete(planId);
    return runRequest(planId, entry.plan, entry.context, token);
  }
}

const toPath = (uri: string) => fileURLToPath(uri);
const toUri = (file: string) => pathToFileURL(file).toString();

function host(ctx: BatchContext, planId: string): BatchHost {
  return {
    read(file) {
      const open = ctx.store.get(toUri(file));
      if (open) return { text: open.document.getText(), version: open.document.version };
      const read = readRegularFile(file, ctx.settings.maxFileSizeKb);
      if (!read.ok) return { skip: read.reason };
      const decoded = decodePython(read.bytes);
      if (!decoded.ok) return { skip: decoded.reason };
      if (decoded.encoding !== 'utf-8') return { skip: `the file is ${decoded.encoding}; Docwright writes UTF-8 files only` };
      return { text: decoded.text, version: null };
    },
    async apply(file, source, edits) {
      const doc = TextDocument.create(toUri(file), 'python', source.version ?? 0, source.text);
      const result = await ctx.connection.workspace.applyEdit({
        label: 'Docwright: document workspace',
        edit: {
          documentChanges: [{
            textDocument: { uri: toUri(file), version: source.version },
            edits: edits.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText })),
          }],
        },
      });
      return result.applied;
    },
    progress(update) {
      const params: BatchProgressParams = { planId, ...update };
      void ctx.connection.sendNotification(BATCH_PROGRESS_NOTIFICATION, params);
    },
  };
}

function tools(ctx: BatchContext): BatchTools {
  return { parser: ctx.parser, analyzer: ctx.analyzer, settings: ctx.settings, options: ctx.options, modulePath: (f) => f.split(nodePath.sep).join('/') };
}

async function planRequest(
  params: PlanWorkspaceParams, ctx: BatchContext, token: CancellationToken, planId: string, keep: (id: string, plan: Plan) => void,
): Promise<PlanSummary> {
  const roots = params.roots.map(toPath);
  const collected = collectFiles(roots, ctx.exclude, nodePath.dirname(roots[0] ?? '/'), { gitignore: true });
  const files: string[] = [];
  const outside: string[] = [];
  for (const file of collected.files) (ctx.readable(file) ? files : outside).push(file);
  const controller = new AbortController();
  token.onCancellationRequested(() => controller.abort());
  const estimator = ctx.llm ? { provider: ctx.llm, estimate: (rs: Parameters<LlmProvider['estimate']>[0]) => ctx.llm!.estimate(rs) } : undefined;
  const plan = await planWorkspace(files, host(ctx, planId), tools(ctx), params.only, params.scope, estimator, controller.signal);
  for (const file of outside) plan.skippedFiles.push({ file, reason: 'it leads outside the workspace folders (a symlink): not followed' });
  keep(planId, plan);
  const summary: PlanSummary = {
    planId, files: plan.files.length, functions: plan.functions, missing: plan.missing, stale: plan.stale,
    unreadable: plan.skippedFiles.length, unparsed: plan.unparsed.length, provider: ctx.llm ? ctx.llm.id : 'template',
  };
  const e = plan.estimate;
  if (e) summary.estimate = { requests: e.requests, promptTokens: e.promptTokens, maxTokens: e.maxTokens, usd: e.usd, cacheHits: e.cacheHits, fits: e.fits, remainingTokens: e.remaining.tokens, remainingUsd: e.remaining.usd };
  return summary;
}

async function runRequest(planId: string, plan: Plan, ctx: BatchContext, token: CancellationToken): Promise<RunWorkspaceResult> {
  const controller = new AbortController();
  token.onCancellationRequested(() => controller.abort());
  const run = `workspace-${new Date().toISOString()}`;
  ctx.llm?.beginRun(run);
  const stats = () => ctx.llm?.stats;
  const report = await runWorkspace(plan, host(ctx, planId), tools(ctx), ctx.provider, controller.signal,
    () => (stats() ? stats()!.promptTokens + stats()!.completionTokens : 0));
  const provider = ctx.llm ? ctx.llm.id : 'template';
  for (const c of [...report.added, ...report.updated]) appendChange(ctx.changelogFile, { ...c, run, provider });
  const tokens = stats() ? stats()!.promptTokens + stats()!.completionTokens : 0;
  const usd = stats()?.usd ?? 0;
  const cacheHits = stats()?.cacheHits ?? 0;
  const root = commonDir(plan.files.map((f) => f.file));
  return {
    added: report.added.length, updated: report.updated.length, skipped: report.skipped.length, failed: report.failed.length,
    cancelled: report.cancelled, changedUris: report.changedFiles.map(toUri), tokens, usd, cacheHits,
    markdown: reportMarkdown(report, plan, { provider, tokens, usd, cacheHits }, (f) => nodePath.relative(root, f) || f),
  };
}

function commonDir(files: string[]): string {
  if (files.length === 0) return '/';
  let dir = nodePath.dirname(files[0]!);
  while (!files.every((f) => f.startsWith(dir + nodePath.sep)) && nodePath.dirname(dir) !== dir) dir = nodePath.dirname(dir);
  return dir;
}
