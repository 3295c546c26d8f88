import {
  CompletionItemKind, InsertTextFormat, InsertTextMode, type CompletionItem, type Connection, type Position, type ServerCapabilities,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Edit, type Tree } from 'web-tree-sitter';
import type { ModuleAnalysis } from '../../core/analysis/model';
import { planFile, type DocumentOptions } from '../../core/docstring/engine';
import { TemplateProvider } from '../../core/docstring/provider';
import { snippetOf } from '../../core/docstring/snippet';
import { parserInput } from '../../core/parse/ipython';
import type { Session } from '../session';
import { modulePath } from '../uri';
import { STYLE_NAMES } from './codeActions';

/**
 * The `"""` trigger: opening quotes typed alone on the first line of a def or class body offer
 * "Generate docstring", which replaces them with the template docstring as a snippet. Always
 * the offline template: a keystroke never sends code anywhere.
 */

export const capabilities: ServerCapabilities = { completionProvider: { triggerCharacters: ['"', "'"] } };

export function register(connection: Connection, session: Session): void {
  connection.onCompletion(async ({ textDocument, position }) => {
    const entry = session.documents.get(textDocument.uri);
    // Every quote typed asks: answer at once unless the line holds just the opening quotes.
    if (!entry || entry.skipped || !openingQuotesAt(entry.document, position)) return [];
    const settings = await session.settings.for(textDocument.uri);
    session.documents.ensureTree(entry, settings);
    if (!settings.enable || !entry.tree) return [];
    const path = modulePath(textDocument.uri);
    return docstringCompletion(position, {
      document: entry.document, tree: entry.tree, path, options: session.settings.writingOptions(path, settings, entry.document.getText()),
      parse: (text, old) => session.verifier.parse(parserInput(text, entry.ipython), old ?? null)!,
      // The document's own unit cache: the text with the docstring shares most statements with it.
      analyze: (tree, text) => session.analyzer.analyze(tree, text, entry.units),
      snippets: session.client.completionSnippets,
    });
  });
}

export interface CompletionContext {
  document: TextDocument;
  /** The document's current tree, to parse the stand-in text incrementally from. */
  tree?: Tree;
  /** The module's path, for the module name and exclude rules. */
  path: string;
  options: DocumentOptions;
  /** Parses a text (from scratch when `old` is not given). */
  parse: (text: string, old?: Tree) => Tree;
  analyze: (tree: Tree, text: string) => ModuleAnalysis;
  /** The client accepts snippet syntax in completion items. */
  snippets: boolean;
}

/** Opening quotes being typed at `position`: the columns they (and any auto-closed quotes) span. */
export function openingQuotesAt(document: TextDocument, position: Position): { start: number; end: number } | undefined {
  const line = document.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/\r?\n$/, '');
  const before = /^([ \t]*)("""|''')$/.exec(line.slice(0, position.character));
  if (!before) return undefined;
  const after = line.slice(position.character);
  // An editor may have closed the quotes as they were typed: those go too.
  const closing = /^("{0,3}|'{0,3})[ \t]*$/.exec(after);
  if (!closing || (closing[1] && closing[1][0] !== before[2]![0])) return undefined;
  return { start: before[1]!.length, end: line.length };
}

const STAND_IN = '""""""';

/** The text with the stand-in docstring, parsed from the document's tree where there is one. */
function parseStandIn(ctx: CompletionContext, source: string, columns: { row: number; start: number; end: number }, start: number, end: number): Tree {
  if (!ctx.tree) return ctx.parse(source);
  const edited = ctx.tree.copy();
  try {
    edited.edit(new Edit({
      startIndex: start, oldEndIndex: end, newEndIndex: start + STAND_IN.length,
      startPosition: { row: columns.row, column: columns.start },
      oldEndPosition: { row: columns.row, column: columns.end },
      newEndPosition: { row: columns.row, column: columns.start + STAND_IN.length },
    }));
    return ctx.parse(source, edited);
  } finally {
    edited.delete();
  }
}

export async function docstringCompletion(position: Position, ctx: CompletionContext): Promise<CompletionItem[]> {
  const quotes = openingQuotesAt(ctx.document, position);
  if (!quotes) return [];
  const text = ctx.document.getText();
  const start = ctx.document.offsetAt({ line: position.line, character: quotes.start });
  const end = ctx.document.offsetAt({ line: position.line, character: quotes.end });
  // The quotes being typed open a string that runs on through the file. An empty docstring
  // stands in for them; the template is written over it, and that edit is the one verified.
  const source = text.slice(0, start) + STAND_IN + text.slice(end);
  const tree = parseStandIn(ctx, source, { row: position.line, start: quotes.start, end: quotes.end }, start, end);
  try {
    const analysis = ctx.analyze(tree, source);
    const index = analysis.definitions.findIndex((d) => d.docstring?.span.startLine === position.line && d.docstring.span.startCol === quotes.start);
    if (index < 0) return [];
    const plan = await planFile(
      { path: ctx.path, source, tree, analysis, parse: ctx.parse },
      [{ index, action: 'regenerate' }], new TemplateProvider(), ctx.options,
    );
    const edit = plan.edits[0]?.edit;
    if (!plan.text || !edit || edit.start !== start || edit.end !== start + STAND_IN.length) return [];
    const literal = edit.newText;
    const typed = ctx.document.getText({ start: { line: position.line, character: quotes.start }, end: position });
    const indent = ctx.document.getText({ start: { line: position.line, character: 0 }, end: { line: position.line, character: quotes.start } });
    return [{
      label: 'Generate docstring',
      kind: CompletionItemKind.Snippet,
      detail: `Docwright: ${STYLE_NAMES[ctx.options.style]} style`,
      documentation: { kind: 'markdown', value: `\`\`\`python\n${indent}${literal}\n\`\`\`` },
      filterText: typed,
      sortText: '0',
      preselect: true,
      insertTextFormat: ctx.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      // The literal's lines carry their indentation already.
      insertTextMode: InsertTextMode.asIs,
      textEdit: {
        range: { start: { line: position.line, character: quotes.start }, end: { line: position.line, character: quotes.end } },
        newText: ctx.snippets ? snippetOf(literal) : literal,
      },
    }];
  } finally {
    tree.delete();
  }
}
