import { readdirSync, type Dirent } from 'node:fs';
import { readRegularFile } from './read';
import * as path from 'node:path';
import { findPyproject, parseProjectConfig, type ProjectConfig, PYPROJECT_LIMIT_KB } from './config';
import { DEFAULT_EXCLUDED_DIRS, isExcludedPath, type ExcludeRule } from './files';
import type { DocstringStyle } from '../core/docstring/model';
import { countStyles, emptyCounts, resolveStyle, type ResolvedStyle } from '../core/docstring/style';
import { PROJECT_KEYS, withProjectSettings, type Settings, type SettingsProblem } from '../shared/settings';

/**
 * Per-project facts the editor needs: the settings the project's `[tool.docwright]` decides
 * (so that the editor and `docwright check` agree), and for docstrings the style `auto`
 * resolves to and the line length, read from the nearest pyproject.toml and, failing that,
 * from the docstrings the project already has (a bounded scan, done once per project root,
 * and only inside a workspace folder: a file in none is its own sample).
 */

/** The style sample: at most this many files, found in at most this many directories, each read under the size cap. */
const SCAN_LIMIT = 500;
const SCAN_DIRECTORIES = 2000;
const SCAN_MAX_BYTES = 1024 * 1024;

export interface DocstringConventions {
  style: ResolvedStyle;
  lineLength: number;
}

export interface ProjectSettings {
  settings: Settings;
  /** The nearest pyproject.toml, if any, and its folder (else the workspace folder). */
  file?: string;
  root: string;
  /** The PROJECT_KEYS that pyproject.toml sets. */
  decided: string[];
  /** Its invalid values (the editor's value is kept for those). */
  problems: SettingsProblem[];
  /** Whether `docwright check` would skip the file: no diagnostics for it. */
  excluded: boolean;
}

export class ProjectConventions {
  private readonly configs = new Map<string, { file?: string; config: Omit<ProjectConfig, 'file'> }>();
  private readonly counts = new Map<string, Record<DocstringStyle, number>>();

  constructor(private readonly log: (message: string) => void) {}

  /**
   * A file's docstring style and line length. `workspaceRoot` is the workspace folder that holds
   * the file: the style sample is taken from its project there. Without one nothing is walked:
   * `ownSource`, the file's own text, is the sample.
   */
  forFile(filePath: string, settings: Settings, workspaceRoot?: string, ownSource?: string): DocstringConventions {
    const { file, root, config } = this.projectFor(filePath, workspaceRoot);
    const sampled = settings.style === 'auto' && !config.values.style && !config.ruff.convention;
    const style = resolveStyle(settings.style, {
      ...(typeof config.values.style === 'string' ? { configured: config.values.style } : {}),
      ...(config.ruff.convention ? { ruffConvention: config.ruff.convention } : {}),
      ...(sampled ? { counts: this.sample(file && workspaceRoot && isWithin(root, workspaceRoot) ? root : workspaceRoot, ownSource) } : {}),
    });
    const configured = typeof config.values.lineLength === 'number' ? config.values.lineLength : undefined;
    return { style, lineLength: configured ?? config.ruff.lineLength ?? settings.lineLength };
  }

  /**
   * The `[tool.docwright]` table that governs a file (from the nearest pyproject.toml) and the
   * root its excludes are relative to: that file's folder, else the workspace root.
   */
  projectFor(filePath: string, workspaceRoot?: string): { file?: string; root: string; config: Omit<ProjectConfig, 'file'> } {
    // A document with no path on disk (untitled:) has no project: never the server's working directory's.
    if (!path.isAbsolute(filePath)) return { root: path.dirname(filePath), config: { values: {}, ruff: {} } };
    const { file, config } = this.config(path.dirname(filePath));
    return { ...(file ? { file } : {}), root: file ? path.dirname(file) : workspaceRoot ?? path.dirname(filePath), config };
  }

