/**
 * What the output channel says when the extension starts: where each setting that is not a
 * default came from, and which project files decide settings too. Apart from the vscode API, so
 * the words are unit-tested.
 */

/** One setting as `WorkspaceConfiguration.inspect` answers (values only where set). */
export interface SettingOrigin {
  key: string;
  user?: unknown;
  workspace?: unknown;
  folder?: unknown;
}

export function settingsLine(origins: SettingOrigin[]): string {
  const where = (scope: 'user' | 'workspace' | 'folder') => origins.filter((o) => o[scope] !== undefined).map((o) => o.key);
  const parts = ([['user settings', where('user')], ['workspace settings', where('workspace')], ['folder settings', where('folder')]] as const)
    .filter(([, keys]) => keys.length)
    .map(([label, keys]) => `${label}: ${keys.join(', ')}`);
  return parts.length ? `Settings set in ${parts.join('; ')} (the rest are defaults).` : 'Settings: all defaults (nothing set in user, workspace or folder settings).';
}

export interface ProjectFile {
  /** Relative to its workspace folder. */
  path: string;
  text: string;
}

/** A pyproject.toml decides thresholds, codes and excludes with `[tool.docwright]`, and style and line length with ruff's tables. */
export function projectFilesLine(files: ProjectFile[]): string {
  if (files.length === 0) return 'Project files: no pyproject.toml in the workspace; the settings above decide.';
  const described = files.map((f) => {
    const tables = [/^\s*\[tool\.docwright[\].]/m.test(f.text) ? '[tool.docwright]' : '', /^\s*\[tool\.ruff[\].]/m.test(f.text) ? '[tool.ruff]' : ''].filter(Boolean);
    return `${f.path} (${tables.length ? tables.join(', ') : 'no Docwright or ruff table'})`;
  });
  return `Project files: ${described.join(', ')}.`;
}
