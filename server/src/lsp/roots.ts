import { invalidParams } from './requests';
import type { Session } from './session';
import { modulePath } from './uri';

/**
 * The roots of an export or plan as paths. Each must lie inside a workspace folder, symlinks
 * resolved, or be a document open in the editor (Document File on a loose file); else InvalidParams.
 */
export function confinedRoots(session: Session, uris: string[], method: string): string[] {
  return uris.map((uri, i) => {
    const root = modulePath(uri);
    if (session.folders.holds(root) || session.documents.get(uri)) return root;
    throw invalidParams(`${method}: roots.${i}: ${root} is outside every workspace folder; Docwright reads only inside them`);
  });
}

/** Whether a collected file may be read: inside a folder once its symlinks are resolved, or a root named explicitly. */
export function readableUnder(session: Session, roots: string[]): (file: string) => boolean {
  const named = new Set(roots);
  return (file) => named.has(file) || session.folders.holds(file);
}
