import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import ignore, { type Ignore } from 'ignore';
import * as path from 'node:path';
import picomatch from 'picomatch';

/** Expands the CLI's PATH arguments into Python files (and, for check and metrics, notebooks). */

export const DEFAULT_EXCLUDED_DIRS = new Set(['.git', '.hg', '.svn', '.venv', 'venv', 'node_modules', '__pycache__', 'site-packages', '.tox', '.mypy_cache', '.ruff_cache']);

export interface FileSelection {
  files: string[];
  missing: string[];
}

export interface CollectOptions {
  /** Honour .gitignore files met on the way down (the editor's workspace runs do). */
  gitignore?: boolean;
  /** Also collect Jupyter notebooks (`.ipynb`) met on the way down. */
  notebooks?: boolean;
}

type IgnoreRules = { base: string; rules: Ignore };

function gitignoreAt(dir: string, inherited: IgnoreRules[]): IgnoreRules[] {
  const file = path.join(dir, '.gitignore');
  if (!existsSync(file)) return inherited;
  try {
    return [...inherited, { base: dir, rules: ignore().add(readFileSync(file, 'utf8')) }];
  } catch {
    return inherited;
  }
}

function gitIgnored(abs: string, isDir: boolean, rules: IgnoreRules[]): boolean {
  return rules.some(({ base, rules: r }) => {
    const rel = path.relative(base, abs).split(path.sep).join('/');
    return rel !== '' && !rel.startsWith('..') && r.ignores(isDir ? `${rel}/` : rel);
  });
}

/** A path matches an exclude pattern by its path relative to `base`, its name, or its absolute path. */
function exclusionMatcher(patterns: string[], base: string): (abs: string) => boolean {
  if (!patterns.length) return () => false;
  const matches = picomatch(patterns, { dot: true });
  return (abs) => matches(path.relative(base, abs).split(path.sep).join('/')) || matches(path.basename(abs)) || matches(abs);
}

/**
 * Whether a run of `docwright check` from `root` would skip `file` (the editor asks this of an
 * open file): the file or a directory on the way to it matches a pattern, or that directory is
 * one skipped by default (a virtual environment, site-packages, .git…). Outside `root`, only
 * the default directories count, anywhere in the path — a library opened from site-packages.
 */
export function isExcludedPath(file: string, projectRoot: string, patterns: string[]): boolean {
  const abs = path.resolve(file);
  const root = path.resolve(projectRoot);
  const rel = path.relative(root, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    return abs.split(path.sep).slice(0, -1).some((segment) => DEFAULT_EXCLUDED_DIRS.has(segment));
  }
  const isExcluded = exclusionMatcher(patterns, root);
  let dir = path.dirname(abs);
  const ancestors: string[] = [];
  for (; dir.length > root.length && dir !== path.dirname(dir); dir = path.dirname(dir)) ancestors.push(dir);
  return isExcluded(abs) || ancestors.some((d) => DEFAULT_EXCLUDED_DIRS.has(path.basename(d)) || isExcluded(d));
}

/**
 * Exclude patterns and the folder they are relative to: a pyproject.toml's `exclude` its own
 * folder (as in ruff), `--exclude` flags the working directory.
 */
export interface ExcludeRule {
  patterns: string[];
  base: string;
}

export function collectFiles(paths: string[], exclude: ExcludeRule[], cwd: string, options: CollectOptions = {}): FileSelection {
  const matchers = exclude.map((rule) => exclusionMatcher(rule.patterns, rule.base));
  const isExcluded = (abs: string) => matchers.some((matches) => matches(abs));
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string, inherited: IgnoreRules[] = []) => {
    const rules = options.gitignore ? gitignoreAt(dir, inherited) : inherited;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const abs = path.join(dir, name);
      const stat = statSync(abs, { throwIfNoEntry: false }); // undefined for a dangling symlink
      if (!stat) continue;
      if (stat.isDirectory()) {
        if (!DEFAULT_EXCLUDED_DIRS.has(name) && !isExcluded(abs) && !gitIgnored(abs, true, rules)) walk(abs, rules);
      } else if ((name.endsWith('.py') || (options.notebooks && name.endsWith('.ipynb'))) && !isExcluded(abs) && !gitIgnored(abs, false, rules)) {
        files.push(abs);
      }
    }
  };
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    const stat = statSync(abs, { throwIfNoEntry: false });
    if (!stat) {
      missing.push(given);
      continue;
    }
    // A file named explicitly is analysed even if it matches an exclude pattern, as in ruff.
    if (stat.isDirectory()) walk(abs);
    else files.push(abs);
  }
  return { files: [...new Set(files)], missing };
}
