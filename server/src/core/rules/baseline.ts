import type { ModuleAnalysis, Span } from '../analysis/model';

/**
 * A baseline: the findings a project has accepted for now, so that only new ones are reported.
 * An entry is keyed by file, code and qualified name, never by line, so an edit elsewhere in the
 * file does not bring an old finding back; it carries a count, so two same findings in one
 * definition (two DW401s) are both accepted and a third is new. Both hosts match here; the file
 * is read and written by workspace/baseline.ts.
 */

/** Where a finding lies: its innermost definition (`''` for the module's own code), and that definition's lines (0-based, decorators included). */
export interface FindingScope {
  qualname: string;
  startLine: number;
  endLine: number;
}

/**
 * The definition a finding belongs to: every family reports a definition's finding at its name
 * (`nameSpan`), so a finding anywhere else (DW100, DW104, the module docstring's DW501) is the
 * module's, whose scope is every line.
 */
export function scopesOf(analysis: ModuleAnalysis, spans: Span[]): FindingScope[] {
  const module: FindingScope = { qualname: '', startLine: 0, endLine: Math.max(0, analysis.lineCount - 1) };
  if (!spans.length) return [];
  const byName = new Map(analysis.definitions.map((d) => [`${d.nameSpan.startLine}:${d.nameSpan.startCol}`, d]));
  return spans.map((span) => {
    const owner = byName.get(`${span.startLine}:${span.startCol}`);
    return owner ? { qualname: owner.qualname, startLine: owner.decoratedStartLine, endLine: owner.span.endLine } : module;
  });
}

export interface BaselineKey {
  /** The file relative to the baseline's folder, with `/`. */
  file: string;
  code: string;
  qualname: string;
}

export interface BaselineEntry extends BaselineKey {
  count: number;
}

export interface BaselineDocument {
  version: 1;
  findings: BaselineEntry[];
}

function keyOf(k: BaselineKey): string {
  return JSON.stringify([k.file, k.code, k.qualname]);
}

/** Counts per key, in a stable order (file, code, qualified name), so a rewrite of an unchanged baseline changes no byte. */
export function baselineOf(keys: BaselineKey[]): BaselineDocument {
  const counts = new Map<string, BaselineEntry>();
  for (const k of keys) {
    const id = keyOf(k);
    const entry = counts.get(id);
    if (entry) entry.count++;
    else counts.set(id, { file: k.file, code: k.code, qualname: k.qualname, count: 1 });
  }
  const findings = [...counts.values()].sort((a, b) => compare(a.file, b.file) || compare(a.code, b.code) || compare(a.qualname, b.qualname));
  return { version: 1, findings };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A baseline's text: JSON, one entry a line, so that its diffs in review read well. */
export function baselineText(document: BaselineDocument): string {
  const lines = document.findings.map((f) => `    ${JSON.stringify(f)}`);
  return `{\n  "version": 1,\n  "findings": [\n${lines.join(',\n')}${lines.length ? '\n' : ''}  ]\n}\n`;
}

/** Reads a baseline's text; an error names what is wrong. */
export function parseBaseline(text: string): BaselineDocument {
  const data: unknown = JSON.parse(text);
  if (!isRecord(data) || data.version !== 1 || !Array.isArray(data.findings)) throw new Error('not a Docwright baseline (expected {"version": 1, "findings": [...]})');
  const findings = data.findings.map((f: unknown, i: number): BaselineEntry => {
    if (!isRecord(f) || typeof f.file !== 'string' || typeof f.code !== 'string' || typeof f.qualname !== 'string' || !Number.isInteger(f.count) || Number(f.count) < 1) {
      throw new Error(`entry ${i + 1} needs a file, code, qualname and a positive count`);
    }
    return { file: f.file, code: f.code, qualname: f.qualname, count: Number(f.count) };
  });
  return { version: 1, findings };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Matches findings against a baseline: per key, the first `count` of them (in the order given) are baselined. */
export class BaselineMatcher {
  private readonly counts = new Map<string, number>();

  constructor(document: BaselineDocument) {
    for (const f of document.findings) this.counts.set(keyOf(f), (this.counts.get(keyOf(f)) ?? 0) + f.count);
  }

  /** One matcher per run: each call with a key uses up one of its entries. */
  accepts(key: BaselineKey): boolean {
    const id = keyOf(key);
    const left = this.counts.get(id) ?? 0;
    if (left === 0) return false;
    this.counts.set(id, left - 1);
    return true;
  }
}
