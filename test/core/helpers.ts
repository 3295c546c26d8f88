import type { StaleChecks } from '../../server/src/core/docstring/check';
import * as path from 'node:path';
import { PythonAnalyzer, UnitCache } from '../../server/src/core/analysis/analyzer';
import { findings, type Finding } from '../../server/src/core/rules/findings';
import type { Definition, ModuleAnalysis } from '../../server/src/core/analysis/model';
import { planFile, slotsToDocument, type Only, type PlannedEdit, type SkippedSlot, type SlotRequest } from '../../server/src/core/docstring/engine';
import type { DocstringStyle } from '../../server/src/core/docstring/model';
import { TemplateProvider, type DocstringProvider } from '../../server/src/core/docstring/provider';
import { loadPythonGrammar, type PythonGrammar } from '../../server/src/core/parse/python';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/shared/settings';
import { grammarFilesIn } from '../../server/src/workspace/grammar';

/** Tests run from out/test/unit against the real wasm files that the build put in dist/. */
export const DIST = path.resolve(__dirname, '../../../dist');
export const REPO = path.resolve(__dirname, '../../..');

let grammar: Promise<PythonGrammar> | undefined;
let analyzer: PythonAnalyzer | undefined;

export async function setup(): Promise<{ grammar: PythonGrammar; analyzer: PythonAnalyzer }> {
  grammar ??= loadPythonGrammar(grammarFilesIn(DIST));
  const g = await grammar;
  analyzer ??= new PythonAnalyzer(g.language);
  return { grammar: g, analyzer };
}

export async function analyze(source: string, cache?: UnitCache): Promise<ModuleAnalysis> {
  const { grammar: g, analyzer: a } = await setup();
  const parser = g.newParser();
  const tree = parser.parse(source)!;
  try {
    return a.analyze(tree, source, cache);
  } finally {
    tree.delete();
    parser.delete();
  }
}

/** Dedent a template so fixtures can be indented with the test code. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const indent = Math.min(...text.split('\n').filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return text.split('\n').map((l) => l.slice(indent)).join('\n');
}

export async function definition(source: string, qualname: string): Promise<Definition> {
  const found = (await analyze(source)).definitions.find((d) => d.qualname === qualname);
  if (!found) throw new Error(`no definition ${qualname}`);
  return found;
}

export async function codesFor(source: string, modulePath = 'pkg/mod.py', settings: Partial<Settings> = {}): Promise<string[]> {
  return (await findingsFor(source, modulePath, settings)).map((f) => `${f.span.startLine + 1}:${f.code}`);
}

export async function findingsFor(source: string, modulePath = 'pkg/mod.py', settings: Partial<Settings> = {}): Promise<Finding[]> {
  return findings(await analyze(source), { path: modulePath }, source, { ...DEFAULT_SETTINGS, ...settings });
}

export { UnitCache };

export interface DocumentResult {
  text: string;
  edits: PlannedEdit[];
  skipped: SkippedSlot[];
}

/** Runs the docstring engine with the template provider, as `docwright document` does. */
export async function documentSource(
  source: string,
  options: { only?: Only; style?: DocstringStyle; lineLength?: number; path?: string; requests?: SlotRequest[]; provider?: DocstringProvider; signal?: AbortSignal; staleChecks?: StaleChecks } = {},
): Promise<DocumentResult> {
  const { grammar: g, analyzer: a } = await setup();
  const parser = g.newParser();
  const tree = parser.parse(source)!;
  try {
    const analysis = a.analyze(tree, source);
    const path = options.path ?? 'pkg/mod.py';
    const requests = options.requests
      ?? slotsToDocument(analysis, findings(analysis, { path }, source, DEFAULT_SETTINGS), options.only ?? 'all');
    const plan = await planFile(
      { path, source, tree, analysis, parse: (text, old) => parser.parse(text, old ?? null)! },
      requests,
      options.provider ?? new TemplateProvider(),
      { style: options.style ?? 'google', lineLength: options.lineLength ?? 88, ...(options.staleChecks ? { staleChecks: options.staleChecks } : {}) },
      options.signal,
    );
    return { text: plan.text ?? source, edits: plan.edits, skipped: plan.skipped };
  } finally {
    tree.delete();
    parser.delete();
  }
}
