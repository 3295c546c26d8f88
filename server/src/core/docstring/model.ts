/**
 * The docstring model every style parses into and renders from. Texts are the docstring's
 * value (escape sequences decoded), dedented, with line breaks kept as the author wrote them:
 * the formatter only wraps lines that are too long, so human layout survives an update.
 */

export type DocstringStyle = 'google' | 'numpy' | 'sphinx';
export const DOCSTRING_STYLES: readonly DocstringStyle[] = ['google', 'numpy', 'sphinx'];

export interface DocParam {
  /** As written, stars included (`*args`); numpy may list several: `x1, x2`. */
  name: string;
  type?: string;
  /** Written as `optional` after the type (Google `(int, optional)`, NumPy `int, optional`). */
  optional?: boolean;
  description: string;
  /** The text of a trailing "Defaults to X." sentence, as written (backticks kept). */
  default?: string;
}

export interface DocReturn {
  /** NumPy lets returns be named (`total : int`). */
  name?: string;
  type?: string;
  description: string;
}

export interface DocRaise {
  type: string;
  description: string;
}

/** A section we do not interpret (Examples, Notes, See Also...), kept verbatim. */
export interface DocSection {
  /** '' for Sphinx fields we do not know (`:meta private:`), kept as lines. */
  title: string;
  body: string;
}

export interface DocstringModel {
  summary: string;
  description: string;
  params: DocParam[];
  returns: DocReturn[];
  yields: DocReturn[];
  raises: DocRaise[];
  attributes: DocParam[];
  sections: DocSection[];
}

export function emptyModel(summary = ''): DocstringModel {
  return { summary, description: '', params: [], returns: [], yields: [], raises: [], attributes: [], sections: [] };
}

/** The names a parameter entry documents, stars and rST escapes dropped: `*args` → `args`. */
export function documentedNames(param: Pick<DocParam, 'name'>): string[] {
  // `:param as_tuple=False:` documents `as_tuple` (SQLAlchemy writes the default into the field).
  return param.name.split(',').map((n) => n.trim().replace(/\\/g, '').replace(/^\*{1,2}/, '').replace(/=.*$/, '')).filter(Boolean);
}

export function hasSections(model: DocstringModel): boolean {
  return model.params.length + model.returns.length + model.yields.length + model.raises.length
    + model.attributes.length + model.sections.length > 0;
}

/**
 * The one form of placeholder text: `TODO: ` and one sentence (`TODO: Describe \`rate\`.`).
 * The template writes only this form; DW501 reports it, snippets put a tab stop on it, and an
 * LLM may replace it. A human's text is never replaced, and `TODO:` is how a reader tells them
 * apart, so a docstring cannot look documented while it is still a stub.
 */
export const PLACEHOLDER = 'TODO';
const PLACEHOLDER_START = /^TODO:(?:\s|$)/;
/**
 * A placeholder sentence inside a text: `TODO: ` up to the first period outside backticks. It
 * may be wrapped over lines (a long name), never over a blank line.
 */
const PLACEHOLDER_SENTENCE = /(?<!\w)TODO:[ \t](?:`[^`\n]*`|[^.`\n]|\n(?![ \t]*(?:\n|$)))*\./g;

/** Placeholder text for `what`, a sentence without its final period. */
export function placeholder(what: string): string {
  return `${PLACEHOLDER}: ${what}.`;
}

/** True when a summary or description is (still) a placeholder. */
export function isPlaceholder(text: string): boolean {
  return PLACEHOLDER_START.test(text.trim());
}

/** Where each placeholder sentence sits in a text (a rendered docstring, a literal): [start, end). */
export function placeholderRanges(text: string): [number, number][] {
  return [...text.matchAll(PLACEHOLDER_SENTENCE)].map((m) => [m.index, m.index + m[0].length]);
}

/** The parts of a docstring that are still placeholders: `summary`, entry names, `returns`... */
export function placeholderParts(model: DocstringModel): string[] {
  const parts: string[] = [];
  if (isPlaceholder(model.summary)) parts.push('summary');
  for (const p of model.params) if (isPlaceholder(p.description)) parts.push(`\`${p.name}\``);
  for (const a of model.attributes) if (isPlaceholder(a.description)) parts.push(`\`${a.name}\``);
  if (model.returns.some((r) => isPlaceholder(r.description))) parts.push('returns');
  if (model.yields.some((r) => isPlaceholder(r.description))) parts.push('yields');
  for (const r of model.raises) if (isPlaceholder(r.description)) parts.push(`\`${r.type}\``);
  return parts;
}
