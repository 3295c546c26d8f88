import * as path from 'node:path';
import type { ExcludeRule } from '../workspace/files';
import { ProjectResolver, type DocstringConventions } from '../workspace/resolver';
import type { Settings } from '../shared/settings';
import type { StyleSetting } from '../core/docstring/style';
import { choice, codeList, integerFlag, UsageError, type Flags } from './flags';
import type { TextSink } from './io';

/**
 * A CLI run's project, from the one resolver both hosts use (workspace/resolver.ts): the first
 * PATH's pyproject.toml, then the flags. The CLI's folder is its working directory: `--exclude`
 * is relative to it, and the style sample may walk the whole project.
 */

export interface ResolvedProject {
  /** The nearest pyproject.toml to the first PATH, if any. */
  pyproject?: string;
  settings: Settings;
  /** `[tool.docwright] exclude` relative to its pyproject.toml's folder, `--exclude` to the working directory. */
  exclude: ExcludeRule[];
  /** `[tool.docwright.llm]` keys the project may not set, dropped. */
  ignoredLlmKeys: string[];
  /** The style `document` writes and the line length it wraps to. */
  conventions(): DocstringConventions;
}

const STYLES: readonly StyleSetting[] = ['auto', 'google', 'numpy', 'sphinx'];

/** The project of the first PATH, its `[tool.docwright]` checked (a bad value is a usage error), overridden by the flags. */
export function resolveProject(paths: string[], flags: Flags, cwd = process.cwd()): ResolvedProject {
  const resolver = new ProjectResolver({ folderOf: () => cwd, mayWalk: () => true, projectDecides: 'all' });
  const project = resolver.project(path.resolve(cwd, paths[0]!), { overrides: flagOverrides(flags), exclude: flags.exclude ?? [] });
  if (project.error) throw new Error(project.error);
  if (project.problems.length) {
    throw new UsageError(project.problems.map((p) => `${project.pyproject}: [tool.docwright] ${p.key}: ${p.message}`).join('\n'));
  }
  return {
    ...(project.pyproject ? { pyproject: project.pyproject } : {}),
    settings: project.settings,
    exclude: project.exclude,
    ignoredLlmKeys: project.ignoredLlmKeys,
    conventions: () => resolver.conventions(project),
  };
}

/** What the flags set over the project: codes, thresholds and the style. */
function flagOverrides(flags: Flags): Partial<Settings> {
  const style = choice('--style', flags.style, STYLES);
  return {
    select: codeList('select', flags.select),
    ignore: codeList('ignore', flags.ignore),
    maxCyclomatic: integerFlag('max-cyclomatic', flags['max-cyclomatic']),
    maxCognitive: integerFlag('max-cognitive', flags['max-cognitive']),
    maxNesting: integerFlag('max-nesting', flags['max-nesting']),
    baseline: flags.baseline === undefined ? undefined : path.resolve(flags.baseline),
    style,
  };
}

/** The LLM keys a project may not set (where code and the API key are sent) are ignored: said once, not an error. */
export function sayIgnoredLlmKeys(resolved: ResolvedProject, stderr: TextSink): void {
  if (!resolved.ignoredLlmKeys.length) return;
  const keys = resolved.ignoredLlmKeys.map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)).join(', ');
  stderr.write(`docwright: ${resolved.pyproject}: [tool.docwright.llm] ${keys} ignored: a project may not choose where its code and your API key are sent; `
    + 'use --provider and --base-url, or DOCWRIGHT_LLM_PROVIDER, DOCWRIGHT_LLM_BASE_URL, AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT in the environment\n');
}
