import { pathToFileURL } from 'node:url';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { entriesOf } from '../core/search/entries';
import { DocumentationIndex } from '../core/search/index';
import { DEFAULT_SETTINGS } from '../shared/settings';
import { collectFiles, isExcludedPath, type ExcludeRule } from '../workspace/files';
import { exportedModules, type ModuleReader } from '../workspace/exportModules';
import { exportBase, exportName } from '../workspace/resolver';
import type { Session } from './session';
import { isNotebookCell, modulePath } from './uri';

/**
 * The workspace's documentation index in the editor. Built in the background over each folder
 * with the files and excludes `docwright check` would take (one file at a time, yielding to the
 * event loop between files, so requests are served meanwhile); an open document is indexed from
 * its text as it changes, a file on disk when the client's watcher says it changed. Settings or
 * folders changing start the build again. Entries name files by path (URIs are made on output).
 */

/** How long an open document waits after its last keystroke before it is indexed again. */
const TYPING_DELAY_MS = 300;

export class WorkspaceIndexer {
  readonly index = new DocumentationIndex();
  /** False until the background build over every folder has finished. */
  complete = false;
  private generation = 0;
  private readonly rules = new Map<string, ExcludeRule[]>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Each folder's own `maxFileSizeKb`: folders of one workspace may set different limits. */
  private readonly sizeLimits = new Map<string, number>();
  private readonly reader: Omit<ModuleReader, 'maxFileSizeKb'>;

  constructor(private readonly session: Session) {
    this.reader = {
      parser: session.fileParser, analyzer: session.analyzer,
      skip: (file, reason) => session.log(`index: skipped ${file}: ${reason}`),
    };
  }

  /** Every folder walked again; a build already running stops at its next file. */
  async rebuild(): Promise<void> {
    const generation = ++this.generation;
    this.complete = false;
    const taken = await this.workspaceFiles();
    if (generation !== this.generation) return;
    for (const file of this.index.files()) if (!taken.has(file)) this.index.removeFile(file);
    for (const [file, folder] of taken) {
      if (generation !== this.generation) return;
      if (!this.session.documents.get(pathToFileURL(file).href)) this.indexFromDisk(file, folder);
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.complete = true;
    this.session.log(`index: ${this.index.size} definitions in ${this.index.fileCount} files`);
  }

  /** An open document's text changed: indexed from it once typing pauses. */
  documentChanged(uri: string): void {
    if (isNotebookCell(uri) || !uri.startsWith('file:')) return;
    clearTimeout(this.pending.get(uri));
    this.pending.set(uri, setTimeout(() => {
      this.pending.delete(uri);
      this.indexDocument(uri);
    }, TYPING_DELAY_MS));
  }

  /** Closed unsaved: what is on disk is what the workspace holds. */
  documentClosed(uri: string): void {
    clearTimeout(this.pending.get(uri));
    this.pending.delete(uri);
    if (isNotebookCell(uri) || !uri.startsWith('file:')) return;
    this.filesChanged([{ uri, type: FileChangeType.Changed }]);
  }

  filesChanged(changes: FileEvent[]): void {
    for (const change of changes) {
      const file = modulePath(change.uri);
      const folder = this.session.folders.folderOf(file);
      if (change.type === FileChangeType.Deleted || !folder || this.excluded(file, folder)) this.index.removeFile(file);
      else if (!this.session.documents.get(change.uri)) this.indexFromDisk(file, folder);
    }
  }

  dispose(): void {
    this.generation++;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  /** Each file check would take under the folders, with the folder it is named from. */
  private async workspaceFiles(): Promise<Map<string, string>> {
    const taken = new Map<string, string>();
    this.rules.clear();
    this.sizeLimits.clear();
    for (const folder of this.session.folders.paths) {
      const settings = await this.session.settings.for(pathToFileURL(folder).href);
      const rules = this.session.settings.excludeRules(folder, settings, []);
      this.rules.set(folder, rules);
      this.sizeLimits.set(folder, settings.maxFileSizeKb);
      for (const file of collectFiles([folder], rules, folder).files) if (!file.endsWith('.ipynb')) taken.set(file, folder);
    }
    return taken;
  }

  private excluded(file: string, folder: string): boolean {
    if (!/\.pyi?$/.test(file)) return true;
    return (this.rules.get(folder) ?? []).some((rule) => isExcludedPath(file, rule.base, rule.patterns));
  }

  private indexFromDisk(file: string, folder: string): void {
    const maxFileSizeKb = this.sizeLimits.get(folder) ?? DEFAULT_SETTINGS.maxFileSizeKb;
    const [module] = exportedModules(folder, [file], folder, { ...this.reader, maxFileSizeKb });
    if (module) this.index.setFile(file, entriesOf({ name: module.name, file, analysis: module.analysis }));
    else this.index.removeFile(file);
  }

  private indexDocument(uri: string): void {
    const entry = this.session.documents.get(uri);
    const file = modulePath(uri);
    const folder = this.session.folders.folderOf(file);
    if (!entry || entry.skipped || !folder || this.session.settings.isExcluded(uri) || this.excluded(file, folder)) return;
    const analysis = this.session.currentAnalysis(entry, this.session.settings.limits(uri));
    if (analysis) this.index.setFile(file, entriesOf({ name: exportName(file, exportBase(folder)), file, analysis }));
  }
}
