import * as vscode from 'vscode';
import { SHOW_CODE_DESCRIPTION_COMMAND } from '../../server/src/shared/protocol';

/**
 * A diagnostic's code opens its description rendered, at that code: docs/codes.md (shipped with
 * the extension) rendered by VS Code's own Markdown renderer into one webview, scrolled to the
 * code's heading. Without the renderer (the Markdown extension disabled) the file opens as text at
 * the heading.
 */

interface Shown {
  code: string;
  title: string;
  html: string;
}

export function registerCodeDescription(context: vscode.ExtensionContext): void {
  let panel: vscode.WebviewPanel | undefined;
  let shown: Shown | undefined;
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_CODE_DESCRIPTION_COMMAND, async (code: unknown) => {
      const wanted = typeof code === 'string' && /^DW\d+$/.test(code) ? code : 'DW100';
      const file = vscode.Uri.joinPath(context.extensionUri, 'docs', 'codes.md');
      const markdown = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      const rendered = await vscode.commands.executeCommand<string>('markdown.api.render', markdown).then((html) => html, () => undefined);
      if (typeof rendered !== 'string') return openAsText(file, markdown, wanted);
      if (!panel) {
        panel = vscode.window.createWebviewPanel('docwright.codes', 'Docwright codes', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
        panel.onDidDispose(() => { panel = undefined; shown = undefined; });
      }
      const title = `Docwright: ${wanted}`;
      panel.title = title;
      const html = page(panel.webview, withHeadingIds(rendered), wanted.toLowerCase());
      panel.webview.html = html;
      panel.reveal(vscode.ViewColumn.Beside, true);
      shown = { code: wanted, title, html };
      return wanted;
    }),
    // For tests: what the description view shows (VS Code gives no API to read a webview).
    vscode.commands.registerCommand('docwright.codeDescriptionShown', () => (panel && shown ? { ...shown, visible: panel.visible } : undefined)),
  );
}

/** `## DW902` headings get the id the links use (`#dw902`), whatever the renderer gave them. */
function withHeadingIds(html: string): string {
  return html.replace(/<h2([^>]*)>\s*(DW\d+)\s*<\/h2>/g, (_all, attributes: string, code: string) =>
    `<h2${attributes.replace(/\s+id="[^"]*"/, '')} id="${code.toLowerCase()}">${code}</h2>`);
}

function page(webview: vscode.Webview, body: string, anchor: string): string {
  const nonce = Array.from({ length: 16 }, () => Math.floor(Math.random() * 36).toString(36)).join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline' ${webview.cspSource}; script-src 'nonce-${nonce}';">
<style>
body { font-family: var(--vscode-markdown-font-family, var(--vscode-font-family)); font-size: var(--vscode-markdown-font-size, 14px); line-height: 1.6; padding: 0 26px 40vh; }
code { font-family: var(--vscode-editor-font-family); font-size: 0.9em; }
table { border-collapse: collapse; } th, td { border: 1px solid var(--vscode-panel-border, #8884); padding: 2px 8px; }
a { color: var(--vscode-textLink-foreground); }
h2:target, h2.current { border-left: 4px solid var(--vscode-textLink-foreground); padding-left: 8px; }
</style></head><body>${body}
<script nonce="${nonce}">const h = document.getElementById(${JSON.stringify(anchor)}); if (h) { h.classList.add('current'); h.scrollIntoView(); }</script>
</body></html>`;
}

async function openAsText(file: vscode.Uri, markdown: string, code: string): Promise<string> {
  const line = Math.max(0, markdown.split('\n').findIndex((l) => l.trim() === `## ${code}`));
  const position = new vscode.Position(line, 0);
  await vscode.window.showTextDocument(file, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.Beside });
  return code;
}
