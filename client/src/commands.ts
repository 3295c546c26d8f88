import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  BATCH_PROGRESS_NOTIFICATION, CHANGELOG_REQUEST, EXPORT_DOCS_REQUEST, PLAN_WORKSPACE_REQUEST, RUN_WORKSPACE_REQUEST,
  type BatchProgressParams, type MarkdownResult, type PlanSummary, type PlanWorkspaceParams, type RunWorkspaceResult,
} from '../../server/src/protocol';

/**
 * Document Workspace / File / Folder: plan (with progress), show what it will do and cost,
 * one confirmation, run with a cancellable progress notification, save what changed, report.
 * The server does the work; this file only asks, shows and saves.
 */

export interface DocumentArgs {
  /** Skip the confirmation (tests, scripted use). */
  autoConfirm?: boolean;
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
    const only = args.only ?? (await pickInclude(settings.get<string>('batchInclude', 'ask')));
    if (!only) return undefined;
    const scope = args.scope ?? settings.get<'public' | 'all'>('batchScope', 'public');
    const params: PlanWorkspaceParams = { roots: roots.map((r) => r.toString()), exclude: excludeGlobs(), only, scope };
    const plan = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Docwright: planning the ${what}…`, cancellable: true },
      (_, token) => client.sendRequest(PLAN_WORKSPACE_REQUEST, params, token) as Promise<PlanSummary>,
    );
    if (plan.functions === 0) {
      const message = plan.unparsed
        ? `Docwright: nothing to write in the ${what}, but ${plan.unparsed} definitions without a docstring do not parse; fix their syntax errors first (${plan.unreadable} files not read).`
        : `Docwright: every docstring in the ${what} is present and up to date (${plan.unreadable} files not read).`;
      void vscode.window.showInformationMessage(message);
      return undefined;
    }
    if (!args.autoConfirm && !(await confirm(plan, what))) return undefined;
    const result = await run(plan, args);
    await saveChanged(result.changedUris);
    output.info(result.markdown);
    const summary = `Docwright: ${result.cancelled ? 'cancelled — ' : ''}${result.added} added, ${result.updated} updated, ${result.skipped} skipped, ${result.failed} failed`
      + `${result.tokens ? `; ${result.tokens} tokens, $${result.usd.toFixed(4)}` : ''}.`;
    void vscode.window.showInformationMessage(summary);
    if (!args.quiet) await showMarkdown(result.markdown);
    return result;
  }

  async function run(plan: PlanSummary, args: DocumentArgs): Promise<RunWorkspaceResult> {
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
          progress.report({ increment: percent - last, message: `${p.filesDone} of ${p.files} files · ${p.docstrings} docstrings${p.tokens ? ` · ${p.tokens} tokens` : ''}${eta}` });
          last = percent;
          if (args.cancelAfterFiles !== undefined && p.filesDone >= args.cancelAfterFiles) source.cancel();
        };
        progressListeners.add(listener);
        try {
          return (await client.sendRequest(RUN_WORKSPACE_REQUEST, { planId: plan.planId }, source.token)) as RunWorkspaceResult;
        } finally {
          progressListeners.delete(listener);
          source.dispose();
        }
      },
    );
  }
}

async function pickInclude(setting: string): Promise<PlanWorkspaceParams['only'] | undefined> {
  if (setting === 'missing' || setting === 'stale' || setting === 'all') return setting;
  const picked = await vscode.window.showQuickPick([
    { label: 'Missing and stale', value: 'all' as const, description: 'add missing docstrings, update stale ones' },
    { label: 'Missing only', value: 'missing' as const },
    { label: 'Stale only', value: 'stale' as const, description: 'DW401–DW408' },
  ], { title: 'Docwright: what to document' });
  return picked?.value;
}

async function confirm(plan: PlanSummary, what: string): Promise<boolean> {
  const parts = [`${plan.functions} docstrings (${plan.missing} missing, ${plan.stale} stale) in ${plan.files} files with ${plan.provider}.`];
  const e = plan.estimate;
  if (e) {
    parts.push(`Estimate: ${e.requests} requests, ${e.promptTokens} prompt tokens (up to ${e.maxTokens} with output), ~$${e.usd.toFixed(4)} at most; ${e.cacheHits} from the cache at no cost.`);
    if (!e.fits) parts.push(`The budget left (${e.remainingTokens} tokens, $${e.remainingUsd.toFixed(4)}) does not cover it all.`);
  }
  const go = e && !e.fits ? 'Document what fits' : 'Document';
  const answer = await vscode.window.showInformationMessage(`Docwright: document the ${what}?`, { modal: true, detail: parts.join('\n') }, go);
  return answer === go;
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

async function showMarkdown(markdown: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(document, { preview: true });
}
