import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { z } from 'zod';
import type { DocstringStyle } from '../core/docstring/model';
import { countStyles, emptyCounts, resolveStyle, type ResolvedStyle } from '../core/docstring/style';
import { readNotebook } from '../core/parse/notebook';
import { dottedName, importBase } from '../core/report/moduleName';
import {
  DEFAULT_SETTINGS, llmSchema, PROJECT_KEYS, settingsSchema, withoutForbiddenLlmKeys, type LlmSettings, type Settings, type SettingsProblem,
} from '../shared/settings';
import { findPyproject, parseProjectConfig, PYPROJECT_LIMIT_KB, type ProjectConfig } from './pyproject';
import { collectFiles, isExcludedPath, type ExcludeRule } from './files';
import { readRegularFile } from './read';

/**
 * The one answer, for the editor and the CLI alike, to "what governs this file (or this run's
 * root)?": its settings, what is excluded, the docstring style and the line length. The editor
 * reports what `docwright check` reports because both ask this.
 *
 * - Settings: the schema's defaults < the host's own (the editor's settings) < the nearest
 *   pyproject.toml's `[tool.docwright]`, for the keys a project may decide < the host's
 *   overrides (the CLI's flags). In the editor a project decides what findings depend on
 *   (PROJECT_KEYS); in the CLI every key. Never where code and the API key are sent
 *   (PROJECT_FORBIDDEN_LLM_KEYS): those are dropped, and named.
 * - Excludes: a pattern is relative to where it was written. `exclude` in a pyproject.toml is
 *   relative to that file's folder (as in ruff); a host's patterns (`--exclude`, the editor's
 *   `docwright.exclude` and `files.exclude`) to the host's folder: the working directory, the
 *   workspace folder.
 * - Style: the host's explicit choice (`--style`, `docwright.style` other than auto), else
 *   `[tool.docwright] style`, else ruff's pydocstyle convention, else the style most docstrings
 *   in the project's sample have, else Google. The sample is one rule for both hosts: up to 500
 *   Python files and notebooks (every code cell) under the project's root, walked as a
 *   `document` run walks it (the project's `exclude`, .gitignore, virtual environments skipped).
 *   The editor walks only inside its workspace folders: a project whose pyproject.toml lies above
 *   the folder is sampled from the folder, and a file in no folder is its own sample.
 * - Line length: `[tool.docwright] line-length`, else ruff's `line-length`, else the host's
 *   (`docwright.lineLength`; the default in the CLI).
 */

/** The style sample: at most this many files, found in at most this many directories. */
const SAMPLE_FILES = 500;
const SAMPLE_DIRECTORIES = 2000;

/** Style and line length come from the project in both hosts, read by `conventions`, not merged. */
const CONVENTION_KEYS = ['style', 'lineLength'] as const;
type SettingsKey = keyof Settings;

export interface ResolverHost {
  /**
   * The host's folder for `target`, which the host's own patterns are relative to: the
   * workspace folder that holds it (undefined in none), or the CLI's working directory.
   */
  folderOf(target: string): string | undefined;
  /** Whether the style sample may walk `folder`: the editor reads only inside its workspace folders. */
  mayWalk(folder: string): boolean;
  /** What a `[tool.docwright]` decides: what findings depend on (the editor), or every key (the CLI). */
  projectDecides: 'findings' | 'all';
}

export interface SettingsLayers {
  /** The host's own settings, under the project's (the editor's); the schema's defaults without. */
  base?: Settings;
  /** The host's overrides, over the project's (the CLI's flags). */
  overrides?: Partial<Settings>;
  /** The host's exclude patterns, relative to its folder (`--exclude`, files.exclude). */
  exclude?: string[];
}

export interface ResolvedProject {
  /** The nearest pyproject.toml, if any. */
  pyproject?: string;
  /** The project's folder: the pyproject.toml's, else the host's folder holding the target, else the target's own folder. */
  root: string;
  /** The merged settings. Their `style` and `lineLength` are the host's: `conventions` weighs them against the project's. */
  settings: Settings;
  /** The keys `[tool.docwright]` sets and decides here. */
  decided: string[];
  /** Its invalid values: the layer below is kept for each. */
  problems: SettingsProblem[];
  /** `[tool.docwright.llm]` keys it set and may not (dropped). */
  ignoredLlmKeys: string[];
  /** Why the pyproject.toml could not be read or parsed (then it decides nothing). */
  error?: string;
  /** The `exclude` setting relative to where it was written, then the host's patterns relative to its folder. */
  exclude: ExcludeRule[];
  /** `[tool.docwright]` and ruff's settings as read, for the style and the line length. */
  config: Omit<ProjectConfig, 'file'>;
  /** The host's folder for the target, if it has one. */
  hostFolder?: string;
}

