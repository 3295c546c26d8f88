import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';

/** No hand-written pyproject.toml comes near this; a larger one is refused rather than parsed. */
export const PYPROJECT_LIMIT_KB = 1024;

/** `[tool.docwright]` from the nearest pyproject.toml, keys normalised to the settings' camelCase. */

export interface ProjectConfig {
  file?: string;
  values: Record<string, unknown>;
  /** ruff's settings we follow when ours are absent: pydocstyle convention and line length. */
  ruff: { convention?: string; lineLength?: number };
}

export function findPyproject(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, 'pyproject.toml');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}


export function parseProjectConfig(text: string): Omit<ProjectConfig, 'file'> {
  const document = parseToml(text) as Record<string, unknown>;
  const tool = (document.tool ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const table = tool.docwright ?? {};
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(table)) {
    // [tool.docwright.llm] is a table of its own, spelled the same ways.
    values[camelCase(key)] = key === 'llm' && value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [camelCase(k), v]))
      : value;
  }
  const ruffTable = tool.ruff ?? {};
  const lint = (ruffTable.lint ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const pydocstyle = lint.pydocstyle ?? (ruffTable.pydocstyle as Record<string, unknown> | undefined) ?? {};
  const ruff: ProjectConfig['ruff'] = {};
  if (typeof pydocstyle.convention === 'string') ruff.convention = pydocstyle.convention;
  const lineLength = ruffTable['line-length'];
  if (typeof lineLength === 'number') ruff.lineLength = lineLength;
  return { values, ruff };
}

/** `max-cyclomatic`, `max_cyclomatic` and `maxCyclomatic` all name the same setting. */
export function camelCase(key: string): string {
  return key.replace(/[-_]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}
