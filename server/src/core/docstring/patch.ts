import type { DocParam, DocRaise, DocstringModel } from './model';
import { documentedNames } from './model';
import type { DocstringRead, EntryShape, SectionLayout } from './parse';
import { cleandoc, trimBlankLines, typeWithOptional, withDefault } from './text';

/**
 * An update written into the docstring as its author laid it out: a new parameter or
 * exception becomes a line in the existing section, shaped like its neighbours (indent,
 * bullet, separator, type style, blank lines between entries); a removed one loses its lines;
 * a section the docstring has for a role is never added again. Every other line stays as it
 * was, byte for byte. Works on the literal's source text, so it refuses a literal whose text
 * and value differ (escape sequences), and any change it cannot place line by line. Pure.
 */

export type Patched = { ok: true; literal: string } | { ok: false; reason: string };

interface LineEdit {
  /** Cleaned-docstring line before which `lines` are inserted, or whose range is deleted. */
  at: number;
  /** Lines to delete from `at` (inclusive) to `until` (exclusive). */
  until: number;
  insert: string[];
}

/**
 * `sections`: new sections (lines relative to the docstring's margin) for roles the docstring
 * has none for. They go where the conventions put them: before a trailing See Also, Notes,
 * References or Examples section, else after the last line, one blank line apart.
 */
export function patchDocstring(literal: string, read: DocstringRead, before: DocstringModel, after: DocstringModel, sections: string[] = []): Patched {
  const source = literalParts(literal);
  if (!source) return { ok: false, reason: 'its docstring is not a plain triple-quoted string' };
  const edits: LineEdit[] = [];
  const block = trimBlankLines(sections);
  if (block.length) {
    if (block.some((l) => l.includes('\\') || l.includes(source.close))) return { ok: false, reason: 'the new text would need escapes the docstring cannot hold' };
    edits.push(sectionInsertion(read, block));
  }
  const problem = patchEntries(read, 'params', before.params, after.params, edits)
    ?? patchEntries(read, 'attributes', before.attributes, after.attributes, edits)
    ?? patchEntries(read, 'raises', before.raises.map(raiseAsParam), after.raises.map(raiseAsParam), edits);
  if (problem) return { ok: false, reason: problem };
  // A Returns or Yields section the code no longer needs goes whole; any other change to it
  // (a type, the author's wording) is the author's to make.
  for (const key of ['returns', 'yields'] as const) {
    const section = read.sections.find((s) => s.role === key);
    if (section && before[key].length > 0 && after[key].length === 0) edits.push({ at: section.header, until: endWithBlank(read.lines, section.end), insert: [] });
  }
  if (edits.length === 0) return { ok: true, literal };
  return applyLineEdits(source, read.lines, edits);
}

const TRAILING = new Set(['see also', 'seealso', 'notes', 'note', 'references', 'examples', 'example']);

function sectionInsertion(read: DocstringRead, block: string[]): LineEdit {
  const trailing = read.sections.find((s) => s.title && TRAILING.has(s.title.toLowerCase()));
  if (trailing) return { at: trailing.header, until: trailing.header, insert: [...block, ''] };
  const end = read.lines.length;
  const lastBlank = end > 0 && read.lines[end - 1]!.trim() === '';
  return { at: end, until: end, insert: lastBlank ? block : ['', ...block] };
}


function raiseAsParam(r: DocRaise): DocParam {
  return { name: r.type, description: r.description };
}

/** Adds and drops entries of one section; a reason when it cannot. */
/**
 * Adds and drops the entries of one section; a reason when it cannot. A kept entry stays as
 * written, even where the merge would change its type: those words are the author's.
 */
function patchEntries(read: DocstringRead, role: 'params' | 'raises' | 'attributes', before: DocParam[], after: DocParam[], edits: LineEdit[]): string | undefined {
  const key = (p: DocParam) => documentedNames(p).join(',');
  const kept = new Set(after.map(key));
  const known = new Set(before.map(key));
  if (after.every((p) => known.has(key(p))) && before.every((p) => kept.has(key(p)))) return undefined;
  const section = read.sections.find((s) => s.role === role && s.entries.length > 0);
  if (!section?.shape) return `its ${role === 'params' ? 'parameter' : role === 'raises' ? 'Raises' : 'Attributes'} section is not one Docwright can add to in place`;
  if (before.length !== section.entries.length) return `its ${section.title || 'field'} list could not be matched entry by entry`;
  before.forEach((entry, i) => {
    if (kept.has(key(entry))) return;
    const layout = section.entries[i];
    if (layout) edits.push({ at: layout.first, until: section.shape!.blankBetween ? endWithBlank(read.lines, layout.last + 1) : layout.last + 1, insert: [] });
  });
  for (const [i, entry] of after.entries()) {
    if (known.has(key(entry))) continue;
    const point = insertionPoint(section, before, after, i);
    const block = paramLines(entry, section.shape);
    const separated = !section.shape.blankBetween ? block : point.first ? [...block, ''] : ['', ...block];
    edits.push({ at: point.at, until: point.at, insert: separated });
  }
  return undefined;
}

