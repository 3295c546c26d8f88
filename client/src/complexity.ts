import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  SETTINGS_SECTION, SHOW_INCREMENTS_COMMAND, SHOW_REFACTOR_PLAN_COMMAND, TOGGLE_INLAY_HINTS_COMMAND,
  type LocatedItem, type RefactorPlanArgs, type ShowIncrementsArgs,
} from '../../server/src/shared/protocol';

/**
 * The client half of the complexity lens, the refactoring plan and the inlay hints: a quick pick
 * of places (choosing one selects it in the editor), and the switch for the hints.
 */
export function registerComplexityCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_INCREMENTS_COMMAND, (args: ShowIncrementsArgs) =>
      pickAndGo(client, args.uri, args.increments, `${args.qualname}: cognitive complexity ${args.cognitive}`, 'No increments: nothing here adds to the score.')),
    vscode.commands.registerCommand(SHOW_REFACTOR_PLAN_COMMAND, (args: RefactorPlanArgs) =>
      pickAndGo(client, args.uri, args.steps, `${args.qualname}: what to extract (nothing is edited)`, 'No extraction lowers the score.')),
    vscode.commands.registerCommand(TOGGLE_INLAY_HINTS_COMMAND, async () => {
      const settings = vscode.workspace.getConfiguration(SETTINGS_SECTION);
      const shown = settings.get<boolean>('inlayHints') === true;
      // Where it is set already (a workspace may set it), else for the user.
      const where = settings.inspect<boolean>('inlayHints')?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await settings.update('inlayHints', !shown, where);
      return !shown;
    }),
  );
}

/** Lists the places; the one chosen is selected and revealed. Resolves with its label (tests read it). */
async function pickAndGo(client: LanguageClient, uri: string, items: LocatedItem[], title: string, none: string): Promise<string | undefined> {
  if (items.length === 0) {
    void vscode.window.showInformationMessage(`Docwright: ${none}`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    items.map((item) => ({ label: item.label, ...(item.detail ? { description: item.detail } : {}), item })),
    { title, matchOnDescription: true },
  );
  if (!picked) return undefined;
  const range = client.protocol2CodeConverter.asRange(picked.item.range);
  const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: range });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return picked.item.label;
}
