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
  return param.name.split(',').map((n) => n.trim().replace(/\\/g, '').replace(/^\*{1,2}/, '')).filter(Boolean);
}

export function hasSections(model: DocstringModel): boolean {
  return model.params.length + model.returns.length + model.yields.length + model.raises.length
    + model.attributes.length + model.sections.length > 0;
}

/** Placeholder text the template writes; an LLM may replace it, a human's text it never does. */
export const PLACEHOLDER = 'TODO';
export function isPlaceholder(text: string): boolean {
  return text.trim().startsWith(PLACEHOLDER);
}
