import { MarkupContent, MarkupKind, type Connection, type Hover, type Position, type ServerCapabilities } from 'vscode-languageserver';
import type { CognitiveIncrement, Definition, ModuleAnalysis } from '../../core/analysis/model';
import { docstringProblems, readExisting, SourceLines } from '../../core/docstring/targets';
import { findings } from '../../core/rules/findings';
import { codesIn } from '../../core/rules/registry';
import type { Settings } from '../../shared/settings';
import { hoverParams, validated } from '../requests';
import { foreignFor, type Session } from '../session';
import type { ForeignClasses } from '../../core/analysis/exceptions';
import { modulePath } from '../uri';

/** Hover on a def/class name: a metrics table, why the cognitive score is what it is, docstring status. */

export const capabilities: ServerCapabilities = { hoverProvider: true };

export function register(connection: Connection, session: Session): void {
  connection.onHover(async (params: unknown) => {
    const { textDocument, position } = validated(hoverParams, params, 'textDocument/hover');
    const entry = session.documents.get(textDocument.uri);
    if (!entry || entry.skipped) return null;
    // A pending publish is left to run: it reuses this analysis (same version) and is the only
    // thing that shows the diagnostics. Cancelling it here lost the first publish whenever VS Code
    // asked for a hover or the lightbulb before the open's settings round trip had returned.
    const settings = await session.settings.for(textDocument.uri);
    const analysis = session.currentAnalysis(entry, settings);
    const definition = analysis && definitionAt(analysis, position);
    if (!analysis || !definition) return null;
    const hover = hoverFor(analysis, definition, modulePath(entry.document.uri), entry.document.getText(), settings, foreignFor(session, entry.document.uri));
    const more = session.contributions.hover.flatMap((contribute) => contribute(analysis, definition, entry, settings));
    if (more.length && MarkupContent.is(hover.contents)) hover.contents.value += `\n\n${more.join('\n\n')}`;
    return hover;
  });
}

export function definitionAt(analysis: ModuleAnalysis, position: Position): Definition | undefined {
  return analysis.definitions.find((d) => {
    const s = d.nameSpan;
    return s.startLine === position.line && s.startCol <= position.character && position.character <= s.endCol;
  });
}

export function hoverFor(analysis: ModuleAnalysis, definition: Definition, modulePath: string, source: string, settings: Settings, foreign?: ForeignClasses): Hover {
  const m = definition.metrics;
  const over = (value: number, max: number) => (value > max ? ` ⚠ over ${max}` : '');
  const traits = [
    definition.isAsync ? 'async' : '',
    definition.methodKind && definition.methodKind !== 'instance' ? `${definition.methodKind} method` : definition.methodKind ? 'method' : '',
    definition.isGenerator ? 'generator' : '',
    definition.recursive ? 'recursive' : '',
  ].filter(Boolean);
  const lines = [
    `**${definition.kind} \`${definition.qualname}\`**${traits.length ? ` — ${traits.join(', ')}` : ''}`,
    '',
    '| metric | value |',
    '|---|---|',
    `| cyclomatic | ${m.cyclomatic} (rank ${m.rank})${over(m.cyclomatic, settings.maxCyclomatic)} |`,
    `| cognitive | ${m.cognitive}${over(m.cognitive, settings.maxCognitive)} |`,
    `| nesting | ${m.nesting}${over(m.nesting, settings.maxNesting)} |`,
  ];
  if (definition.kind === 'function') lines.push(`| parameters | ${definition.parameters.length} |`);
  lines.push(`| lines | ${m.lines} |`, `| calls | ${m.calls} |`, '');
  const top = topLines(m.cognitiveIncrements);
  if (top.length) {
    lines.push(`Cognitive complexity comes from: ${top.map((t) => `line ${t.line + 1} +${t.amount} (${t.reasons.join(', ')})`).join('; ')}`, '');
  }
  lines.push(docstringStatus(analysis, definition, modulePath, source, settings, foreign));
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
    range: {
      start: { line: definition.nameSpan.startLine, character: definition.nameSpan.startCol },
      end: { line: definition.nameSpan.endLine, character: definition.nameSpan.endCol },
    },
  };
}

function topLines(increments: CognitiveIncrement[], limit = 5) {
  const byLine = new Map<number, { line: number; amount: number; reasons: string[] }>();
  for (const inc of increments) {
    const entry = byLine.get(inc.line) ?? { line: inc.line, amount: 0, reasons: [] };
    entry.amount += inc.amount;
    entry.reasons.push(inc.reason);
    byLine.set(inc.line, entry);
  }
  return [...byLine.values()].sort((a, b) => b.amount - a.amount || a.line - b.line).slice(0, limit);
}

function docstringStatus(analysis: ModuleAnalysis, definition: Definition, modulePath: string, source: string, settings: Settings, foreign?: ForeignClasses): string {
  if (definition.docstring) {
    const summary = definition.docstring.value.trim().split(/\r?\n/)[0] ?? '';
    const index = analysis.definitions.indexOf(definition);
    const stale = index >= 0 ? docstringProblems(analysis, index, undefined, settings.staleChecks, new SourceLines(source), foreign) : [];
    const status = stale.length ? `stale (${[...new Set(stale.map((p) => p.code))].join(', ')})` : 'present';
    // Say why a free-form docstring is not judged, so silence is not taken for a clean bill.
    const freeForm = readExisting(definition.docstring.raw).read.freeForm;
    const note = freeForm ? `\n\nFree-form: ${freeForm}, so it is not checked against the signature and updates leave it alone.` : '';
    return `Docstring: ${status} — “${summary.slice(0, 80)}”${note}`;
  }
  if (definition.hasDocstringToken) return 'Docstring: present (not a plain string literal)';
  const missing = findings(analysis, { path: modulePath }, source, { ...settings, select: codesIn('missing'), ignore: [], severity: {} })
    .find((f) => f.span.startLine === definition.nameSpan.startLine && f.span.startCol === definition.nameSpan.startCol);
  return missing ? `Docstring: missing (${missing.code})` : 'Docstring: none (not required: private or nested)';
}
