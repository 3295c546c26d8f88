import * as path from 'node:path';
import { readNotebook } from '../core/parse/notebook';
import { countStyles, emptyCounts, resolveStyle, type ResolvedStyle, type StyleSetting } from '../core/docstring/style';
import { readProjectConfig, type ProjectConfig } from '../workspace/config';
import type { ExcludeRule } from '../workspace/files';
import { readRegularFile } from '../workspace/read';
import { parseSettings, withoutForbiddenLlmKeys, type Settings } from '../shared/settings';
import { codeList, integerFlag, UsageError, type Flags } from './flags';
import type { TextSink } from './io';

/**
 * How the CLI resolves a run's project: its settings (pyproject.toml, then flags), its
 * excludes with their bases, and for `document` the docstring style and line length. Every
 * command asks here, so that this is the one place to change how a project is resolved.
 */

export interface ResolvedProject {
  project: ProjectConfig;
  settings: Settings;
}

/** The project of the first PATH, its `[tool.docwright]` checked, overridden by the flags. */
export function resolveProject(paths: string[], flags: Flags, project = readProjectConfig(paths[0]!)): ResolvedProject {
  return { project, settings: resolveSettings(flags, project) };
}

function resolveSettings(flags: Flags, project: ProjectConfig): Settings {
  const { settings, problems } = parseSettings(project.values);
  if (problems.length) {
    throw new UsageError(problems.map((p) => `${project.file}: [tool.docwright] ${p.key}: ${p.message}`).join('\n'));
  }
  const merged: Settings = { ...settings };
  const select = codeList('select', flags.select);
  if (select !== undefined) merged.select = select;
  const ignore = codeList('ignore', flags.ignore);
  if (ignore !== undefined) merged.ignore = ignore;
  const maxCyclomatic = integerFlag('max-cyclomatic', flags['max-cyclomatic']);
  if (maxCyclomatic !== undefined) merged.maxCyclomatic = maxCyclomatic;
  const maxCognitive = integerFlag('max-cognitive', flags['max-cognitive']);
  if (maxCognitive !== undefined) merged.maxCognitive = maxCognitive;
  const maxNesting = integerFlag('max-nesting', flags['max-nesting']);
  if (maxNesting !== undefined) merged.maxNesting = maxNesting;
  return merged;
}

/** `[tool.docwright] exclude` is relative to its pyproject.toml's folder (as in ruff); `--exclude` to the working directory. */
export function excludeRules(resolved: ResolvedProject, flags: Flags, cwd: string): ExcludeRule[] {
  return [
    { patterns: resolved.settings.exclude, base: resolved.project.file ? path.dirname(resolved.project.file) : cwd },
    { patterns: flags.exclude ?? [], base: cwd },
  ];
}

/**
 * A project's settings without the LLM keys it may not set (where code and the API key are
 * sent): a cloned repository must not choose them. Said once, not an error.
 */
export function trustedProjectConfig(project: ProjectConfig, stderr: TextSink): ProjectConfig {
  const { values, ignored } = withoutForbiddenLlmKeys(project.values);
  if (ignored.length) {
    const keys = ignored.map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)).join(', ');
    stderr.write(`docwright: ${project.file}: [tool.docwright.llm] ${keys} ignored: a project may not choose where its code and your API key are sent; `
      + 'use --provider and --base-url, or DOCWRIGHT_LLM_PROVIDER, DOCWRIGHT_LLM_BASE_URL, AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT in the environment\n');
  }
  return { ...project, values };
}

/** The style `document` writes: the flag or setting, else the project's, else what `files` already use. */
export function documentStyle(setting: StyleSetting, resolved: ResolvedProject, files: string[]): ResolvedStyle {
  const { project, settings } = resolved;
  return resolveStyle(setting, {
    ...(typeof project.values.style === 'string' ? { configured: project.values.style } : {}),
    ...(project.ruff.convention ? { ruffConvention: project.ruff.convention } : {}),
    counts: styleCounts(files, settings.maxFileSizeKb),
  });
}

/** `[tool.docwright] line-length`, else ruff's, else the setting's default. */
export function lineLengthOf({ project, settings }: ResolvedProject): number {
  if (project.values.lineLength !== undefined) return settings.lineLength;
  return project.ruff.lineLength ?? settings.lineLength;
}

/** Existing docstrings by style, for `style = auto` with nothing configured. Cheap: regexes, no parse. */
function styleCounts(files: string[], maxFileSizeKb: number): ReturnType<typeof emptyCounts> {
  const counts = emptyCounts();
  for (const file of files) {
    const read = readRegularFile(file, maxFileSizeKb);
    if (!read.ok) continue; // reported when the file itself is documented
    const text = read.bytes.toString('utf8');
    if (!file.endsWith('.ipynb')) countStyles(text, counts);
    else {
      const notebook = readNotebook(text);
      if (notebook.ok) for (const cell of notebook.cells) countStyles(cell.source, counts);
    }
  }
  return counts;
}
