import type { Connection } from 'vscode-languageserver';
import type { DocstringStyle } from '../core/docstring/model';
import type { ExcludeRule } from '../workspace/files';
import { ProjectResolver, type ResolvedProject } from '../workspace/resolver';
import { SETTINGS_SECTION } from '../shared/protocol';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../shared/settings';
import type { DocumentScopes, PerDocument } from './perDocument';
import { fileUriOf, modulePath } from './uri';
import type { WorkspaceFolders } from './workspaceFolders';

/**
 * Each document's settings, and the project around a file. The language server asks the
 * resolver both hosts share (workspace/resolver.ts) here and nowhere else: the settings its
 * pyproject.toml decides over the editor's, whether it is excluded, the excludes of a run and
 * their bases, the docstring style and the line length. The editor's folder is the workspace
 * folder holding the file, and the style sample walks only inside the folders. The editor's
 * settings are pulled per document (workspace/configuration) or, from clients that only push
 * them, the last pushed.
 */

/** The docstring conventions a file is written in. */
export interface WritingOptions {
  style: DocstringStyle;
  lineLength: number;
}

export interface SettingsHost {
  connection: Connection;
  folders: WorkspaceFolders;
  scopes: DocumentScopes;
  log: (message: string) => void;
  /** Whether the client answers workspace/configuration (known once it has initialized). */
  pullsConfiguration: () => boolean;
}

export class DocumentSettings {
  private readonly resolver: ProjectResolver;
  private readonly resolving: PerDocument<Promise<Settings>>;
  /** Settings already resolved, for the synchronous path of didChange (size limit). */
  private readonly resolved: PerDocument<Settings>;
  /** Open documents that `docwright check` would skip (excluded paths): no diagnostics. */
  private readonly excluded: PerDocument<true>;
  private readonly reportedProblems = new Set<string>();
  /** pyproject.toml files whose [tool.docwright] has been named in the log. */
  private readonly announcedProjects = new Set<string>();
  /** For clients that only push settings (didChangeConfiguration { settings: { docwright } }). */
  private pushed: unknown = undefined;

  constructor(private readonly host: SettingsHost) {
    const { folders } = host;
    this.resolver = new ProjectResolver({
      folderOf: (target) => folders.folderOf(target), mayWalk: (folder) => folders.folderOf(folder) !== undefined, projectDecides: 'findings',
    });
    this.resolving = host.scopes.create();
    this.resolved = host.scopes.create();
    this.excluded = host.scopes.create();
  }

  /** The settings of the document (or folder) at `uri`, resolved once until something changes. */
  for(uri: string): Promise<Settings> {
    let cached = this.resolving.get(uri);
    if (!cached) {
      cached = this.editorSettings(uri).then((editor) => {
        const settings = this.withProject(uri, editor);
        this.resolved.set(uri, settings);
        return settings;
      });
      this.resolving.set(uri, cached);
    }
    return cached;
  }

  /** The settings being resolved or resolved for `uri`, if asked for already. */
  known(uri: string): Promise<Settings> | undefined {
    return this.resolving.get(uri);
  }

  /** The last resolved settings, else the defaults: for what cannot wait (parsing a change). */
  limits(uri: string): Settings {
    return this.resolved.get(uri) ?? DEFAULT_SETTINGS;
  }

  isExcluded(uri: string): boolean {
    return this.excluded.has(uri);
  }

  /** The settings a client pushed (its `docwright` section). */
  push(section: unknown): void {
    this.pushed = section;
  }

  /** Settings or a pyproject.toml changed: everything is resolved again when next asked. */
  invalidate(): void {
    this.resolver.clear();
    this.announcedProjects.clear();
    this.resolving.clear();
  }

  /**
   * The style and line length of the file (or the run's root folder) at `path`, whose resolved
   * settings are `settings`; a file in no workspace folder is its own style sample (`source`).
   */
  writingOptions(path: string, settings: Settings, source?: string): WritingOptions {
    const conventions = this.resolver.conventions(this.resolver.project(path, { base: settings }), source);
    return { style: conventions.style.style, lineLength: conventions.lineLength };
  }

  /** What a run over `root` skips: the exclude setting and the editor's own globs, each against its base. */
  excludeRules(root: string, settings: Settings, editorGlobs: string[]): ExcludeRule[] {
    return this.resolver.project(root, { base: settings, exclude: editorGlobs }).exclude;
  }

  /** The folder a run over `root` shows its paths from: the workspace folder holding it, else the project's. */
  shownFrom(root: string): string {
    const project = this.resolver.project(root);
    return project.hostFolder ?? project.root;
  }

  private editorSettings(uri: string): Promise<Settings> {
    if (!this.host.pullsConfiguration()) return Promise.resolve(this.checked(this.pushed));
    return this.host.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
      .then((raw: unknown) => this.checked(raw), () => DEFAULT_SETTINGS);
  }

  /** Parses settings leniently and reports each invalid value once. */
  private checked(raw: unknown): Settings {
    const { settings, problems } = parseSettings(raw);
    for (const p of problems) {
      this.warnOnce(`${p.key}: ${p.message}`, `Docwright: setting docwright.${p.key} is invalid (${p.message}); using the default.`);
    }
    return settings;
  }

  /**
   * The editor's settings, overridden by the project's `[tool.docwright]` where it decides
   * (PROJECT_KEYS), so that the editor reports what `docwright check` reports in CI.
   */
  private withProject(uri: string, editor: Settings): Settings {
    if (!fileUriOf(uri).startsWith('file:')) return editor;
    const path = modulePath(uri);
    const project = this.resolver.project(path, { base: editor });
    this.announce(project);
    for (const p of project.problems) {
      this.warnOnce(`${project.pyproject}: ${p.key}: ${p.message}`,
        `Docwright: ${project.pyproject}: [tool.docwright] ${p.key} is invalid (${p.message}); using the editor's setting.`);
    }
    if (this.resolver.excluded(path, project)) this.excluded.set(uri, true);
    else this.excluded.delete(uri);
    return project.settings;
  }

  /** A project's pyproject.toml, named in the log once (and again after it changes): what it decides, or why it cannot be read. */
  private announce(project: ResolvedProject): void {
    const file = project.pyproject;
    if (!file || this.announcedProjects.has(file) || (!project.decided.length && !project.error)) return;
    this.announcedProjects.add(file);
    if (project.error) this.host.log(`cannot read ${project.error}`);
    else this.host.log(`${file}: [tool.docwright] decides ${project.decided.join(', ')} for the files under ${project.root}, over the editor settings`);
  }

  private warnOnce(key: string, message: string): void {
    if (this.reportedProblems.has(key)) return;
    this.reportedProblems.add(key);
    void this.host.connection.window.showWarningMessage(message);
  }
}
