import type { Definition, ModuleAnalysis } from '../analysis/model';
import { refusal, slotsToDocument, unparsedSlots, type Only, type SlotRequest } from '../docstring/engine';
import { slotOf } from '../docstring/targets';
import { findings } from '../rules/findings';
import type { ForeignClasses } from '../analysis/exceptions';
import type { Settings } from '../../shared/settings';
import type { Choice, PlannedSlot, Refusal, Scope } from './model';
import { placeIn, type Unit } from './units';

/**
 * Which docstrings of a unit a run writes, and how a slot planned on one text is found again
 * on another (invariant 4): by qualified name and signature, within its notebook cell.
 */

export function signatureOf(d: Definition): string {
  return `${d.kind}(${d.parameters.map((p) => `${p.kind}:${p.name}:${p.annotation ?? ''}=${p.default ?? ''}`).join(',')})->${d.returnAnnotation ?? ''}`;
}

/** Every slot of a unit a run could touch, missing (`generate`) and stale (`update`). */
export function slotsFor(analysis: ModuleAnalysis, identity: { path: string; cell?: boolean }, source: string, settings: Settings, scope: Scope, foreign?: ForeignClasses): SlotRequest[] {
  const fromFindings = slotsToDocument(analysis, findings(analysis, identity, source, settings, undefined, foreign), 'all');
  if (scope === 'public') return fromFindings;
  // Private ones too: every definition without a docstring (locals of functions excepted).
  const known = new Set(fromFindings.map((s) => s.index));
  const extra: SlotRequest[] = analysis.definitions.flatMap((d, index) =>
    !d.hasDocstringToken && !d.hasSyntaxError && d.parentKind !== 'function' && !known.has(index) ? [{ index, action: 'generate' as const }] : []);
  return [...fromFindings, ...extra].sort((a, b) => a.index - b.index);
}

/** Whether `only` includes a slot: missing ones are generated, stale ones updated. */
export function included(slot: SlotRequest, only: Only): boolean {
  return only === 'all' || (only === 'missing') === (slot.action === 'generate');
}

/** What a unit's plan holds: the slots to write, and what the run leaves out or alone. */
export interface UnitPlan {
  requests: SlotRequest[];
  slots: PlannedSlot[];
  leftOut: { missing: number; stale: number };
  unparsed: Refusal[];
  refused: Refusal[];
}

export function planUnit(file: string, path: string, unit: Unit, analysis: ModuleAnalysis, settings: Settings, choice: Choice, foreign?: ForeignClasses): UnitPlan {
  const identity = unit.cell ? { path, cell: true } : { path };
  const every = slotsFor(analysis, identity, unit.source, settings, choice.scope, foreign);
  const requests = every.filter((s) => included(s, choice.only));
  const leftOut = { missing: 0, stale: 0 };
  for (const s of every) if (!included(s, choice.only)) leftOut[s.action === 'generate' ? 'missing' : 'stale']++;
  const refusalOf = (index: number): Refusal => {
    const slot = slotOf(analysis, index, path);
    return { file, qualname: slot.qualname, ...placeIn(unit, analysis, index), reason: refusal(slot)! };
  };
  const slots = requests.map((s): PlannedSlot => {
    const d = s.index >= 0 ? analysis.definitions[s.index]! : undefined;
    return {
      qualname: d ? d.qualname : '<module>', signature: d ? signatureOf(d) : '', action: s.action === 'update' ? 'update' : 'generate',
      ...placeIn(unit, analysis, s.index),
    };
  });
  return {
    requests, slots, leftOut,
    unparsed: unparsedSlots(analysis, choice.only, choice.scope).map(refusalOf),
    refused: notDocstrings(analysis, unit).map(refusalOf),
  };
}

/** Strings in docstring position that are not docstrings (f-strings, concatenations, bytes): said, never touched. */
function notDocstrings(analysis: ModuleAnalysis, unit: Unit): number[] {
  const module = unit.cell ? [] : [-1];
  return [...module, ...analysis.definitions.keys()].filter((i) => (i < 0
    ? analysis.hasDocstringToken && !analysis.docstring
    : analysis.definitions[i]!.hasDocstringToken && !analysis.definitions[i]!.docstring));
}

export const CHANGED_SINCE_PLAN = 'the code changed since the plan (not found by name and signature); run again to include it';

/**
 * The planned slots of one unit found on its current analysis. Definitions are matched by name
 * and signature in order: a redefinition with the same name and signature (conditional defs,
 * test classes) is its own slot, matched in turn. A slot not found is skipped.
 */
export function anchor(file: string, slots: PlannedSlot[], analysis: ModuleAnalysis): { requests: SlotRequest[]; skipped: Refusal[] } {
  const byKey = new Map<string, number[]>();
  analysis.definitions.forEach((d, i) => {
    const key = `${d.qualname}\u0000${signatureOf(d)}`;
    byKey.set(key, [...(byKey.get(key) ?? []), i]);
  });
  const requests: SlotRequest[] = [];
  const skipped: Refusal[] = [];
  for (const slot of slots) {
    const index = slot.qualname === '<module>' ? -1 : byKey.get(`${slot.qualname}\u0000${slot.signature}`)?.shift();
    if (index === undefined) skipped.push({ file, qualname: slot.qualname, line: slot.line, ...(slot.cell ? { cell: slot.cell } : {}), reason: CHANGED_SINCE_PLAN });
    else requests.push({ index, action: slot.action });
  }
  return { requests, skipped };
}
