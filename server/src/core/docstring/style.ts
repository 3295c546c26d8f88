import type { DocstringStyle } from './model';

/** Which style new docstrings get when the setting is `auto`. Pure: callers read the files. */

export type StyleSetting = 'auto' | DocstringStyle;

export interface StyleSources {
  /** `[tool.docwright] style`. */
  configured?: string;
  /** `[tool.ruff.lint.pydocstyle] convention`: google, numpy or pep257. */
  ruffConvention?: string;
  /** Counts of existing docstrings by style in the project. */
  counts?: Record<DocstringStyle, number>;
}

export interface ResolvedStyle {
  style: DocstringStyle;
  /** Where the choice came from, for logs and the report. */
  source: string;
}

const isStyle = (value: string | undefined): value is DocstringStyle => value === 'google' || value === 'numpy' || value === 'sphinx';

export function resolveStyle(setting: StyleSetting, sources: StyleSources): ResolvedStyle {
  if (setting !== 'auto') return { style: setting, source: 'setting' };
  if (isStyle(sources.configured)) return { style: sources.configured, source: '[tool.docwright] style' };
  if (sources.ruffConvention === 'google' || sources.ruffConvention === 'numpy') {
    return { style: sources.ruffConvention, source: 'ruff pydocstyle convention' };
  }
  const counts = sources.counts;
  if (counts) {
    const ranked = (Object.entries(counts) as [DocstringStyle, number][]).sort((a, b) => b[1] - a[1]);
    if (ranked[0]![1] > 0 && ranked[0]![1] > (ranked[1]?.[1] ?? 0)) return { style: ranked[0]![0], source: 'most existing docstrings' };
  }
  return { style: 'google', source: 'default' };
}

const NUMPY_HEADER = /^[ \t]*(?:Parameters|Returns|Yields|Raises|Attributes|Other Parameters|See Also|Notes|Examples)[ \t]*(?:\r\n|\r|\n)[ \t]*-{3,}[ \t]*$/gm;
const GOOGLE_HEADER = /^[ \t]*(?:Args|Arguments|Returns|Yields|Raises|Attributes):[ \t]*$/gm;
/** A Sphinx field list starts where a field follows a non-field line. */
const SPHINX_START = /^(?![ \t]*:)[^\r\n]*(?:\r\n|\r|\n)[ \t]*:(?:param|parameter|returns?|rtype|raises?|yields?|ivar)\b[^:\r\n]*:/gm;

/** Counts docstring sections by style in a file's text (one count per docstring, roughly). */
export function countStyles(text: string, into: Record<DocstringStyle, number>): void {
  into.numpy += text.match(NUMPY_HEADER)?.length ?? 0;
  into.google += text.match(GOOGLE_HEADER)?.length ?? 0;
  into.sphinx += text.match(SPHINX_START)?.length ?? 0;
}

export function emptyCounts(): Record<DocstringStyle, number> {
  return { google: 0, numpy: 0, sphinx: 0 };
}
