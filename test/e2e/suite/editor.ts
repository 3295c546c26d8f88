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
