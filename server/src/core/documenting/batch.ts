import type { Parser, Tree } from 'web-tree-sitter';
import type { PythonAnalyzer } from '../analysis/analyzer';
import { findings } from '../rules/findings';
import type { Definition, ModuleAnalysis } from '../analysis/model';
import { planFile, slotsToDocument, unparsedSlots, type DocumentOptions, type Only, type SlotRequest, type TextEdit } from '../docstring/engine';
import type { DocstringProvider, DocstringRequest } from '../docstring/provider';
import type { Estimate } from '../llm/budget';
import type { Settings } from '../../shared/settings';

/**
 * "Document workspace": plan (file by file, trees freed as it goes, so memory stays flat),
 * estimate, then run — each file's docstrings computed on its current text and applied as one
 * edit, or not at all. A slot planned earlier is found again by qualified name and signature
 * (invariant 4); if the code changed so it cannot be, it is skipped and reported.
 */

export type Scope = 'public' | 'all';

export interface PlannedSlot {
  qualname: string;
  /** Parameters and return annotation as written: the slot's identity with its qualname. */
  signature: string;
  action: 'generate' | 'update';
}

export interface PlannedFile {
  file: string;
  slots: PlannedSlot[];
}

export interface Plan {
  files: PlannedFile[];
  functions: number;
  missing: number;
  stale: number;
  /** Slots the run's `only` leaves out (a stale-only run says how many docstrings are missing). */
  leftOut: { missing: number; stale: number };
  skippedFiles: { file: string; reason: string }[];
  /** Definitions the run would document but cannot, because they do not parse. */
  unparsed: { file: string; qualname: string; line: number }[];
  /** Set for LLM providers: what the run would send and cost. */
  estimate?: Estimate;
}

export interface SourceText {
  text: string;
  /** The open document's version, or null for a file on disk. */
  version: number | null;
}

export interface BatchHost {
  read(file: string): SourceText | { skip: string };
  /** Applies one file's edits as one change; false when the document changed meanwhile. */
  apply(file: string, source: SourceText, changes: FileChange[]): Promise<boolean>;
  progress?(update: BatchProgress): void;
}

export interface BatchTools {
  parser: Parser;
  analyzer: PythonAnalyzer;
  settings: Settings;
  options: DocumentOptions;
  /** The module path used for publicity rules and the module name. */
  modulePath(file: string): string;
}

export interface BatchProgress {
  filesDone: number;
  files: number;
  docstrings: number;
  tokens: number;
  etaSeconds: number | null;
  file: string;
}

export interface ChangeRecord {
  file: string;
  qualname: string;
  kind: 'added' | 'updated';
  /** A new docstring with the template's placeholder text. */
  placeholder: boolean;
}

/** One docstring edit of a file, and what it is. */
export interface FileChange extends ChangeRecord {
  edit: TextEdit;
}

export interface BatchReport {
  added: ChangeRecord[];
  updated: ChangeRecord[];
  skipped: { file: string; qualname: string; reason: string }[];
  failed: { file: string; reason: string }[];
  cancelled: boolean;
  changedFiles: string[];
  /** Computed but not applied: left unticked in the preview, or the preview discarded. */
  declined: ChangeRecord[];
  /** What happened to the preview, when the run had one. */
  previewNote?: string;
  seconds: number;
}

export function signatureOf(d: Definition): string {
  return `${d.kind}(${d.parameters.map((p) => `${p.kind}:${p.name}:${p.annotation ?? ''}=${p.default ?? ''}`).join(',')})->${d.returnAnnotation ?? ''}`;
}

