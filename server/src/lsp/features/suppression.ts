import { CodeActionKind, type CodeAction, type Connection } from 'vscode-languageserver';
import type { Tree } from 'web-tree-sitter';
import { withSuppression } from '../../core/rules/selection';
import { wantsKind } from '../requests';
import type { Session } from '../session';

/**
 * "Ignore DWxxx on this line": a quick fix for every Docwright diagnostic, writing `# noqa: DWxxx`
 * on the line the finding is reported on (merged into a noqa or `# docwright: ignore[...]`
 * already there, by the same function `--add-noqa` uses).
 */

export function register(_connection: Connection, session: Session): void {
  session.contributions.codeActions.push(async (params) => {
    if (!wantsKind(params.context.only, CodeActionKind.QuickFix)) return [];
    const entry = session.documents.get(params.textDocument.uri);
    if (!entry || entry.skipped) return [];
    const settings = await session.settings.for(params.textDocument.uri);
    session.documents.ensureTree(entry, settings);
    const { document } = entry;
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== 'docwright' || typeof diagnostic.code !== 'string') continue;
      const line = diagnostic.range.start.line;
      // "On this line": a request carrying a whole file's diagnostics gets fixes for the lines it is on.
      if (line < params.range.start.line || line > params.range.end.line) continue;
      const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
      if (!canCarryComment(text, line, entry.tree)) continue;
      const changed = withSuppression(text, [diagnostic.code]);
      if (changed === text) continue;
      const edits = [{ range: { start: { line, character: 0 }, end: { line, character: text.length } }, newText: changed }];
      actions.push({
        title: `Ignore ${diagnostic.code} on this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: session.client.actions.documentChanges
          ? { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] }
          : { changes: { [document.uri]: edits } },
      });
    }
    return actions;
  });
}

/**
 * A comment at the end of the line would change the code where the line goes on in a string
 * (a docstring's first line) or after a backslash: no fix is offered there.
 */
function canCarryComment(text: string, line: number, tree: Tree | undefined): boolean {
  const code = text.trimEnd();
  if (code.endsWith('\\')) return false;
  if (!tree || code === '') return true;
  let node = tree.rootNode.descendantForPosition({ row: line, column: code.length - 1 });
  for (; node; node = node.parent) {
    if (node.type === 'string' || node.type === 'concatenated_string') return node.endPosition.row <= line;
  }
  return true;
}
