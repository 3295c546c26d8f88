import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  BatchProgressNotification, ChangelogRequest, DocumentTextsRequest, ExportDocsRequest, PlanWorkspaceRequest, RunWorkspaceRequest,
  type BatchProgressParams, type PlanSummary, type PlanWorkspaceParams, type RunWorkspaceResult,
} from '../../server/src/shared/protocol';
import type { Settings } from '../../server/src/shared/settings';
import { confirmationDetail, nothingToWrite, runSummary } from './batchMessages';
import { DocwrightConfig, excludedGlobs } from './config';
import { showReport } from './reports';

/**
 * Document Workspace / File / Folder: plan (with progress), show what it will do and cost,
 * one confirmation, run with a cancellable progress notification, save what changed, report.
 * The server does the work; this file only asks, shows and saves.
 */

export interface DocumentArgs {
  /** Skip the confirmation (tests, scripted use). */
  autoConfirm?: boolean;
  /** With autoConfirm: "Preview changes" rather than "Document". */
  preview?: boolean;
  only?: PlanWorkspaceParams['only'];
  scope?: PlanWorkspaceParams['scope'];
  /** Do not open the report document at the end. */
  quiet?: boolean;
  /** Cancel the run after this many files (tests of cancellation). */
  cancelAfterFiles?: number;
}

/** What the commands share: the client, the output channel, and who listens to the running plan's progress. */
interface Batch {
  context: vscode.ExtensionContext;
  client: LanguageClient;
  output: vscode.LogOutputChannel;
  progressListeners: Set<(p: BatchProgressParams) => void>;
}

export function registerBatchCommands(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.LogOutputChannel): void {
  const batch: Batch = { context, client, output, progressListeners: new Set() };
  const workspaceFolders = () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri);
  context.subscriptions.push(
    client.onNotification(BatchProgressNotification, (p) => batch.progressListeners.forEach((l) => l(p))),
    // After a previewed run the server asks what the files now read, to report only what the user kept.
    client.onRequest(DocumentTextsRequest, async (p) => ({ texts: await Promise.all(p.uris.map(currentText)) })),
    vscode.commands.registerCommand('docwright.documentWorkspace', (args?: DocumentArgs) => documentRoots(batch, workspaceFolders(), 'workspace', args)),
    vscode.commands.registerCommand('docwright.documentFile', (uri?: vscode.Uri, args?: DocumentArgs) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target) { void vscode.window.showWarningMessage('Docwright: open a Python file first.'); return undefined; }
      return documentRoots(batch, [target], 'file', args);
    }),
    vscode.commands.registerCommand('docwright.documentFolder', (uri?: vscode.Uri, args?: DocumentArgs) => {
      if (!(uri instanceof vscode.Uri)) return vscode.commands.executeCommand('docwright.documentWorkspace', args);
      return documentRoots(batch, [uri], 'folder', args);
    }),
    vscode.commands.registerCommand('docwright.exportChangelog', async () => {
      await showReport(context, 'changelog', (await client.sendRequest(ChangelogRequest)).markdown);
    }),
    vscode.commands.registerCommand('docwright.exportDocumentation', async () => {
      const roots = workspaceFolders().map((uri) => uri.toString());
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Docwright: exporting documentation…' },
        () => client.sendRequest(ExportDocsRequest, { roots, exclude: excludedGlobs() }));
      await showReport(context, 'documentation', result.markdown);
    }),
  );
}