export interface DocstringConventions {
  style: ResolvedStyle;
  lineLength: number;
}

interface ReadConfig {
  file?: string;
  config: Omit<ProjectConfig, 'file'>;
  error?: string;
}

export class ProjectResolver {
  private readonly configs = new Map<string, ReadConfig>();
  private readonly samples = new Map<string, Record<DocstringStyle, number>>();

  constructor(private readonly host: ResolverHost) {}

  /** The project of a file, or of a folder (a run's root: its own pyproject.toml counts). An absolute path; a relative one (an untitled document) has no project. */
  project(target: string, layers: SettingsLayers = {}): ResolvedProject {
    const base = layers.base ?? DEFAULT_SETTINGS;
    const own = isFolder(target) ? target : path.dirname(target);
    const read: ReadConfig = path.isAbsolute(target) ? this.config(own) : { config: { values: {}, ruff: {} } };
    const hostFolder = path.isAbsolute(target) ? this.host.folderOf(target) : undefined;
    const root = read.file ? path.dirname(read.file) : hostFolder !== undefined && isWithin(target, hostFolder) ? hostFolder : own;
    const keys = this.host.projectDecides === 'findings' ? PROJECT_KEYS : MERGED_KEYS;
    const merged = mergeSettings(base, read.config.values, keys, layers.overrides);
    const hostBase = hostFolder ?? root;
    const excludeBase = read.file && merged.decided.includes('exclude') ? root : hostBase;
    const baselineBase = read.file && merged.decided.includes('baseline') && layers.overrides?.baseline === undefined ? root : hostBase;
    if (merged.settings.baseline) merged.settings.baseline = path.resolve(baselineBase, merged.settings.baseline);
    return {
      ...(read.file ? { pyproject: read.file } : {}),
      ...(read.error ? { error: read.error } : {}),
      ...(hostFolder !== undefined ? { hostFolder } : {}),
      root,
      ...merged,
      exclude: [{ patterns: merged.settings.exclude, base: excludeBase }, { patterns: layers.exclude ?? [], base: hostBase }],
      config: read.config,
    };
  }

  /** Whether a `check` of the project skips `file`: an exclude rule or a virtual environment on its way. */
  excluded(file: string, project: ResolvedProject): boolean {
    return project.exclude.some((rule) => isExcludedPath(file, rule.base, rule.patterns));
  }

  /** The style new docstrings get and the line length they are wrapped to. `ownSource`: the file's text, its own sample when nothing may be walked. */
  conventions(project: ResolvedProject, ownSource = ''): DocstringConventions {
    const { values, ruff } = project.config;
    const configuredStyle = validValue('style', values.style);
    const needsSample = project.settings.style === 'auto' && !configuredStyle && !ruff.convention;
    const style = resolveStyle(project.settings.style, {
      ...(configuredStyle ? { configured: configuredStyle } : {}),
      ...(ruff.convention ? { ruffConvention: ruff.convention } : {}),
      ...(needsSample ? { counts: this.sample(project, ownSource) } : {}),
    });
    return { style, lineLength: validValue('lineLength', values.lineLength) ?? ruff.lineLength ?? project.settings.lineLength };
  }

  /** Forget what was read (a pyproject.toml, the settings or the files changed). */
  clear(): void {
    this.configs.clear();
    this.samples.clear();
  }

  private config(dir: string): ReadConfig {
    let cached = this.configs.get(dir);
    if (!cached) {
      cached = readConfig(findPyproject(dir));
      this.configs.set(dir, cached);
    }
    return cached;
  }

  private sample(project: ResolvedProject, ownSource: string): Record<DocstringStyle, number> {
    const folder = this.host.mayWalk(project.root) ? project.root : project.hostFolder;
    if (folder === undefined) {
      const own = emptyCounts();
      countStyles(ownSource, own);
      return own;
    }
    const rule = project.exclude[0]!;
    const key = JSON.stringify([folder, rule, project.settings.maxFileSizeKb]);
    let counts = this.samples.get(key);
    if (!counts) {
      counts = sampleCounts(folder, rule, project.settings.maxFileSizeKb);
      this.samples.set(key, counts);
    }
    return counts;
  }
}

/** Every key but the conventions' (read by `conventions`): what a CLI run's project decides. */
const MERGED_KEYS = (Object.keys(settingsSchema.shape) as SettingsKey[]).filter((key) => !(CONVENTION_KEYS as readonly string[]).includes(key));

