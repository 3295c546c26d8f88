import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';

/** Editor state in shapes tests compare exactly. */

/** The selection as [line, start, line, end] (0-based), for exact comparisons. */
export function selected(editor: vscode.TextEditor): number[] {
  const { start, end } = editor.selection;
  return [start.line, start.character, end.line, end.character];
}

/** Where `text` sits on a line of the document, in the same shape. */
export function placeholderAt(document: vscode.TextDocument, line: number, text: string): number[] {
  const column = document.lineAt(line).text.indexOf(text);
  assert.ok(column >= 0, `${JSON.stringify(text)} on line ${line + 1}: ${document.lineAt(line).text}`);
  return [line, column, line, column + text.length];
}

/** A screenshot of the real VS Code window, taken by the launcher (README figures); a no-op elsewhere. */
export async function screenshot(name: string): Promise<void> {
  const url = process.env.DOCWRIGHT_SCREENSHOT_URL;
  if (!url) return;
  await new Promise((r) => setTimeout(r, 400)); // let the UI paint (a picture, not an assertion)
  await fetch(`${url}?name=${encodeURIComponent(name)}`, { method: 'POST' }).catch(() => undefined);
}

/**
 * The real UI, driven as a user would (the launcher clicks and reads through Playwright): needed
 * where VS Code gives extensions no API, as for quick pick items, modal dialogs and the Refactor Preview.
 */
export async function ui<T = null>(action: 'click' | 'texts' | 'checked', selector: string): Promise<T> {
  const url = process.env.DOCWRIGHT_UI_URL;
  assert.ok(url, 'the launcher (test/e2e/launch.mjs) provides DOCWRIGHT_UI_URL');
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ action, selector }) });
  const body = await response.text();
  assert.equal(response.status, 200, `${action} ${selector}: ${body}`);
  return JSON.parse(body) as T;
}

