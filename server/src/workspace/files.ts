import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import ignore, { type Ignore } from 'ignore';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { kindOf, readRegularFile } from './read';

/** Expands the CLI's PATH arguments into Python files (and, for check and metrics, notebooks). */

export const DEFAULT_EXCLUDED_DIRS = new Set(['.git', '.hg', '.svn', '.venv', 'venv', 'node_modules', '__pycache__', 'site-packages', '.tox', '.mypy_cache', '.ruff_cache']);

export interface FileSelection {
  files: string[];
  missing: string[];
  skipped: SkippedEntry[];
}

export interface CollectOptions {
  /** Honour .gitignore files met on the way down (the editor's workspace runs do). */
  gitignore?: boolean;
  /** Also collect Jupyter notebooks (`.ipynb`) met on the way down. */
  notebooks?: boolean;
  /** A bounded walk (a sample): stop at this many files, or at this many directories entered. */
  limit?: { files: number; directories: number };
}

/** A .gitignore larger than this is not one a person wrote; it is left unread. */
const GITIGNORE_LIMIT_KB = 1024;

type IgnoreRules = { base: string; rules: Ignore };

function gitignoreAt(dir: string, inherited: IgnoreRules[]): IgnoreRules[] {
  const read = readRegularFile(path.join(dir, '.gitignore'), GITIGNORE_LIMIT_KB);
  if (!read.ok) return inherited;
  return [...inherited, { base: dir, rules: ignore().add(read.bytes.toString('utf8')) }];
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

/** An entry the walk met and did not take, with the reason a user is told. */
export interface SkippedEntry {
  path: string;
  reason: string;
}

/**
 * Walks the given paths for Python files (and notebooks). The walk never leaves the roots it
 * was given: a symbolic link is followed only when its target lies inside one of them (ruff's
 * rule), each directory is entered once (so a link loop ends), and an entry that cannot be
 * read, resolved or walked is named in `skipped` while the rest of the walk goes on. Only
 * regular files are selected; a FIFO or a device named `x.py` is skipped with its kind.
 */
export function collectFiles(paths: string[], exclude: ExcludeRule[], cwd: string, options: CollectOptions = {}): FileSelection {
  const matchers = exclude.map((rule) => exclusionMatcher(rule.patterns, rule.base));
  const walk = new Walk((abs) => matchers.some((matches) => matches(abs)), options);
  const missing: string[] = [];
  const givenDirs: string[] = [];
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    let stat: Stats | undefined;
    try {
      stat = statSync(abs, { throwIfNoEntry: false });
    } catch (error) {
      walk.skip(abs, unresolvable(error));
      continue;
    }
    if (!stat) missing.push(given);
    // A file named explicitly is analysed even if it matches an exclude pattern, as in ruff;
    // the reader decides whether it is a regular file.
    else if (!stat.isDirectory()) walk.take(abs);
    else givenDirs.push(abs);
  }
  walk.roots = givenDirs.map((dir) => realpathSync(dir));
  for (const dir of givenDirs) walk.directory(dir, realpathSync(dir), []);
  return { files: walk.files, missing, skipped: walk.skipped };
}

/** The state of one walk: what was taken, what was skipped, which real directories were entered. */
class Walk {
  readonly files: string[] = [];
  readonly skipped: SkippedEntry[] = [];
  roots: string[] = [];
  private readonly entered = new Set<string>();
  private readonly taken = new Map<string, number>(); // real path -> index in files

  constructor(private readonly isExcluded: (abs: string) => boolean, private readonly options: CollectOptions) {}

  skip(abs: string, reason: string): void {
    this.skipped.push({ path: abs, reason });
  }

  /** Whether a bounded walk has all the files it may take. */
  private get full(): boolean {
    return this.options.limit !== undefined && this.files.length >= this.options.limit.files;
  }

  /** Takes a file once, however many links lead to it, by its own path when the walk meets that. */
  take(abs: string, real = abs): void {
    const index = this.taken.get(real);
    if (index === undefined) {
      if (this.full) return;
      this.taken.set(real, this.files.length);
      this.files.push(abs);
    } else if (abs === real) this.files[index] = abs;
  }

  directory(dir: string, real: string, inherited: IgnoreRules[]): void {
    if (this.entered.has(real) || this.full || this.entered.size >= (this.options.limit?.directories ?? Infinity)) return;
    this.entered.add(real);
    const rules = this.options.gitignore ? gitignoreAt(dir, inherited) : inherited;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      this.skip(dir, `cannot read the directory: ${errorCode(error)}`);
      return;
    }
    for (const name of names) {
      if (this.full) return;
      this.entry(path.join(dir, name), name, rules);
    }
  }

  private entry(abs: string, name: string, rules: IgnoreRules[]): void {
    const wanted = name.endsWith('.py') || (this.options.notebooks === true && name.endsWith('.ipynb'));
    let link: Stats;
    try {
      link = lstatSync(abs);
    } catch (error) {
      this.skip(abs, unresolvable(error));
      return;
    }
    const isLink = link.isSymbolicLink();
    let real = abs;
    let stat = link;
    if (isLink) {
      try {
        real = realpathSync(abs);
        stat = statSync(real);
      } catch (error) {
        // A dangling link is not worth a line unless it wears a source file's name.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || wanted) this.skip(abs, unresolvable(error));
        return;
      }
    }
    const isDir = stat.isDirectory();
    if (isDir ? DEFAULT_EXCLUDED_DIRS.has(name) : !wanted) return;
    if (this.isExcluded(abs) || gitIgnored(abs, isDir, rules)) return;
    if (isLink && !this.roots.some((root) => isInside(real, root))) {
      this.skip(abs, `symbolic link to ${real}, outside the paths given`);
      return;
    }
    if (isDir) this.directory(abs, real, rules);
    else if (!stat.isFile()) this.skip(abs, `not a regular file (${kindOf(stat)})`);
    else this.take(abs, real);
  }
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

function unresolvable(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ELOOP': return 'symbolic link loop (ELOOP)';
    case 'ENAMETOOLONG': return 'path too long (ENAMETOOLONG)';
    case 'ENOENT': return 'broken symbolic link';
    case 'EACCES': return 'permission denied (EACCES)';
    default: return `cannot read: ${errorCode(error)}`;
  }
}