async function documentRoots(batch: Batch, roots: vscode.Uri[], what: string, args: DocumentArgs = {}): Promise<RunWorkspaceResult | undefined> {
  if (roots.length === 0) { void vscode.window.showWarningMessage('Docwright: open a folder first.'); return undefined; }
  const config = DocwrightConfig.of(roots[0]);
  // What the server will use: an LLM provider only in a trusted workspace (it says so when it falls back).
  const template = config.get('llm.provider', 'template') === 'template' || !vscode.workspace.isTrusted;
  const only = args.only ?? (await pickInclude(config.get('batchInclude', 'ask'), template));
  if (!only) return undefined;
  const scope = args.scope ?? config.get('batchScope', 'public');
  const params: PlanWorkspaceParams = { roots: roots.map((r) => r.toString()), exclude: excludedGlobs(), only, scope };
  const plan = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Docwright: planning the ${what}…`, cancellable: true },
    (_, token) => batch.client.sendRequest(PlanWorkspaceRequest, params, token),
  );
  if (plan.functions === 0) {
    void vscode.window.showInformationMessage(nothingToWrite(plan, what));
    return undefined;
  }
  const choice = args.autoConfirm ? (args.preview ? 'preview' : 'document') : await confirm(plan, what);
  if (!choice) return undefined;
  const result = await run(batch, plan, args, choice === 'preview');
  if (!result) {
    void vscode.window.showWarningMessage('Docwright: the server no longer holds this plan (it was restarted); nothing was written. Try again.');
    return undefined;
  }
  await saveChanged(result.changedUris);
  batch.output.info(result.markdown);
  void vscode.window.showInformationMessage(runSummary(result));
  if (!args.quiet) await showReport(batch.context, 'workspace-report', result.markdown);
  return result;
}

async function run(batch: Batch, plan: PlanSummary, args: DocumentArgs, preview: boolean): Promise<RunWorkspaceResult | null> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Docwright: documenting', cancellable: true },
    async (progress, token) => {
      const source = new vscode.CancellationTokenSource();
      token.onCancellationRequested(() => source.cancel());
      const listener = progressReporter(plan, preview, progress, (p) => {
        if (args.cancelAfterFiles !== undefined && p.filesDone >= args.cancelAfterFiles) source.cancel();
      });
      batch.progressListeners.add(listener);
      try {
        return await batch.client.sendRequest(RunWorkspaceRequest, { planId: plan.planId, preview }, source.token);
      } finally {
        batch.progressListeners.delete(listener);
        source.dispose();
      }
    },
  );
}

/** Shows the plan's progress in the notification: files, docstrings, tokens, time left; `then` sees each update after. */
function progressReporter(
  plan: PlanSummary, preview: boolean, progress: vscode.Progress<{ message?: string; increment?: number }>, then: (p: BatchProgressParams) => void,
): (p: BatchProgressParams) => void {
  let last = 0;
  return (p) => {
    if (p.planId !== plan.planId) return;
    const percent = p.files ? (100 * p.filesDone) / p.files : 100;
    const eta = p.etaSeconds !== null && p.filesDone < p.files ? `, ~${p.etaSeconds} s left` : '';
    const review = preview && p.filesDone === p.files ? ' · review them in the Refactor Preview: tick the files to keep, then Apply' : '';
    progress.report({ increment: percent - last, message: `${p.filesDone} of ${p.files} files · ${p.docstrings} docstrings${p.tokens ? ` · ${p.tokens} tokens` : ''}${eta}${review}` });
    last = percent;
    then(p);
  };
}

type Only = PlanWorkspaceParams['only'];

/**
 * The template can complete existing docstrings well, but for a missing one it can only write a
 * placeholder: with it, completing is the first choice and placeholders must be asked for.
 */
async function pickInclude(setting: Settings['batchInclude'], template: boolean): Promise<Only | undefined> {
  if (setting === 'missing' || setting === 'stale' || setting === 'all') return setting;
  const items: (vscode.QuickPickItem & { value: Only })[] = template
    ? [
      { label: 'Complete existing docstrings', value: 'stale', description: 'add and drop entries of stale docstrings (DW401–DW408)' },
      { label: 'Insert placeholders', value: 'all', description: 'also insert a TODO docstring wherever one is missing; an LLM provider writes descriptions instead' },
      { label: 'Insert placeholders only', value: 'missing', description: 'TODO docstrings where one is missing; stale ones left as they are' },
    ]
    : [
      { label: 'Missing and stale', value: 'all', description: 'add missing docstrings, update stale ones' },
      { label: 'Missing only', value: 'missing' },
      { label: 'Stale only', value: 'stale', description: 'DW401–DW408' },
    ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Docwright: what to document' });
  return picked?.value;
}

async function confirm(plan: PlanSummary, what: string): Promise<'document' | 'preview' | undefined> {
  const e = plan.estimate;
  const go = e && !e.fits ? 'Document what fits' : 'Document';
  const preview = 'Preview changes';
  const answer = await vscode.window.showInformationMessage(`Docwright: document the ${what}?`, { modal: true, detail: confirmationDetail(plan) }, go, preview);
  return answer === go ? 'document' : answer === preview ? 'preview' : undefined;
}

async function saveChanged(uris: string[]): Promise<void> {
  for (const uri of uris) {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) ?? await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    if (document.isDirty) await document.save();
  }
}

/** A document's text as the editor has it (unsaved changes included), else as on disk. */
async function currentText(uri: string): Promise<string | null> {
  const target = vscode.Uri.parse(uri);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === target.scheme && d.uri.fsPath === target.fsPath);
  if (open) return open.getText();
  try {
    // As the server reads files: without a byte-order mark.
    return Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8').replace(/^\ufeff/, '');
  } catch {
    return null;
  }
}