  /** `exclude` patterns are relative to the pyproject.toml that set them, else to the workspace folder. */
  private excludeBase(root: string, values: Record<string, unknown>, workspaceRoot?: string): string {
    return 'exclude' in values ? root : workspaceRoot ?? root;
  }

  /**
   * A file's settings: the editor's, overridden where the project's `[tool.docwright]` decides
   * (PROJECT_KEYS), and whether `docwright check` run from the project root would skip the file.
   */
  settingsFor(filePath: string, editor: Settings, workspaceRoot?: string): ProjectSettings {
    const { file, root, config: { values } } = this.projectFor(filePath, workspaceRoot);
    const { settings, problems } = withProjectSettings(editor, values);
    return {
      ...(file ? { file } : {}),
      root,
      settings,
      problems,
      decided: PROJECT_KEYS.filter((key) => key in values),
      excluded: isExcludedPath(filePath, this.excludeBase(root, values, workspaceRoot), settings.exclude),
    };
  }

  /**
   * What a run over `dir` skips: the `exclude` setting, relative to the pyproject.toml that set
   * it (else the workspace folder), and the editor's own globs (files.exclude), relative to the
   * workspace folder.
   */
  excludeRules(dir: string, settings: Settings, editorGlobs: string[], workspaceRoot?: string): ExcludeRule[] {
    const { root, config } = this.projectFor(path.join(dir, '_'), workspaceRoot);
    const workspace = workspaceRoot ?? dir;
    return [
      { patterns: settings.exclude, base: this.excludeBase(root, config.values, workspaceRoot) },
      { patterns: editorGlobs, base: workspace },
    ];
  }

  /** Forget what was read (pyproject.toml or files changed). */
  clear(): void {
    this.configs.clear();
    this.counts.clear();
  }

  private config(dir: string) {
    let cached = this.configs.get(dir);
    if (!cached) {
      const file = findPyproject(dir);
      let config: Omit<ProjectConfig, 'file'> = { values: {}, ruff: {} };
      if (file) {
        try {
          const read = readRegularFile(file, PYPROJECT_LIMIT_KB);
          if (!read.ok) throw new Error(read.reason);
          config = parseProjectConfig(read.bytes.toString('utf8'));
        } catch (error) {
          this.log(`cannot read ${file}: ${String(error)}`);
        }
      }
      cached = file ? { file, config } : { config };
      this.configs.set(dir, cached);
    }
    return cached;
  }

  /** Style counts over a bounded sample of `root`'s files (once per root), or over `ownSource` alone without a root. */
  private sample(root: string | undefined, ownSource = ''): Record<DocstringStyle, number> {
    if (root === undefined) {
      const own = emptyCounts();
      countStyles(ownSource, own);
      return own;
    }
    let counts = this.counts.get(root);
    if (!counts) {
      counts = emptyCounts();
      for (const file of samplePythonFiles(root, SCAN_LIMIT)) {
        try {
          const read = readRegularFile(file, SCAN_MAX_BYTES / 1024);
          if (read.ok) countStyles(read.bytes.toString('utf8'), counts);
        } catch { /* unreadable: ignore */ }
      }
      this.counts.set(root, counts);
    }
    return counts;
  }
}

/** Whether `file` is `folder` or lies under it, by their paths as written. */
export function isWithin(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * Up to `limit` Python files under `root`, breadth first, names in order. Bounded in files and
 * directories; symlinks are not followed (no loops, nothing outside the root) and only regular
 * files are taken (never a FIFO); a directory that cannot be read (EACCES, ENAMETOOLONG) is passed over.
 */
function samplePythonFiles(root: string, limit: number): string[] {
  const files: string[] = [];
  const queue = [root];
  for (let next = 0; next < queue.length && next < SCAN_DIRECTORIES && files.length < limit; next++) {
    const dir = queue[next]!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !DEFAULT_EXCLUDED_DIRS.has(entry.name)) queue.push(path.join(dir, entry.name));
      else if (entry.isFile() && entry.name.endsWith('.py') && files.push(path.join(dir, entry.name)) >= limit) break;
    }
  }
  return files;
}
