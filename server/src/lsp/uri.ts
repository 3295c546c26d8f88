import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModuleIdentity } from '../core/rules/findings';

/** Document URIs as the analysis names them: a path with forward slashes, a notebook cell as its notebook. */

const NOTEBOOK_CELL = 'vscode-notebook-cell:';

/** A cell of a Jupyter notebook open in VS Code: its URI is the notebook's path plus a fragment. */
export function isNotebookCell(uri: string): boolean {
  return uri.startsWith(NOTEBOOK_CELL);
}

/** The file a document lives in: itself, or for a notebook cell the notebook file. */
export function fileUriOf(uri: string): string {
  return isNotebookCell(uri) ? `file:${uri.slice(NOTEBOOK_CELL.length).replace(/#.*$/, '')}` : uri;
}

export function modulePath(uri: string): string {
  const file = fileUriOf(uri);
  try {
    return file.startsWith('file:') ? fileURLToPath(file).split(path.sep).join('/') : new URL(file).pathname;
  } catch {
    return file;
  }
}

export function moduleIdentity(uri: string): ModuleIdentity {
  return isNotebookCell(uri) ? { path: modulePath(uri), cell: true } : { path: modulePath(uri) };
}
