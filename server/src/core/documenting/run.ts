import { planFile, type FileInput, type SkippedSlot, type SlotRequest } from '../docstring/engine';
import type { DocstringProvider } from '../docstring/provider';
import type { BatchReport, ChangeRecord, Choice, FileUpdate, Host, Plan, PlannedFile, PlannedSlot, Refusal, SourceFile, Tools } from './model';
import { addUnit, emptySurvey, unparsedCell, type FileSurvey } from './plan';
import { anchor, CHANGED_SINCE_PLAN, planUnit } from './slots';
import { composeUpdate, PARSER_GAVE_UP, placeIn, unitsOf, withUnit, type Unit, type UnitResult } from './units';

/**
 * Running: each file's docstrings are computed on its current text and applied as one update,
 * or not at all (invariant 4). A slot planned earlier is found again by qualified name and
 * signature; if the code changed so it cannot be, it is skipped and reported. Once cancelled,
 * no file is started and the one being computed is left untouched.
 */

/** What happened to one file of a run. */
export interface FileRun {
  applied: ChangeRecord[];
  skipped: Refusal[];
  failed?: string;
}

export const KEPT_CHANGING = 'the document kept changing while Docwright wrote it; nothing was changed';

function skippedOf(file: string, unit: Unit, input: FileInput, skipped: SkippedSlot[]): Refusal[] {
  return skipped.map((s) => ({ file, qualname: s.qualname, ...placeIn(unit, input.analysis, s.index), reason: s.reason }));
}

/** The docstrings of one parsed unit, for the given slots. */
async function writeUnit(
  file: string, unit: Unit, input: FileInput, requests: SlotRequest[], provider: DocstringProvider, tools: Tools, signal: AbortSignal | undefined,
): Promise<{ result: UnitResult; skipped: Refusal[] }> {
  const planned = await planFile(input, requests, provider, tools.options, signal);
  const result: UnitResult = { unit, analysis: input.analysis, edits: planned.edits, ...(planned.text === undefined ? {} : { text: planned.text }) };
  return { result, skipped: skippedOf(file, unit, input, planned.skipped) };
}

/** Applies a computed update: the changes it made, or undefined when the file changed since it was read. */
async function applied<S extends SourceFile>(host: Host<S>, update: FileUpdate<S> | undefined): Promise<ChangeRecord[] | undefined> {
  if (!update) return [];
  return (await host.apply(update)) ? update.edits.flatMap((e) => e.changes) : undefined;
}

/** One attempt at a planned file on its current text; 'retry' when it changed before it could be applied. */
async function attempt<S extends SourceFile>(planned: PlannedFile, host: Host<S>, tools: Tools, provider: DocstringProvider): Promise<FileRun | 'cancelled' | 'retry'> {
  const { file } = planned;
  const source = await host.read(file);
  if ('skip' in source) return { applied: [], skipped: [], failed: source.skip };
  const units = unitsOf(source);
  if ('skip' in units) return { applied: [], skipped: [], failed: units.skip };
  const path = tools.modulePath(file);
  const pending = slotsByCell(planned.slots);
  const results: UnitResult[] = [];
  const skipped: Refusal[] = [];
  for (const unit of units) {
    const slots = pending.get(unit.cell?.number);
    if (!slots) continue;
    pending.delete(unit.cell?.number);
    const done = await withUnit(tools, path, unit, async (input) => {
      const anchored = anchor(file, slots, input.analysis);
      skipped.push(...anchored.skipped);
      if (anchored.requests.length === 0) return true;
      const written = await writeUnit(file, unit, input, anchored.requests, provider, tools, host.signal);
      results.push(written.result);
      skipped.push(...written.skipped);
      return true;
    }, file);
    if (done) continue;
    if (source.kind === 'python') return { applied: [], skipped: [], failed: PARSER_GAVE_UP };
    skipped.push(...slots.map((s) => refusalOf(file, s, PARSER_GAVE_UP)));
  }
  // Cells gone since the plan.
  for (const slots of pending.values()) skipped.push(...slots.map((s) => refusalOf(file, s, CHANGED_SINCE_PLAN)));
  // Cancelled while this file was being computed: nothing of it is applied.
  if (host.signal?.aborted && results.length) return 'cancelled';
  const changes = await applied(host, composeUpdate(file, source, results));
  return changes ? { applied: changes, skipped } : 'retry';
}

function refusalOf(file: string, slot: PlannedSlot, reason: string): Refusal {
  return { file, qualname: slot.qualname, line: slot.line, ...(slot.cell ? { cell: slot.cell } : {}), reason };
}

function slotsByCell(slots: PlannedSlot[]): Map<number | undefined, PlannedSlot[]> {
  const byCell = new Map<number | undefined, PlannedSlot[]>();
  for (const slot of slots) byCell.set(slot.cell, [...(byCell.get(slot.cell) ?? []), slot]);
  return byCell;
}

/** One planned file, on its current text; computed again once if it changed between reading and applying. */
export async function runOne<S extends SourceFile>(planned: PlannedFile, host: Host<S>, tools: Tools, provider: DocstringProvider): Promise<FileRun | 'cancelled'> {
  for (let i = 0; i < 2; i++) {
    const outcome = await attempt(planned, host, tools, provider);
    if (outcome !== 'retry') return outcome;
  }
  return { applied: [], skipped: [], failed: KEPT_CHANGING };
}