function readConfig(file: string | undefined): ReadConfig {
  const empty = { values: {}, ruff: {} };
  if (!file) return { config: empty };
  try {
    const read = readRegularFile(file, PYPROJECT_LIMIT_KB);
    if (!read.ok) return { file, config: empty, error: `${file}: ${read.reason}` };
    return { file, config: parseProjectConfig(read.bytes.toString('utf8')) };
  } catch (error) {
    return { file, config: empty, error: `${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Style counts over a bounded walk of `folder`, every notebook code cell included. */
function sampleCounts(folder: string, exclude: ExcludeRule, maxFileSizeKb: number): Record<DocstringStyle, number> {
  const counts = emptyCounts();
  const { files } = collectFiles([folder], [exclude], folder, { gitignore: true, notebooks: true, limit: { files: SAMPLE_FILES, directories: SAMPLE_DIRECTORIES } });
  for (const file of files) {
    const read = readRegularFile(file, maxFileSizeKb);
    if (!read.ok) continue; // reported where the file itself is used
    const text = read.bytes.toString('utf8');
    if (!file.endsWith('.ipynb')) countStyles(text, counts);
    else {
      const notebook = readNotebook(text);
      if (notebook.ok) for (const cell of notebook.cells) countStyles(cell.source, counts);
    }
  }
  return counts;
}

export interface MergedSettings {
  settings: Settings;
  decided: string[];
  problems: SettingsProblem[];
  ignoredLlmKeys: string[];
}

/**
 * `base` < the project's values for `keys` < `overrides`. Each project value is checked on its
 * own: an invalid one is a problem and the base's kept. The style and the line length are
 * checked (and named as decided) but left to `conventions`.
 */
export function mergeSettings(base: Settings, project: Record<string, unknown>, keys: readonly SettingsKey[], overrides: Partial<Settings> = {}): MergedSettings {
  const { values, ignored } = withoutForbiddenLlmKeys(project);
  const settings: Record<string, unknown> = { ...base };
  const problems: SettingsProblem[] = [];
  const decided: string[] = [];
  for (const key of [...keys, ...CONVENTION_KEYS]) {
    if (!(key in values)) continue;
    decided.push(key);
    const isConvention = (CONVENTION_KEYS as readonly string[]).includes(key);
    if (key === 'llm') settings.llm = mergeLlm(base.llm, values.llm, problems);
    else {
      const result = fieldOf(key).safeParse(values[key]);
      if (!result.success) problems.push({ key, message: issuesOf(result.error) });
      else if (!isConvention) settings[key] = result.data;
    }
  }
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) settings[key] = value;
  return { settings: settings as Settings, decided, problems, ignoredLlmKeys: keys.includes('llm') ? ignored : [] };
}

/** `[tool.docwright.llm]` key by key over the base's, so one bad value does not reset its neighbours. */
function mergeLlm(base: LlmSettings, given: unknown, problems: SettingsProblem[]): LlmSettings {
  const raw = given && typeof given === 'object' && !Array.isArray(given) ? given as Record<string, unknown> : {};
  const merged: Record<string, unknown> = { ...base };
  for (const [key, field] of Object.entries(llmSchema.shape)) {
    if (!(key in raw)) continue;
    const result = (field as z.ZodType).safeParse(raw[key]);
    if (result.success) merged[key] = result.data;
    else problems.push({ key: `llm.${key}`, message: issuesOf(result.error) });
  }
  return merged as LlmSettings;
}

function fieldOf(key: SettingsKey): z.ZodType {
  return settingsSchema.shape[key];
}

function issuesOf(error: z.ZodError): string {
  return error.issues.map((i) => i.message).join('; ');
}

/** A project's style or line length when it is valid (an invalid one is a problem of the merge). */
function validValue<K extends (typeof CONVENTION_KEYS)[number]>(key: K, value: unknown): Settings[K] | undefined {
  if (value === undefined) return undefined;
  const result = fieldOf(key).safeParse(value);
  return result.success ? result.data as Settings[K] : undefined;
}

function isFolder(target: string): boolean {
  try {
    return statSync(target, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false; // unresolvable (a loop, too long): not a folder the project can start from
  }
}

/** Whether `file` is `folder` or lies under it, by their paths as written. */
export function isWithin(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The folder an export's module names count from, the same in both hosts (core/report/moduleName):
 * above the outermost package holding the export's root, so `pkg/sub/mod.py` is `pkg.sub.mod`
 * however far down the root, or the editor's folder, is.
 */
export function exportBase(root: string): string {
  const folders = [isFolder(root) ? root : path.dirname(root)];
  for (let folder = folders[0]!; path.dirname(folder) !== folder; folder = path.dirname(folder)) folders.push(path.dirname(folder));
  return importBase(folders, (folder) => existsSync(path.join(folder, '__init__.py')));
}

/** The name `file` is exported under, from `base` (see exportBase). */
export function exportName(file: string, base: string): string {
  return dottedName(path.relative(base, file));
}

/** A path as a host shows it: relative to `folder` when it lies inside, '/'-separated; else as given. */
export function displayPath(file: string, folder: string): string {
  const rel = path.relative(folder, file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}