/** After the nearest earlier entry that stays, else before the first entry. */
function insertionPoint(section: SectionLayout, before: DocParam[], after: DocParam[], index: number): { at: number; first: boolean } {
  const key = (p: DocParam) => documentedNames(p).join(',');
  for (let i = index - 1; i >= 0; i--) {
    const position = before.findIndex((p) => key(p) === key(after[i]!));
    if (position >= 0) {
      return { at: section.entries[position]!.last + 1, first: false };
    }
  }
  return { at: section.entries[0]!.first, first: true };
}

/** An entry written as its neighbours are: `* name (int): text`, `name : int` + text below… */
function paramLines(entry: DocParam, shape: EntryShape): string[] {
  const pad = ' '.repeat(shape.indent);
  const type = typeWithOptional(entry.type, entry.optional);
  const text = withDefault(entry.description, entry.default);
  if (shape.typeStyle === 'numpy') {
    return [`${pad}${shape.bullet}${entry.name}${type ? ` : ${type}` : ''}`, `${' '.repeat(shape.continuation)}${text}`];
  }
  const head = `${pad}${shape.bullet}${entry.name}${shape.typeStyle === 'paren' && type ? ` (${type})` : ''}`;
  if (!shape.separator) return [head, `${' '.repeat(shape.continuation)}${text}`];
  return [`${head}${shape.separator}${text}`];
}

/** The line after `end` when it is blank, so that a removed block takes its separator along. */
function endWithBlank(lines: string[], end: number): number {
  return end < lines.length && lines[end]!.trim() === '' ? end + 1 : end;
}

// ---------------------------------------------------------------- source lines

interface LiteralSource {
  open: string;
  close: string;
  /** The lines of the text between the quotes, each with the line break that ends it. */
  lines: { text: string; eol: string }[];
}

function literalParts(literal: string): LiteralSource | undefined {
  const prefix = /^[a-zA-Z]*/.exec(literal)![0];
  const quote = literal.slice(prefix.length, prefix.length + 3);
  if (quote !== '"""' && quote !== "'''") return undefined;
  const inner = literal.slice(prefix.length + 3, literal.length - 3);
  // Line by line only where the source text is the value: no escapes to keep in step.
  if (!/r/i.test(prefix) && inner.includes('\\')) return undefined;
  const lines: { text: string; eol: string }[] = [];
  const pattern = /([^\r\n]*)(\r\n|\r|\n|$)/g;
  for (let match = pattern.exec(inner); match; match = pattern.exec(inner)) {
    lines.push({ text: match[1]!, eol: match[2]! });
    if (!match[2]) break;
  }
  return { open: prefix + quote, close: quote, lines };
}

/**
 * Applies line edits given on the cleaned docstring to the literal's own lines: cleaned line
 * `i` is source line `i + offset` (cleandoc drops blank lines at the start), and an inserted
 * line gets the docstring's indentation.
 */
function applyLineEdits(source: LiteralSource, cleaned: string[], edits: LineEdit[]): Patched {
  const value = source.lines.map((l) => l.text + l.eol).join('');
  const check = cleandoc(value);
  if (check.join('\n') !== cleaned.join('\n')) return { ok: false, reason: 'its lines could not be matched to the source' };
  const offset = leadingBlankLines(source.lines.map((l) => l.text));
  const indent = docstringIndent(source.lines.map((l) => l.text));
  const eol = source.lines.find((l) => l.eol)?.eol ?? '\n';
  const out = source.lines.map((l) => ({ ...l }));
  // Lines added after the last one: the closing quotes then get a line of their own.
  const last = out[out.length - 1]!;
  if (edits.some((e) => e.at + offset >= out.length && e.insert.length) && last.text.trim()) {
    last.eol = eol;
    out.push({ text: indent, eol: '' });
  }
  const sorted = [...edits].sort((a, b) => b.at - a.at || b.until - a.until);
  for (const edit of sorted) {
    const start = edit.at + offset;
    const inserted = edit.insert.map((text) => ({ text: text ? indent + text : '', eol }));
    out.splice(start, (edit.until - edit.at), ...inserted);
  }
  // The last line keeps no break of its own: the closing quotes follow it.
  const body = out.map((l, i) => l.text + (i === out.length - 1 ? '' : l.eol || eol)).join('');
  return { ok: true, literal: `${source.open}${body}${source.close}` };
}

function leadingBlankLines(lines: string[]): number {
  let n = 0;
  while (n < lines.length && lines[n]!.trim() === '') n++;
  return n;
}

/** The smallest indentation of the lines after the first, as written (tabs or spaces). */
function docstringIndent(lines: string[]): string {
  let best: string | undefined;
  for (const line of lines.slice(1)) {
    if (!line.trim()) continue;
    const lead = /^[ \t]*/.exec(line)![0];
    if (best === undefined || lead.length < best.length) best = lead;
  }
  return best ?? '';
}