/**
 * Plans and documents one file on one reading of it (no re-anchoring: the plan is the text
 * being written). If the file changed before the update could be applied, it is run again as
 * planned, found by name and signature on its new text.
 */
export async function documentOne<S extends SourceFile>(
  file: string, host: Host<S>, tools: Tools, choice: Choice, provider: DocstringProvider,
): Promise<{ plan: FileSurvey; run: FileRun | 'cancelled' }> {
  const nothing: FileRun = { applied: [], skipped: [] };
  const source = await host.read(file);
  if ('skip' in source) return { plan: emptySurvey(file, source.skip), run: nothing };
  const units = unitsOf(source);
  if ('skip' in units) return { plan: emptySurvey(file, units.skip), run: nothing };
  const path = tools.modulePath(file);
  const plan = emptySurvey(file);
  const results: UnitResult[] = [];
  const skipped: Refusal[] = [];
  for (const unit of units) {
    const done = await withUnit(tools, path, unit, async (input) => {
      const unitPlan = planUnit(file, path, unit, input.analysis, tools.settings, choice, input.foreign);
      addUnit(plan, unitPlan);
      if (unitPlan.requests.length === 0) return true;
      const written = await writeUnit(file, unit, input, unitPlan.requests, provider, tools, host.signal);
      results.push(written.result);
      skipped.push(...written.skipped);
      return true;
    }, file);
    if (done) continue;
    if (source.kind === 'python') return { plan: emptySurvey(file, PARSER_GAVE_UP), run: nothing };
    plan.refused.push(unparsedCell(file, unit));
  }
  if (host.signal?.aborted && results.length) return { plan, run: 'cancelled' };
  const changes = await applied(host, composeUpdate(file, source, results));
  if (changes) return { plan, run: { applied: changes, skipped } };
  return { plan, run: await runOne({ file, slots: plan.slots }, host, tools, provider) };
}

export interface RunOptions {
  /** Files documented at once (an LLM run waits on the network); 1 by default. */
  concurrency?: number;
  /** Milliseconds, for the time left and the run's length. */
  clock?: () => number;
  /** Told what happened to each file as it is done, in the order files finish. */
  onFile?: (file: string, run: FileRun) => void;
}

/** Runs a plan; progress is reported before each file and once at the end. */
export async function runWorkspace<S extends SourceFile>(
  plan: Plan, host: Host<S>, tools: Tools, provider: DocstringProvider, options: RunOptions = {},
): Promise<BatchReport> {
  const clock = options.clock ?? Date.now;
  const started = clock();
  const outcomes: (FileRun | 'cancelled' | undefined)[] = new Array(plan.files.length);
  const counts = { next: 0, done: 0, docstrings: 0 };
  const files = plan.files.length;
  const eta = () => (counts.done ? Math.round(((clock() - started) / 1000 / counts.done) * (files - counts.done)) : null);
  const worker = async () => {
    while (counts.next < files && !host.signal?.aborted) {
      const i = counts.next++;
      const planned = plan.files[i]!;
      host.progress?.({ filesDone: counts.done, files, docstrings: counts.docstrings, file: planned.file, etaSeconds: eta() });
      const outcome = await runCaught(planned, host, tools, provider);
      outcomes[i] = outcome;
      if (outcome === 'cancelled') return; // not done: left as it was
      options.onFile?.(planned.file, outcome);
      counts.docstrings += outcome.applied.length;
      counts.done++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, files)) }, worker));
  host.progress?.({ filesDone: counts.done, files, docstrings: counts.docstrings, file: '', etaSeconds: 0 });
  const report = reportOf(plan, outcomes);
  report.seconds = (clock() - started) / 1000;
  return report;
}

/** One file's failure never stops the run. */
async function runCaught<S extends SourceFile>(planned: PlannedFile, host: Host<S>, tools: Tools, provider: DocstringProvider): Promise<FileRun | 'cancelled'> {
  try {
    return await runOne(planned, host, tools, provider);
  } catch (error) {
    return { applied: [], skipped: [], failed: error instanceof Error ? error.message : String(error) };
  }
}

/** The run's report, in plan order; a file not started or left as it was on cancelling makes the run cancelled. */
function reportOf(plan: Plan, outcomes: (FileRun | 'cancelled' | undefined)[]): BatchReport {
  const report: BatchReport = { added: [], updated: [], skipped: [], failed: [], cancelled: false, changedFiles: [], declined: [], seconds: 0 };
  plan.files.forEach((planned, i) => {
    const outcome = outcomes[i];
    if (outcome === undefined || outcome === 'cancelled') { report.cancelled = true; return; }
    report.skipped.push(...outcome.skipped);
    if (outcome.applied.length) {
      report.changedFiles.push(planned.file);
      for (const c of outcome.applied) (c.kind === 'added' ? report.added : report.updated).push(c);
    }
    if (outcome.failed) report.failed.push({ file: planned.file, reason: outcome.failed });
  });
  return report;
}