/** Every slot of a file a run could touch, missing (`generate`) and stale (`update`). */
export function slotsFor(analysis: ModuleAnalysis, path: string, source: string, settings: Settings, scope: Scope): SlotRequest[] {
  const fromFindings = slotsToDocument(analysis, findings(analysis, { path }, source, settings), 'all');
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

function withTree<T>(tools: BatchTools, text: string, use: (tree: Tree, analysis: ModuleAnalysis) => T): T | undefined {
  const tree = tools.parser.parse(text);
  if (!tree) return undefined;
  try {
    return use(tree, tools.analyzer.analyze(tree, text));
  } finally {
    tree.delete(); // freed file by file: memory stays flat with workspace size
  }
}

export async function planWorkspace(
  files: string[], host: BatchHost, tools: BatchTools, only: Only, scope: Scope,
  estimator?: { provider: DocstringProvider; estimate(requests: DocstringRequest[]): Estimate }, signal?: AbortSignal,
): Promise<Plan> {
  const plan: Plan = { files: [], functions: 0, missing: 0, stale: 0, leftOut: { missing: 0, stale: 0 }, skippedFiles: [], unparsed: [] };
  const totals: Estimate | undefined = estimator
    ? { functions: 0, promptTokens: 0, maxTokens: 0, usd: 0, cacheHits: 0, requests: 0, remaining: { tokens: 0, usd: 0 }, fits: true }
    : undefined;
  for (const file of files) {
    if (signal?.aborted) break;
    const source = host.read(file);
    if ('skip' in source) { plan.skippedFiles.push({ file, reason: source.skip }); continue; }
    const path = tools.modulePath(file);
    const planned = await withTree(tools, source.text, async (tree, analysis) => {
      const every = slotsFor(analysis, path, source.text, tools.settings, scope);
      const slots = every.filter((s) => included(s, only));
      for (const s of every) if (!included(s, only)) plan.leftOut[s.action === 'generate' ? 'missing' : 'stale']++;
      for (const i of unparsedSlots(analysis, only, scope)) {
        const d = analysis.definitions[i]!;
        plan.unparsed.push({ file, qualname: d.qualname, line: d.nameSpan.startLine + 1 });
      }
      if (slots.length && estimator && totals) {
        const asked: DocstringRequest[] = [];
        const recorder: DocstringProvider = { id: 'estimate', provide: async (rs) => { asked.push(...rs); return rs.map(() => new Error('estimate')); } };
        await planFile({ path, source: source.text, tree, analysis, parse: (t, old) => tools.parser.parse(t, old ?? null)! }, slots, recorder, tools.options);
        const e = estimator.estimate(asked);
        totals.functions += e.functions; totals.promptTokens += e.promptTokens; totals.maxTokens += e.maxTokens;
        totals.usd += e.usd; totals.cacheHits += e.cacheHits; totals.requests += e.requests; totals.remaining = e.remaining;
      }
      return slots.map((s): PlannedSlot => {
        const d = s.index >= 0 ? analysis.definitions[s.index]! : undefined;
        return { qualname: d ? d.qualname : '<module>', signature: d ? signatureOf(d) : '', action: s.action === 'update' ? 'update' : 'generate' };
      });
    });
    if (planned === undefined) { plan.skippedFiles.push({ file, reason: 'the parser gave up on this file' }); continue; }
    if (planned.length === 0) continue;
    plan.files.push({ file, slots: planned });
    plan.functions += planned.length;
    plan.missing += planned.filter((s) => s.action === 'generate').length;
    plan.stale += planned.filter((s) => s.action === 'update').length;
  }
  if (totals) {
    totals.fits = totals.maxTokens <= totals.remaining.tokens && totals.usd <= totals.remaining.usd + 1e-12;
    plan.estimate = totals;
  }
  return plan;
}

export async function runWorkspace(
  plan: Plan, host: BatchHost, tools: BatchTools, provider: DocstringProvider, signal?: AbortSignal,
  spent: () => number = () => 0,
): Promise<BatchReport> {
  const started = Date.now();
  const report: BatchReport = { added: [], updated: [], skipped: [], failed: [], cancelled: false, changedFiles: [], declined: [], seconds: 0 };
  let done = 0;
  let docstrings = 0;
  for (const planned of plan.files) {
    if (signal?.aborted) { report.cancelled = true; break; }
    host.progress?.({
      filesDone: done, files: plan.files.length, docstrings, tokens: spent(), file: planned.file,
      etaSeconds: done ? Math.round(((Date.now() - started) / 1000 / done) * (plan.files.length - done)) : null,
    });
    try {
      const result = await documentOne(planned, host, tools, provider, signal);
      if (result === 'cancelled') { report.cancelled = true; break; }
      for (const s of result.skipped) report.skipped.push({ file: planned.file, ...s });
      if (result.applied.length) {
        report.changedFiles.push(planned.file);
        for (const c of result.applied) (c.kind === 'added' ? report.added : report.updated).push(c);
        docstrings += result.applied.length;
      }
      if (result.failed) report.failed.push({ file: planned.file, reason: result.failed });
    } catch (error) {
      // One file's failure never stops the run.
      report.failed.push({ file: planned.file, reason: error instanceof Error ? error.message : String(error) });
    }
    done++;
  }
  host.progress?.({ filesDone: done, files: plan.files.length, docstrings, tokens: spent(), file: '', etaSeconds: 0 });
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

interface FileOutcome {
  applied: ChangeRecord[];
  skipped: { qualname: string; reason: string }[];
  failed?: string;
}

/** One file, on its current text; re-planned once if it changed between plan and apply. */
async function documentOne(planned: PlannedFile, host: BatchHost, tools: BatchTools, provider: DocstringProvider, signal?: AbortSignal): Promise<FileOutcome | 'cancelled'> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const source = host.read(planned.file);
    if ('skip' in source) return { applied: [], skipped: [], failed: source.skip };
    const path = tools.modulePath(planned.file);
    const tree = tools.parser.parse(source.text);
    if (!tree) return { applied: [], skipped: [], failed: 'the parser gave up on this file' };
    let outcome: FileOutcome | 'cancelled' | 'retry';
    try {
      const analysis = tools.analyzer.analyze(tree, source.text);
      const skipped: FileOutcome['skipped'] = [];
      const requests: SlotRequest[] = [];
      // Definitions by name and signature, in order: a redefinition with the same name and
      // signature (conditional defs, test classes) is its own slot, matched in turn.
      const byKey = new Map<string, number[]>();
      analysis.definitions.forEach((d, i) => {
        const key = `${d.qualname}\u0000${signatureOf(d)}`;
        byKey.set(key, [...(byKey.get(key) ?? []), i]);
      });
      for (const slot of planned.slots) {
        const index = slot.qualname === '<module>' ? -1 : byKey.get(`${slot.qualname}\u0000${slot.signature}`)?.shift();
        if (index === undefined) {
          skipped.push({ qualname: slot.qualname, reason: 'the code changed since the plan (not found by name and signature); run again to include it' });
          continue;
        }
        requests.push({ index, action: slot.action });
      }
      if (requests.length === 0) return { applied: [], skipped };
      const result = await planFile({ path, source: source.text, tree, analysis, parse: (t, old) => tools.parser.parse(t, old ?? null)! }, requests, provider, tools.options, signal);
      // Cancelled while this file was being written: nothing of it is applied.
      if (signal?.aborted) return 'cancelled';
      for (const s of result.skipped) skipped.push({ qualname: s.qualname, reason: s.reason });
      if (result.edits.length === 0) return { applied: [], skipped };
      const changes = result.edits.map((e): FileChange => ({ file: planned.file, qualname: e.qualname, kind: e.kind, placeholder: e.placeholder, edit: e.edit }));
      outcome = (await host.apply(planned.file, source, changes)) ? { applied: changes, skipped } : 'retry';
    } finally {
      tree.delete();
    }
    if (outcome !== 'retry') return outcome;
  }
  return { applied: [], skipped: [], failed: 'the document kept changing while Docwright wrote it; nothing was changed' };
}

