import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  BATCH_PROGRESS_NOTIFICATION, CHANGELOG_REQUEST, DOCUMENT_TEXTS_REQUEST, EXPORT_DOCS_REQUEST, PLAN_WORKSPACE_REQUEST, RUN_WORKSPACE_REQUEST,
  type BatchProgressParams, type DocumentTextsParams, type DocumentTextsResult, type MarkdownResult, type PlanSummary, type PlanWorkspaceParams,
  type RunWorkspaceParams, type RunWorkspaceResult,
} from '../../server/src/shared/protocol';
import { confirmationDetail, nothingToWrite, runSummary } from './batchMessages';

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

export function registerBatchCommands(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.LogOutputChannel): void {
  const progressListeners = new Set<(p: BatchProgressParams) => void>();
  context.subscriptions.push(
    client.onNotification(BATCH_PROGRESS_NOTIFICATION, (p: BatchProgressParams) => progressListeners.forEach((l) => l(p))),
    // After a previewed run the server asks what the files now read, to report only what the user kept.
    client.onRequest(DOCUMENT_TEXTS_REQUEST, async (p: DocumentTextsParams): Promise<DocumentTextsResult> => ({ texts: await Promise.all(p.uris.map(currentText)) })),
    vscode.commands.registerCommand('docwright.documentWorkspace', (args?: DocumentArgs) =>
      documentRoots((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri), 'workspace', args)),
    vscode.commands.registerCommand('docwright.documentFile', (uri?: vscode.Uri, args?: DocumentArgs) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target) { void vscode.window.showWarningMessage('Docwright: open a Python file first.'); return undefined; }
      return documentRoots([target], 'file', args);
    }),
    vscode.commands.registerCommand('docwright.documentFolder', (uri?: vscode.Uri, args?: DocumentArgs) => {
      if (!(uri instanceof vscode.Uri)) return vscode.commands.executeCommand('docwright.documentWorkspace', args);
      return documentRoots([uri], 'folder', args);
    }),
    vscode.commands.registerCommand('docwright.exportChangelog', async () => {
      const result = (await client.sendRequest(CHANGELOG_REQUEST)) as MarkdownResult;
      await showMarkdown(result.markdown);
    }),
    vscode.commands.registerCommand('docwright.exportDocumentation', async () => {
      const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
      const result = (await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Docwright: exporting documentation…' },
        () => client.sendRequest(EXPORT_DOCS_REQUEST, { roots, exclude: excludeGlobs() }))) as MarkdownResult;
      await showMarkdown(result.markdown);
    }),
  );

  async function documentRoots(roots: vscode.Uri[], what: string, args: DocumentArgs = {}): Promise<RunWorkspaceResult | undefined> {
    if (roots.length === 0) { void vscode.window.showWarningMessage('Docwright: open a folder first.'); return undefined; }
    const settings = vscode.workspace.getConfiguration('docwright', roots[0]);
    // What the server will use: an LLM provider only in a trusted workspace (it says so when it falls back).
    const template = settings.get<string>('llm.provider', 'template') === 'template' || !vscode.workspace.isTrusted;
    const only = args.only ?? (await pickInclude(settings.get<string>('batchInclude', 'ask'), template));
    if (!only) return undefined;
    const scope = args.scope ?? settings.get<'public' | 'all'>('batchScope', 'public');
    const params: PlanWorkspaceParams = { roots: roots.map((r) => r.toString()), exclude: excludeGlobs(), only, scope };
    const plan = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Docwright: planning the ${what}…`, cancellable: true },
      (_, token) => client.sendRequest(PLAN_WORKSPACE_REQUEST, params, token) as Promise<PlanSummary>,
    );
    if (plan.functions === 0) {
      void vscode.window.showInformationMessage(nothingToWrite(plan, what));
      return undefined;
    }
    const choice = args.autoConfirm ? (args.preview ? 'preview' : 'document') : await confirm(plan, what);
    if (!choice) return undefined;
    const result = await run(plan, args, choice === 'preview');
    await saveChanged(result.changedUris);
    output.info(result.markdown);
    void vscode.window.showInformationMessage(runSummary(result));
    if (!args.quiet) await showMarkdown(result.markdown);
    return result;
  }

  async function run(plan: PlanSummary, args: DocumentArgs, preview: boolean): Promise<RunWorkspaceResult> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Docwright: documenting', cancellable: true },
      async (progress, token) => {
        const source = new vscode.CancellationTokenSource();
        token.onCancellationRequested(() => source.cancel());
        let last = 0;
        const listener = (p: BatchProgressParams) => {
          if (p.planId !== plan.planId) return;
          const percent = p.files ? (100 * p.filesDone) / p.files : 100;
          const eta = p.etaSeconds !== null && p.filesDone < p.files ? `, ~${p.etaSeconds} s left` : '';
          const review = preview && p.filesDone === p.files ? ' · review them in the Refactor Preview: tick the files to keep, then Apply' : '';
          progress.report({ increment: percent - last, message: `${p.filesDone} of ${p.files} files · ${p.docstrings} docstrings${p.tokens ? ` · ${p.tokens} tokens` : ''}${eta}${review}` });
          last = percent;
          if (args.cancelAfterFiles !== undefined && p.filesDone >= args.cancelAfterFiles) source.cancel();
        };
        progressListeners.add(listener);
        try {
          const params: RunWorkspaceParams = { planId: plan.planId, preview };
          return (await client.sendRequest(RUN_WORKSPACE_REQUEST, params, source.token)) as RunWorkspaceResult;
        } finally {
          progressListeners.delete(listener);
          source.dispose();
        }
      },
    );
  }
}

type Only = PlanWorkspaceParams['only'];

/**
 * The template can complete existing docstrings well, but for a missing one it can only write a
 * placeholder: with it, completing is the first choice and placeholders must be asked for.
 */
async function pickInclude(setting: string, template: boolean): Promise<Only | undefined> {
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

function excludeGlobs(): string[] {
  const files = vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude', {});
  return Object.entries(files).filter(([, on]) => on).map(([glob]) => glob);
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

async function showMarkdown(markdown: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(document, { preview: true });
}
