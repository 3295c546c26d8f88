import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isWithin } from '../workspace/resolver';

/**
 * The client's workspace folders: which one holds a file (the style sample and the excludes are
 * taken there, and a file in none is analysed alone), and whether a file really lies inside one
 * (symlinks resolved), so that the export and plan requests never read outside them.
 */
export class WorkspaceFolders {
  private folders: { path: string; real: string }[] = [];

  /** Replaces the folders (file: URIs; others are ignored: nothing of theirs is on this disk). */
  set(uris: string[]): void {
    this.folders = [];
    this.add(uris);
  }

  add(uris: string[]): void {
    for (const uri of uris) {
      const folder = pathOf(uri);
      if (folder && !this.folders.some((f) => f.path === folder)) this.folders.push({ path: folder, real: realOrSelf(folder) });
    }
  }

  remove(uris: string[]): void {
    const gone = new Set(uris.map(pathOf));
    this.folders = this.folders.filter((f) => !gone.has(f.path));
  }

  get first(): string | undefined {
    return this.folders[0]?.path;
  }

  get paths(): string[] {
    return this.folders.map((f) => f.path);
  }

  /** The innermost folder whose path holds `file`, as written (no symlink resolved). */
  folderOf(file: string): string | undefined {
    if (!path.isAbsolute(file)) return undefined;
    const abs = path.resolve(file);
    return this.folders
      .map((f) => f.path)
      .filter((folder) => isWithin(abs, folder))
      .sort((a, b) => b.length - a.length)[0];
  }

  /** Whether `file`, its symlinks resolved, lies inside a folder (also resolved); false when it cannot be resolved. */
  holds(file: string): boolean {
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      return false;
    }
    return this.folders.some((f) => isWithin(real, f.real));
  }
}

function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

function realOrSelf(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}
