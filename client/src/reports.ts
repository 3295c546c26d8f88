import * as vscode from 'vscode';

/**
 * Reports (the workspace run, Token Usage, the changelog, exported documentation, the status)
 * open rendered: each is written as a Markdown file into the extension's storage folder and
 * shown in the Markdown preview, so nothing asks to be saved on close, and its links work.
 */

export type ReportName = 'workspace-report' | 'token-usage' | 'changelog' | 'documentation' | 'status';

export async function showReport(context: vscode.ExtensionContext, name: ReportName, markdown: string): Promise<vscode.Uri> {
  const folder = vscode.Uri.joinPath(context.globalStorageUri, 'reports');
  await vscode.workspace.fs.createDirectory(folder);
  const file = vscode.Uri.joinPath(folder, `${name}.md`);
  await vscode.workspace.fs.writeFile(file, Buffer.from(markdown, 'utf8'));
  try {
    await vscode.commands.executeCommand('markdown.showPreview', file);
  } catch {
    // No Markdown preview (the built-in extension disabled): the saved file, as text.
    await vscode.window.showTextDocument(file, { preview: true });
  }
  return file;
}
