import { CodeActionKind, type CodeAction, type Connection } from 'vscode-languageserver';
import type { Definition, ModuleAnalysis } from '../../core/analysis/model';
import { describeExtraction, extractions, type Extraction } from '../../core/complexity/extraction';
import { definitionNodeAt } from '../../core/docstring/edit';
import { SHOW_REFACTOR_PLAN_COMMAND, type RefactorPlanArgs } from '../../shared/protocol';
import type { Settings } from '../../shared/settings';
import type { OpenDocument } from '../documents';
import { wantsKind } from '../requests';
import type { Session } from '../session';
import { analysisOf } from './codeLens';

/**
 * For a function over `maxCognitive` (the one DW902 reports: the outermost), the extraction
 * that lowers its score most, with the numbers: in the hover, and as a code action that shows
 * the plan (the best few) and edits nothing.
 */

/** How many extractions the plan lists. */
const PLAN_STEPS = 3;

export function register(_connection: Connection, session: Session): void {
  session.contributions.hover.push((analysis, definition, entry, settings) => {
    const best = planFor(analysis, definition, entry, settings)[0];
    return best ? [`Refactoring hint: ${describeExtraction(best)}.`] : [];
  });

  session.contributions.codeActions.push(async (params) => {
    if (!wantsKind(params.context.only, CodeActionKind.RefactorExtract)) return [];
    const current = await analysisOf(session, params.textDocument.uri);
    if (!current) return [];
    const { analysis, entry, settings } = current;
    const line = params.range.start.line;
    const actions: CodeAction[] = [];
    for (const definition of analysis.definitions) {
      if (line < definition.decoratedStartLine || line > definition.nameSpan.startLine) continue;
      const steps = planFor(analysis, definition, entry, settings);
      if (steps.length === 0) continue;
      const args: RefactorPlanArgs = { uri: entry.document.uri, qualname: definition.qualname, steps: steps.map(toItem) };
      const title = `Show refactoring plan for \`${definition.qualname}\``;
      actions.push({ title, kind: CodeActionKind.RefactorExtract, command: { title, command: SHOW_REFACTOR_PLAN_COMMAND, arguments: [args] } });
    }
    return actions;
  });
}

/** The best extractions of a function DW902 reports (whether or not a noqa hides it), best first. */
function planFor(analysis: ModuleAnalysis, definition: Definition, entry: OpenDocument, settings: Settings): Extraction[] {
  if (definition.kind !== 'function' || definition.metrics.cognitive <= settings.maxCognitive || hasFunctionAncestor(analysis, definition)) return [];
  if (!entry.tree) return [];
  const node = definitionNodeAt(entry.tree, definition.nameSpan.startLine, definition.nameSpan.startCol);
  return node ? extractions(node, definition).slice(0, PLAN_STEPS) : [];
}

function hasFunctionAncestor(analysis: ModuleAnalysis, definition: Definition): boolean {
  for (let i = definition.parentIndex; i >= 0; i = analysis.definitions[i]!.parentIndex) {
    if (analysis.definitions[i]!.kind === 'function') return true;
  }
  return false;
}

function toItem(e: Extraction) {
  return {
    range: { start: { line: e.startLine, character: 0 }, end: { line: e.endLine + 1, character: 0 } },
    label: describeExtraction(e),
    detail: e.returns ? 'the call returns its result' : '',
  };
}
