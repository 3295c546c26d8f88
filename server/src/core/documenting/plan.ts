import { planFile } from '../docstring/engine';
import { recordingProvider, type Estimator, type Recorder } from './estimate';
import type { Choice, Host, Plan, PlannedSlot, Refusal, SourceFile, Tools } from './model';
import { planUnit, type UnitPlan } from './slots';
import { PARSER_GAVE_UP, unitsOf, withUnit, type Unit } from './units';

/**
 * Planning: file by file (trees freed as it goes, so memory stays flat), which docstrings a run
 * would write, and what it leaves out or alone. With an estimator, what an LLM run would send
 * is recorded on the way and priced once at the end.
 */

/** What planning found in one file: its slots, and what a run leaves out or alone (a file's part of a Plan). */
export interface FileSurvey {
  file: string;
  /** Why the file cannot be documented at all (not readable, not a notebook, not parsed). */
  unread?: string;
  slots: PlannedSlot[];
  leftOut: { missing: number; stale: number };
  unparsed: Refusal[];
  refused: Refusal[];
}

export function emptySurvey(file: string, unread?: string): FileSurvey {
  return { file, ...(unread === undefined ? {} : { unread }), slots: [], leftOut: { missing: 0, stale: 0 }, unparsed: [], refused: [] };
}

/** Adds one unit's plan to its file's. */
export function addUnit(into: FileSurvey, unit: UnitPlan): void {
  into.slots.push(...unit.slots);
  into.leftOut.missing += unit.leftOut.missing;
  into.leftOut.stale += unit.leftOut.stale;
  into.unparsed.push(...unit.unparsed);
  into.refused.push(...unit.refused);
}

/** A notebook cell the parser gave up on: said, its definitions untouched. */
export function unparsedCell(file: string, unit: Unit): Refusal {
  return { file, qualname: '<cell>', line: 1, ...(unit.cell ? { cell: unit.cell.number } : {}), reason: PARSER_GAVE_UP };
}

export function emptyPlan(): Plan {
  return { files: [], functions: 0, missing: 0, stale: 0, leftOut: { missing: 0, stale: 0 }, skippedFiles: [], unparsed: [], refused: [] };
}

/** Adds one file's plan to the workspace's. */
export function addFile(plan: Plan, file: FileSurvey): void {
  if (file.unread !== undefined) { plan.skippedFiles.push({ file: file.file, reason: file.unread }); return; }
  plan.leftOut.missing += file.leftOut.missing;
  plan.leftOut.stale += file.leftOut.stale;
  plan.unparsed.push(...file.unparsed.map(({ reason: _same, ...where }) => where));
  plan.refused.push(...file.refused);
  if (file.slots.length === 0) return;
  plan.files.push({ file: file.file, slots: file.slots });
  plan.functions += file.slots.length;
  plan.missing += file.slots.filter((s) => s.action === 'generate').length;
  plan.stale += file.slots.filter((s) => s.action === 'update').length;
}

/** Plans one file; with a recorder, the docstring engine runs against it so its requests are counted. */
export async function planOne<S extends SourceFile>(file: string, host: Host<S>, tools: Tools, choice: Choice, recorder?: Recorder): Promise<FileSurvey> {
  const source = await host.read(file);
  if ('skip' in source) return emptySurvey(file, source.skip);
  const units = unitsOf(source);
  if ('skip' in units) return emptySurvey(file, units.skip);
  const path = tools.modulePath(file);
  const planned = emptySurvey(file);
  for (const unit of units) {
    const unitPlan = await withUnit(tools, path, unit, async (input) => {
      const p = planUnit(file, path, unit, input.analysis, tools.settings, choice, input.foreign);
      if (recorder && p.requests.length) await planFile(input, p.requests, recorder, tools.options);
      return p;
    }, file);
    if (unitPlan) addUnit(planned, unitPlan);
    else if (source.kind === 'python') return emptySurvey(file, PARSER_GAVE_UP);
    else planned.refused.push(unparsedCell(file, unit));
  }
  return planned;
}

export async function planWorkspace<S extends SourceFile>(files: string[], host: Host<S>, tools: Tools, choice: Choice, estimator?: Estimator): Promise<Plan> {
  const plan = emptyPlan();
  const recorder = estimator ? recordingProvider() : undefined;
  for (const file of files) {
    if (host.signal?.aborted) break;
    addFile(plan, await planOne(file, host, tools, choice, recorder));
  }
  if (estimator && recorder) plan.estimate = estimator.estimate(recorder.requests);
  return plan;
}