/**
 * Which of a file's edits a text shows applied, or undefined when it matches no subset of them
 * (the file changed otherwise). The refactor preview lets the user untick single edits, so the
 * answer is per edit. Edits do not overlap; between them the text must be the original's.
 */
export function appliedEdits(original: string, edits: Pick<TextEdit, 'start' | 'end' | 'newText'>[], now: string): boolean[] | undefined {
  const order = edits.map((edit, i) => ({ edit, i })).sort((a, b) => a.edit.start - b.edit.start);
  const applied = edits.map(() => false);
  const walk = (k: number, from: number, at: number): boolean => {
    if (k === order.length) return now.slice(at) === original.slice(from);
    const { edit, i } = order[k]!;
    const gap = original.slice(from, edit.start);
    if (!now.startsWith(gap, at)) return false;
    const here = at + gap.length;
    if (now.startsWith(edit.newText, here) && walk(k + 1, edit.end, here + edit.newText.length)) {
      applied[i] = true;
      return true;
    }
    applied[i] = false;
    const old = original.slice(edit.start, edit.end);
    return now.startsWith(old, here) && walk(k + 1, edit.end, here + old.length);
  };
  return walk(0, 0, 0) ? applied : undefined;
}

/**
 * The report of a previewed run once the preview is settled: only the changes it kept count as
 * added or updated (and go to the changelog); the rest are declined. `failed` files are ones whose
 * text matched none of what was computed, so nothing of them is claimed.
 */
