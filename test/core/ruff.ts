import { PositionEncoding, Workspace, type Diagnostic } from '@astral-sh/ruff-wasm-nodejs';
import type { Docstring } from '../../server/src/core/analysis/model';
import { decodeLiteral } from '../../server/src/core/docstring/literal';
import type { DocstringStyle } from '../../server/src/core/docstring/model';
import { detectStyle } from '../../server/src/core/docstring/parse';
import { analyze } from './helpers';

/**
 * ruff's pydocstyle rules (its WASM build) over a source, and the findings Docwright's edits
 * are answerable for: each finding is charged to the docstring it sits in, or to the definition
 * whose line it is on, and compared with what that docstring drew before (scripts/convention.mjs
 * does the same over the whole standard library).
 */

/** The convention each style is checked against: Sphinx docstrings follow PEP 257. */
export const CONVENTION: Record<DocstringStyle, 'google' | 'numpy' | 'pep257'> = { google: 'google', numpy: 'numpy', sphinx: 'pep257' };

export interface RuffFinding {
  code: string;
  /** 0-based. */
  line: number;
  message: string;
}

const workspaces = new Map<string, Workspace>();

/** ruff's D findings under a convention (the rules the convention turns off stay off). */
export function pydocstyle(source: string, convention: string): RuffFinding[] {
  let workspace = workspaces.get(convention);
  if (!workspace) {
    workspace = new Workspace({ lint: { select: ['D'], pydocstyle: { convention } } }, PositionEncoding.Utf16);
    workspaces.set(convention, workspace);
  }
  return (workspace.check(source) as Diagnostic[])
    .filter((d): d is Diagnostic & { code: string } => d.code?.startsWith('D') ?? false)
    .map((d) => ({ code: d.code, line: d.start_location.row - 1, message: d.message }));
}

interface Owner { key: string; defLine: number; first: number; last: number; style: DocstringStyle | null }

/** Every docstring owner of a module: the module itself and each definition, by qualified name. */
async function owners(source: string): Promise<Owner[]> {
  const analysis = await analyze(source);
  const seen = new Map<string, number>();
  const owner = (key: string, defLine: number, docstring: Docstring | undefined): Owner => ({
    key, defLine, first: docstring?.span.startLine ?? -1, last: docstring?.span.endLine ?? -1,
    style: docstring ? detectStyle(decodeLiteral(docstring.raw).value) : null,
  });
  const list = [owner('<module>', -1, analysis.docstring)];
  for (const d of analysis.definitions) {
    seen.set(d.qualname, (seen.get(d.qualname) ?? 0) + 1);
    list.push(owner(`${d.qualname}#${seen.get(d.qualname)}`, d.nameSpan.startLine, d.docstring));
  }
  return list;
}

function byOwner(list: Owner[], findings: RuffFinding[]): Map<string, RuffFinding[]> {
  const map = new Map<string, RuffFinding[]>();
  for (const f of findings) {
    const owner = list.find((o) => o.first >= 0 && f.line >= o.first && f.line <= o.last) ?? list.find((o) => o.defLine === f.line);
    const key = `${owner?.key ?? '<file>'} ${f.code}`;
    map.set(key, [...(map.get(key) ?? []), f]);
  }
  return map;
}

/**
 * Findings after that their docstring did not draw before, each docstring judged by the
 * convention of its own style (an update keeps a docstring's style), a new one by the style
 * written. `fresh`: the docstring kept that rule before, or is new; `inherited`: the author's
 * docstring already broke it.
 */
export async function newFindings(before: string, after: string, style: DocstringStyle): Promise<{ fresh: RuffFinding[]; inherited: RuffFinding[] }> {
  const ownersBefore = await owners(before);
  const ownersAfter = await owners(after);
  const judge = new Map(ownersBefore.map((o) => [o.key, CONVENTION[o.style ?? style]]));
  const fresh: RuffFinding[] = [];
  const inherited: RuffFinding[] = [];
  for (const convention of new Set([CONVENTION[style], ...judge.values()])) {
    const old = byOwner(ownersBefore, pydocstyle(before, convention));
    for (const [key, list] of byOwner(ownersAfter, pydocstyle(after, convention))) {
      if ((judge.get(key.slice(0, key.lastIndexOf(' '))) ?? CONVENTION[style]) !== convention) continue;
      const had = old.get(key)?.length ?? 0;
      (had > 0 ? inherited : fresh).push(...list.slice(had));
    }
  }
  return { fresh, inherited };
}
