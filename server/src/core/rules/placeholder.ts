import { readExisting, type DocstringCache } from '../docstring/targets';
import { placeholderParts } from '../docstring/model';
import type { Span } from '../analysis/model';
import { defineRule, type CheckInput, type Report, type RuleFamily } from './rule';

/**
 * DW501: a docstring whose summary or an entry's description is still placeholder text, so a
 * project the template documented does not pass for a documented one. What counts as a
 * placeholder is docstring/model.ts's `placeholderParts`; the check over a module is here.
 */

interface Placeholder {
  /** What is still a placeholder: `summary`, `returns`, `yields` or an entry's name in backticks. */
  parts: string[];
  /** The definition; none for the module's own docstring. */
  qualname?: string;
}

const DW501 = defineRule({
  code: 'DW501',
  title: 'Docstring is a placeholder',
  peer: '(none)',
  severity: 'information',
  message: ({ parts, qualname }: Placeholder) =>
    `Docstring is a placeholder: TODO in ${parts.join(', ')} (${qualname === undefined ? 'module' : `\`${qualname}\``})`,
  docs: [
    'The docstring is still a placeholder: its summary, or the description of a parameter,',
    'attribute, return value, yielded value or exception, is placeholder text, which always has one',
    'form: `TODO: ` and a sentence (``TODO: Describe `rate`.``). The template writes exactly that',
    'where the code cannot say what something is for, so a project documented by the template is',
    'not reported as documented. Information by default. Quick fix: **Fill in the docstring',
    'placeholders** (in VS Code: the docstring becomes a snippet, the cursor on the first',
    'placeholder and <kbd>Tab</kbd> to the next), or, with an LLM provider configured, **Generate',
    "docstring … with MODEL**, which writes the placeholders' text and keeps every other word.",
  ].join('\n'),
});

export const placeholder: RuleFamily = {
  name: 'placeholder',
  title: 'Placeholders',
  rules: [DW501],
  check: placeholderDocstrings,
};

/** What of a docstring literal is still placeholder text (nothing: it is written). DW501 and docstring coverage ask this. */
export function placeholderPartsOf(raw: string, docstrings?: DocstringCache): string[] {
  return placeholderParts((docstrings ? docstrings.read(raw) : readExisting(raw)).model);
}

function placeholderDocstrings({ analysis, module, docstrings }: CheckInput, report: Report): void {
  const check = (raw: string, span: Span, qualname?: string) => {
    const parts = placeholderPartsOf(raw, docstrings);
    if (parts.length) report(DW501, qualname === undefined ? { parts } : { parts, qualname }, span);
  };
  // A notebook cell is a fragment of a module: a string first in it is no module docstring.
  if (analysis.docstring && !module.cell) {
    const { startLine, startCol } = analysis.docstring.span;
    // The module has no name to carry it: its docstring's first line does.
    const firstLine = analysis.docstring.raw.split(/\r?\n/)[0]!;
    check(analysis.docstring.raw, { startLine, startCol, endLine: startLine, endCol: startCol + firstLine.length });
  }
  for (const definition of analysis.definitions) {
    if (definition.docstring && !definition.hasSyntaxError) check(definition.docstring.raw, definition.nameSpan, definition.qualname);
  }
}