export function settlePreview(report: BatchReport, kept: ReadonlySet<ChangeRecord>, failed: { file: string; reason: string }[], note: string): BatchReport {
  const computed = [...report.added, ...report.updated];
  const unknown = new Set(failed.map((f) => f.file));
  const keep = (c: ChangeRecord) => kept.has(c) && !unknown.has(c.file);
  return {
    ...report,
    added: report.added.filter(keep),
    updated: report.updated.filter(keep),
    declined: computed.filter((c) => !kept.has(c) && !unknown.has(c.file)),
    failed: [...report.failed, ...failed],
    changedFiles: report.changedFiles.filter((file) => computed.some((c) => c.file === file && keep(c))),
    previewNote: note,
  };
}

export function placeholdersOf(changes: ChangeRecord[]): number {
  return changes.filter((c) => c.placeholder).length;
}

export function reportMarkdown(report: BatchReport, plan: Plan, run: { provider: string; tokens: number; usd: number; cacheHits: number }, rel: (file: string) => string): string {
  const lines = ['# Docwright: document workspace', ''];
  lines.push(`${report.cancelled ? '**Cancelled.** ' : ''}${report.added.length} docstrings added, ${report.updated.length} updated in ${report.changedFiles.length} files; `
    + `${report.skipped.length} skipped, ${report.failed.length} files failed; ${plan.files.length} files planned, ${plan.skippedFiles.length} unreadable`
    + `${plan.unparsed.length ? `, ${plan.unparsed.length} definitions not parsed` : ''}. `
    + `Provider ${run.provider}: ${run.tokens} tokens, $${run.usd.toFixed(4)}, ${run.cacheHits} cache hits. ${report.seconds.toFixed(1)} s.`, '');
  const notes = [placeholderNote(placeholdersOf(report.added), run.provider), leftOutNote(plan.leftOut.missing, run.provider), report.previewNote];
  for (const note of notes) if (note) lines.push(note, '');
  const section = (title: string, rows: string[]) => { if (rows.length) lines.push(`## ${title}`, '', ...rows, ''); };
  section('Added', report.added.map((c) => `- \`${rel(c.file)}\` — \`${c.qualname}\``));
  section('Updated', report.updated.map((c) => `- \`${rel(c.file)}\` — \`${c.qualname}\``));
  section('Left out in the preview', report.declined.map((c) => `- \`${rel(c.file)}\` — \`${c.qualname}\` (${c.kind === 'added' ? 'add' : 'update'})`));
  section('Skipped', report.skipped.map((s) => `- \`${rel(s.file)}\` — \`${s.qualname}\`: ${s.reason}`));
  section('Failed', report.failed.map((f) => `- \`${rel(f.file)}\`: ${f.reason}`));
  section('Not read', plan.skippedFiles.map((f) => `- \`${rel(f.file)}\`: ${f.reason}`));
  section('Not parsed', plan.unparsed.map((u) => `- \`${rel(u.file)}:${u.line}\` — \`${u.qualname}\`: it contains a syntax error; fix it first`));
  return `${lines.join('\n')}\n`;
}

function placeholderNote(count: number, provider: string): string | undefined {
  if (count === 0) return undefined;
  return provider === 'template'
    ? `${count} of the added docstrings are placeholders (TODO text to replace by hand); an LLM provider (\`docwright.llm.provider\`) writes descriptions instead.`
    : `${count} of the added docstrings are placeholders (TODO text): the template wrote them where ${provider} did not answer.`;
}

function leftOutNote(missing: number, provider: string): string | undefined {
  if (missing === 0) return undefined;
  return provider === 'template'
    ? `${missing} missing docstrings were left out: the template can only write placeholders for them. Choose **Insert placeholders** to add them, or set an LLM provider to have descriptions written.`
    : `${missing} missing docstrings were left out (stale ones only).`;
}
