import {
  emptyModel, PLACEHOLDER, type DocParam, type DocReturn, type DocSection, type DocstringModel, type DocstringStyle,
} from './model';
import {
  cleandoc, dedent, indentWidth, isBlank, looksLikeType, matchingParen, splitDefault, splitOptional, trimBlankLines,
} from './text';

/**
 * Reads docstring values (escapes already decoded) as their authors write them: Google,
 * NumPy, Sphinx fields and Epytext, and the free forms mature projects keep: any Napoleon
 * section name, `-----` or `=====` underlines, entries after a blank line, bullets, dash
 * separators (`name -- text`), bare names with the text indented below, NumPy entries under
 * a Google header, combined entries (`x, y : int`, `a and b: ...`), continuation lines that
 * are not indented, `Returns: text` inline. A section ends at the next header, its underline,
 * a doctest or a directive. When a parameter section cannot be read with confidence, the
 * docstring is free-form: `freeForm` says why, and nothing is judged or appended there.
 */

type Kind = 'params' | 'returns' | 'yields' | 'raises' | 'attributes';
export type SectionRole = Kind | 'otherParams' | 'other';

/** Every Napoleon (Google) and numpydoc section title, lower-cased, with the role it plays. */
const TITLES = new Map<string, SectionRole>([
  ...['args', 'arguments', 'parameters', 'params', 'parameter', 'argument'].map((t) => [t, 'params'] as const),
  ...['keyword args', 'keyword arguments', 'keyword parameters', 'other parameters', 'other params', 'other arguments', 'kwargs', 'receives', 'receive']
    .map((t) => [t, 'otherParams'] as const),
  // 'results' is no Napoleon title, but NumPy-style projects (pymap3d) write it for Returns.
  ...['returns', 'return', 'return value', 'return values', 'results'].map((t) => [t, 'returns'] as const),
  ...['yields', 'yield'].map((t) => [t, 'yields'] as const),
  ...['raises', 'raise', 'exceptions', 'except', 'throws', 'throw'].map((t) => [t, 'raises'] as const),
  ...['attributes', 'attribute'].map((t) => [t, 'attributes'] as const),
  ...['examples', 'example', 'notes', 'note', 'see also', 'references', 'warnings', 'warning', 'warns', 'todo',
    'methods', 'tip', 'hint', 'important', 'caution', 'danger', 'attention', 'error', 'usage', 'seealso']
    .map((t) => [t, 'other'] as const),
]);

/** A sentence that heads a list of returned values rather than naming a section: "Returns a tuple containing the following:". */
const LISTS_RESULTS = /^(Returns|Yields)\b[^:]*\bthe following:\s*$/;

/** Roles whose titles may carry their text on the header line: `Returns: the total.` */
const INLINE_ROLES = new Set<SectionRole>(['returns', 'yields', 'raises']);

const GOOGLE_HEADER = /^([A-Za-z][A-Za-z ]*?)\s*:(?:\s+(.*))?\s*$/;
/** A NumPy header's underline: `---`, `===` (SymPy's habit) or `___` (einsteinpy's). */
const UNDERLINE = /^(?:-{3,}|={3,}|_{3,})\s*$/;
const NUMPY_TITLE = /^[A-Za-z][\w ]*$/;
const DOCTEST = /^>>>/;
const DIRECTIVE = /^\.\.\s+[\w:-]+::/;
const SPHINX_FIELD = /^:([A-Za-z]+)((?:\s+[^:\s][^:]*)?):(?:\s+(.*)|\s*$)/;
const SPHINX_KNOWN = /^\s*:(param|parameter|arg|argument|key|keyword|type|returns?|rtype|raises?|except|exception|yields?|ytype|ivar|var|cvar|attribute|vartype)\b[^:\n]*:/m;
/** A field list of bare names: `:x: the x` at the start of a line. */
const BARE_FIELD = /^[ \t]*:[A-Za-z_]\w*:(?:[ \t]|$)/m;
const EPYTEXT_FIELD = /^\s*@(param|type|return|returns|rtype|raise|raises|keyword|kwarg|ivar|cvar|var|yield|yields)\b/m;
/** Bare reST fields that are document metadata, never a parameter: `:author:`, `:meta private:`. */
const DOCINFO = new Set(['author', 'authors', 'version', 'copyright', 'license', 'date', 'status', 'organization', 'contact',
  'address', 'revision', 'deprecated', 'meta', 'since', 'note', 'seealso', 'warning', 'todo', 'example', 'examples', 'platform', 'synopsis']);

/** One line of a section: where it is in the cleaned docstring. */
export interface EntryLayout {
  names: string[];
  /** First and last line (inclusive) in the cleaned docstring, blank lines after it excluded. */
  first: number;
  last: number;
}

/** How a section's entries are written, so that a new one can be written like its neighbours. */
export interface EntryShape {
  /** Column of an entry's first line within the docstring (cleaned). */
  indent: number;
  /** `* ` or `- ` before each name, or ''. */
  bullet: string;
  /** Between name (and type) and description: ': ', ' -- ', ' - ', or '' when the text is below. */
  separator: string;
  /** `(int)` after the name, NumPy's ` : int`, or none. */
  typeStyle: 'paren' | 'numpy' | 'none';
  /** Column of the description's lines below an entry's first line. */
  continuation: number;
  /** Entries are separated by a blank line. */
  blankBetween: boolean;
}

export interface SectionLayout {
  role: SectionRole;
  title: string;
  /** A NumPy header, underlined with `-` or `=`. */
  underlined?: boolean;
  /** The header line, and the first line after the section (exclusive end). */
  header: number;
  end: number;
  entries: EntryLayout[];
  shape?: EntryShape;
}

export interface DocstringRead {
  model: DocstringModel;
  style: DocstringStyle | null;
  /** Why the parameter part cannot be read with confidence; set, the docstring is free-form. */
  freeForm?: string;
  /** Names listed in sections that are not the main parameter list (Keyword Args, Other Parameters, bare reST fields). */
  otherNames: string[];
  /** The roles the docstring has a section for, read or not. */
  roles: Set<SectionRole>;
  /** The cleaned lines the layout refers to. */
  lines: string[];
  sections: SectionLayout[];
}

export function detectStyle(value: string): DocstringStyle | null {
  const lines = cleandoc(value);
  for (let i = 1; i < lines.length; i++) {
    const title = lines[i - 1]!.trim();
    const header = i - 1 > 0 ? NUMPY_TITLE.test(title) : TITLES.has(title.toLowerCase()); // line 0 only with no summary
    if (UNDERLINE.test(lines[i]!) && header && indentWidth(lines[i - 1]!) === indentWidth(lines[i]!)) {
      return 'numpy';
    }
  }
  if (SPHINX_KNOWN.test(value) || EPYTEXT_FIELD.test(value) || BARE_FIELD.test(value)) return 'sphinx';
  for (let i = 1; i < lines.length; i++) if (googleHeaderAt(lines, i)) return 'google';
  return null;
}

export function parseDocstring(value: string, style: DocstringStyle | null = detectStyle(value)): DocstringModel {
  return readDocstring(value, style).model;
}

export function readDocstring(value: string, style: DocstringStyle | null = detectStyle(value)): DocstringRead {
  const lines = cleandoc(value);
  const read = style === 'sphinx' ? readFields(lines, style) : readSections(lines, style);
  if (TEMPLATE.test(value)) read.freeForm = 'it is a template that is filled in at run time';
  else if (DEFERS.test(value)) read.freeForm = 'it refers to another docstring for its parameters';
  return read;
}

/** "See the read_excel docstring for …", "for more information on accepted parameters". */
const DEFERS = /\bsee (?:the )?\S+ (?:docstring|documentation)\b|\bfor (?:more )?(?:info|information|details) on (?:the |accepted |all )?(?:parameters|arguments|options)\b/i;

/** `%(params)s` or a line that is only `{params}`: text substituted into the docstring at import. */
const TEMPLATE = /%\([^)\s]+\)[sdr]|^[ \t]*\{\w+\}[ \t]*$/m;

// ---------------------------------------------------------------- sections (Google and NumPy alike)

interface Header {
  line: number;
  title: string;
  role: SectionRole;
  /** Lines the header takes: 2 with an underline. */
  height: number;
  inline: string;
}

function googleHeaderAt(lines: string[], i: number): Header | undefined {
  const line = lines[i]!;
  if (indentWidth(line) > 0 && !indentedHeader(lines, i)) return undefined;
  // "Returns a tuple containing the following:" (ZeroC Ice's generated code) heads a list of what comes back.
  const listed = indentWidth(line) === 0 ? LISTS_RESULTS.exec(line) : null;
  if (listed) return { line: i, title: listed[1]!, role: TITLES.get(listed[1]!.toLowerCase())!, height: 1, inline: '' };
  const match = GOOGLE_HEADER.exec(line.trimStart());
  if (!match) return undefined;
  const role = TITLES.get(match[1]!.trim().toLowerCase());
  const inline = (match[2] ?? '').trim();
  if (!role || (inline && !INLINE_ROLES.has(role))) return undefined;
  return { line: i, title: match[1]!.trim(), role, height: 1, inline };
}

/**
 * `Returns:` indented as deep as the entries above it, after a blank line and over text
 * indented deeper (python-twitter, sqlglot): a header its author misplaced, not an entry.
 */
function indentedHeader(lines: string[], i: number): boolean {
  const written = /^\s+([A-Za-z][A-Za-z ]*):\s*$/.exec(lines[i]!)?.[1];
  const role = written ? TITLES.get(written.toLowerCase()) : undefined;
  // `Usage:` over an indented example (lockfile), capitalised as no parameter is.
  const otherTitle = role === 'other' && /^[A-Z]/.test(written!);
  if (role !== 'returns' && role !== 'yields' && role !== 'raises' && !otherTitle) return false;
  const next = lines[i + 1];
  return i > 0 && isBlank(lines[i - 1]!) && next !== undefined && !isBlank(next) && indentWidth(next) > indentWidth(lines[i]!);
}

function headerAt(lines: string[], i: number): Header | undefined {
  const line = lines[i]!;
  const next = lines[i + 1];
  // Line 0 is the summary, unless it is an underlined NumPy header (a docstring with none).
  if (i === 0 && !(next !== undefined && UNDERLINE.test(next) && TITLES.has(line.trim().toLowerCase()))) return undefined;
  if (next !== undefined && indentWidth(line) === 0 && UNDERLINE.test(next) && indentWidth(next) === 0 && NUMPY_TITLE.test(line.trim())) {
    const title = line.trim();
    return { line: i, title, role: TITLES.get(title.toLowerCase()) ?? 'other', height: 2, inline: '' };
  }
  return googleHeaderAt(lines, i);
}

function readSections(lines: string[], style: DocstringStyle | null): DocstringRead {
  const model = emptyModel();
  const read: DocstringRead = { model, style, otherNames: [], roles: new Set(), lines, sections: [] };
  const headers: Header[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = headerAt(lines, i);
    if (header) {
      headers.push(header);
      i += header.height - 1;
    }
  }
  splitProse(lines, headers[0]?.line ?? lines.length, model);
  headers.forEach((header, n) => {
    const limit = headers[n + 1]?.line ?? lines.length;
    readSection(read, header, limit);
  });
  return read;
}

/** Summary = first paragraph; the rest until `end` is the description. */
function splitProse(lines: string[], end: number, model: DocstringModel): void {
  const prose = lines.slice(0, end);
  let i = 0;
  while (i < prose.length && !isBlank(prose[i]!)) i++;
  model.summary = prose.slice(0, i).join('\n');
  model.description = trimBlankLines(prose.slice(i)).join('\n');
}

function readSection(read: DocstringRead, header: Header, limit: number): void {
  const { lines, model } = read;
  const bodyStart = header.line + header.height;
  read.roles.add(header.role);
  const rawBody = lines.slice(bodyStart, limit);
  if (header.role === 'other') {
    addVerbatim(model, header, rawBody);
    read.sections.push({ role: 'other', title: header.title, header: header.line, end: limit, entries: [] });
    return;
  }
  if ((header.role === 'returns' || header.role === 'yields') && !looksLikeEntryList(rawBody)) {
    model[header.role].push(freeReturn(header.inline, rawBody));
    read.sections.push({ role: header.role, title: header.title, header: header.line, end: limit, entries: [] });
    return;
  }
  if (header.role === 'raises' && header.inline && rawBody.every((l) => !l.trim())) {
    // `Exceptions: `KeyError`, `ValueError`.` names them on the header line.
    for (const type of splitNames(header.inline.replace(/\.$/, ''))) {
      if (/^[A-Za-z_][\w.]*$/.test(type)) model.raises.push({ type, description: '' });
    }
    read.sections.push({ role: 'raises', title: header.title, header: header.line, end: limit, entries: [] });
    return;
  }
  const end = sectionEnd(lines, bodyStart, limit);
  const list = header.role === 'returns' || header.role === 'yields'
    ? readReturnEntries(lines, bodyStart, end)
    : readEntries(lines, bodyStart, end, header.role === 'raises', header.height === 2);
  const layout: SectionLayout = { role: header.role, title: header.title, header: header.line, end: list?.end ?? end, entries: list?.entries ?? [] };
  if (header.height === 2) layout.underlined = true;
  if (list?.shape) layout.shape = list.shape;
  read.sections.push(layout);
  if (!list) {
    if (header.role === 'params' || header.role === 'attributes') {
      read.freeForm ??= `its ${header.title} section is not a list of entries Docwright can read`;
    }
    addVerbatim(model, header, lines.slice(bodyStart, limit));
    return;
  }
  storeEntries(read, header, list.parsed);
  // What follows the list inside the section's span (prose after a doctest or directive) is kept.
  const after = trimBlankLines(lines.slice(list.end, limit));
  if (after.length) model.sections.push({ title: '', body: after.join('\n') });
}

function storeEntries(read: DocstringRead, header: Header, parsed: ParsedEntry[]): void {
  const { model } = read;
  switch (header.role) {
    case 'raises':
      model.raises.push(...parsed.map((e) => ({ type: e.names.join(', '), description: e.description })));
      return;
    case 'returns': case 'yields':
      model[header.role].push(...parsed.map(returnEntry));
      return;
    case 'otherParams':
      read.otherNames.push(...parsed.flatMap((e) => e.names));
      addVerbatim(model, header, read.lines.slice(header.line + header.height, read.sections[read.sections.length - 1]!.end));
      return;
    case 'params': case 'attributes':
      model[header.role].push(...parsed.map((e) => param(e.names.join(', '), e.type, e.description)));
  }
}

/** Sections we do not interpret keep their body word for word, under their own title. */
function addVerbatim(model: DocstringModel, header: Header, body: string[]): void {
  const text = trimBlankLines(header.height === 1 ? dedent(body) : body).join('\n');
  const inline = header.inline ? `${header.inline}${text ? '\n' : ''}` : '';
  model.sections.push({ title: header.title, body: inline + text });
}

/**
 * Where a section's list ends: at a doctest or directive at the docstring's margin, or, when
 * its entries are indented under the header, at the first line back at the margin.
 */
function sectionEnd(lines: string[], start: number, limit: number): number {
  const first = firstNonBlank(lines, start, limit);
  if (first < 0) return limit;
  const indented = indentWidth(lines[first]!) > 0;
  for (let i = first; i < limit; i++) {
    const line = lines[i]!;
    if (isBlank(line) || indentWidth(line) > 0) continue;
    if (indented || DOCTEST.test(line) || DIRECTIVE.test(line)) return i;
  }
  return limit;
}

function firstNonBlank(lines: string[], start: number, limit: number): number {
  for (let i = start; i < limit; i++) if (!isBlank(lines[i]!)) return i;
  return -1;
}

// ---------------------------------------------------------------- entries

/** A name as authors write it in a list: `x`, `*args`, ``` ``x`` ```, `` `x` ``, `**x**` (bold), `x.y`. */
const NAME = String.raw`(?:\w*\{[A-Za-z_]\w*(?:\s*[,|]\s*[A-Za-z_]\w*)+\}\w*|\*\*[A-Za-z_]\w*\*\*|\*{0,2}[A-Za-z_][\w.]*|\x60\x60\*{0,2}[A-Za-z_][\w.]*\x60\x60|\x60\*{0,2}[A-Za-z_][\w.]*\x60)`;
/** An exception as written under Raises: `ValueError`, `:exc:\x60ValueError\x60`, `~pkg.Error`. */
const EXCEPTION = String.raw`(?::(?:py:)?(?:exc|class|obj):)?\x60{0,2}~?[A-Za-z_][\w.]*\x60{0,2}`;
const BULLET = /^([*+\u2022-]\s+)/;

interface ParsedEntry {
  names: string[];
  type?: string;
  /** The text on the entry's own line, after its separator. */
  inline: string;
  description: string;
  first: number;
  last: number;
  separator: string;
  typeStyle: EntryShape['typeStyle'];
}

interface EntryHead {
  names: string[];
  type?: string;
  text: string;
  separator: string;
  typeStyle: EntryShape['typeStyle'];
}

/** Reads `name (type): text`, `name : type`, `name -- text`, `name: text` or a bare `name`. */
function entryHead(line: string, exceptions: boolean): EntryHead | undefined {
  const one = exceptions ? EXCEPTION : NAME;
  const names = new RegExp(`^(${one}(?:${NAME_SEPARATOR.source}${one})*)`).exec(line);
  if (!names) return undefined;
  let rest = line.slice(names[1]!.length);
  let type: string | undefined;
  let typeStyle: EntryShape['typeStyle'] = 'none';
  const paren = /^\s*\(/.exec(rest);
  if (paren) {
    const close = matchingParen(rest, paren[0].length - 1);
    if (close < 0) return undefined;
    type = rest.slice(paren[0].length, close).trim();
    // `(int, optional)`, `(list of str)`; "Examples (for a Screen instance named screen):" is prose.
    if (type.split(/\s+/).length > 4) return undefined;
    typeStyle = 'paren';
    rest = rest.slice(close + 1);
  }
  const list = splitNames(names[1]!);
  let match: RegExpExecArray | null;
  if ((match = /^\s+:(?:\s+(.*))?$/.exec(rest)) && typeStyle === 'none') {
    return { names: list, ...(match[1] ? { type: match[1].trim() } : {}), text: '', separator: '', typeStyle: 'numpy' };
  }
  if ((match = /^\s*:(?:\s+(.*))?$/.exec(rest))) return { names: list, ...(type ? { type } : {}), text: match[1] ?? '', separator: ': ', typeStyle };
  if ((match = /^\s+(--|-|\u2013|\u2014)(?:\s+(.*))?$/.exec(rest))) {
    return { names: list, ...(type ? { type } : {}), text: match[2] ?? '', separator: ` ${match[1]} `, typeStyle };
  }
  if (/^\s*$/.test(rest)) return { names: list, ...(type ? { type } : {}), text: '', separator: '', typeStyle };
  return undefined;
}

/** Between combined names: `x, y`, `x and y`, `x or y`, `x/y`. */
const NAME_SEPARATOR = /(?:\s*,\s*|\s+(?:and|or)\s+|\s*\/\s*)/;

/** `{x, y}_vars` is seaborn's way of writing `x_vars, y_vars`; pyzmq writes `{in|out}_type`. */
function expandBraces(text: string): string {
  return text.replace(/(\w*)\{([^{}]+)\}(\w*)/g, (_, before: string, inner: string, after: string) =>
    inner.split(/[,|]/).map((part) => `${before}${part.trim()}${after}`).join(', '));
}

function splitNames(text: string): string[] {
  return expandBraces(text).split(NAME_SEPARATOR)
    .map((n) => n.replace(/^:(?:py:)?(?:exc|class|obj):/, '').replace(/[`~]/g, '').replace(/^\*\*(\w+)\*\*$/, '$1').trim())
    .filter(Boolean);
}

/**
 * The entries of a section body, or undefined when it is not an entry list. Entries start at
 * the body's smallest indentation; deeper lines continue the entry above, and so does a line
 * at the same indentation that is not an entry (an unindented continuation). A bare name is an
 * entry only when its text is indented below it (or it is NumPy's `name : type`).
 */
interface EntryList {
  parsed: ParsedEntry[];
  /** Where the list stopped: its section's end, or a paragraph after it. */
  end: number;
  entries: EntryLayout[];
  shape?: EntryShape;
}

/** `numpy`: under an underlined header every line at the margin names an entry, text or not. */
function readEntries(lines: string[], start: number, end: number, exceptions: boolean, numpy: boolean): EntryList | undefined {
  const first = firstNonBlank(lines, start, end);
  if (first < 0) return undefined;
  const margin = Math.min(...lines.slice(first, end).filter((l) => !isBlank(l)).map(indentWidth));
  const parsed: ParsedEntry[] = [];
  let bullet = '';
  let listEnd = end;
  for (let i = first; i < end; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    const atMargin = indentWidth(line) === margin;
    const text = line.trim();
    const bulletMatch = BULLET.exec(text);
    const head = atMargin ? entryHead(bulletMatch ? text.slice(bulletMatch[1]!.length) : text, exceptions) : undefined;
    const nextLine = firstNonBlank(lines, i + 1, end);
    const textBelow = nextLine >= 0 && indentWidth(lines[nextLine]!) > margin;
    // A list is written one way: an entry after the first uses the first one's separator.
    const consistent = head !== undefined && (!parsed[0] || sameForm(parsed[0], head));
    const isEntry = head !== undefined && consistent && (head.separator !== '' || head.typeStyle === 'numpy' || textBelow || exceptions || numpy);
    // Entries at the header's own margin end at a paragraph that does not start another one.
    if (!isEntry && atMargin && margin === 0 && parsed.length > 0 && isBlank(lines[i - 1]!)) {
      listEnd = i;
      break;
    }
    if (isEntry) {
      if (parsed.length === 0 && bulletMatch) bullet = bulletMatch[1]!;
      parsed.push({
        names: head.names, ...(head.type !== undefined ? { type: head.type } : {}), inline: head.text, description: '',
        first: i, last: i, separator: head.separator, typeStyle: head.typeStyle,
      });
      continue;
    }
    const current = parsed[parsed.length - 1];
    if (!current) return undefined; // the body does not start with an entry: not a list
    current.last = i;
  }
  for (const entry of parsed) entry.description = joinDescription(entry.inline, dedent(lines.slice(entry.first + 1, entry.last + 1)));
  return { parsed, end: listEnd, entries: parsed.map(({ names, first: f, last }) => ({ names, first: f, last })), shape: shapeOf(lines, parsed, margin, bullet) };
}

function sameForm(first: Pick<ParsedEntry, 'separator' | 'typeStyle'>, next: Pick<EntryHead, 'separator' | 'typeStyle'>): boolean {
  if (first.typeStyle === 'numpy' || next.typeStyle === 'numpy' || !first.separator || !next.separator) return true;
  return first.separator.trim() === next.separator.trim();
}


function shapeOf(lines: string[], parsed: ParsedEntry[], margin: number, bullet: string): EntryShape | undefined {
  const first = parsed[0];
  if (!first) return undefined;
  const below = parsed.find((e) => e.last > e.first);
  const continuationColumn = below ? indentWidth(lines.slice(below.first + 1, below.last + 1).find((l) => !isBlank(l)) ?? '') : margin + 4;
  const blankBetween = parsed.length > 1 && isBlank(lines[parsed[1]!.first - 1] ?? '');
  return {
    indent: margin, bullet, separator: first.separator, typeStyle: first.typeStyle,
    continuation: Math.max(continuationColumn, margin + 1), blankBetween,
  };
}

/** NumPy returns: each line at the margin is `name : type` or a bare type; deeper lines are its text. */
function readReturnEntries(lines: string[], start: number, end: number): EntryList | undefined {
  const parsed: ParsedEntry[] = [];
  for (let i = start; i < end; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    if (indentWidth(line) > 0) {
      if (!parsed.length) return undefined;
      parsed[parsed.length - 1]!.last = i;
      continue;
    }
    const split = /^(.*?)\s+:(?:\s+(.*))?$/.exec(line.trimEnd());
    const names = split ? [split[1]!.trim()] : [];
    const type = split ? split[2]?.trim() : line.trim();
    parsed.push({ names, ...(type ? { type } : {}), inline: '', description: '', first: i, last: i, separator: '', typeStyle: split ? 'numpy' : 'none' });
  }
  for (const entry of parsed) entry.description = trimBlankLines(dedent(lines.slice(entry.first + 1, entry.last + 1))).join('\n');
  return { parsed, end, entries: parsed.map(({ names, first, last }) => ({ names, first, last })) };
}

function returnEntry(entry: ParsedEntry): DocReturn {
  const out: DocReturn = { description: entry.description };
  if (entry.names.length) out.name = entry.names.join(', ');
  if (entry.type) out.type = entry.type;
  return out;
}

/** NumPy returns are an entry list (`total : int`, or a bare type with its text below). */
function looksLikeEntryList(body: string[]): boolean {
  const first = body.find((l) => !isBlank(l));
  if (!first || indentWidth(first) > 0) return false;
  return /^\S.*\s:(\s|$)/.test(first) || (looksLikeType(first) && body.some((l) => !isBlank(l) && indentWidth(l) > 0));
}

/** Google returns: `type: text` on the first line, or text alone; inline after the header too. */
function freeReturn(inline: string, rawBody: string[]): DocReturn {
  const body = trimBlankLines(dedent(rawBody));
  const first = inline || body[0] || '';
  const rest = inline ? body : body.slice(1);
  const colon = first.indexOf(':');
  const candidate = colon > 0 ? first.slice(0, colon) : '';
  if (candidate && looksLikeType(candidate) && !/^\s/.test(first) && candidate.trim() !== PLACEHOLDER) {
    return { type: candidate.trim(), description: joinDescription(first.slice(colon + 1), rest) };
  }
  return { description: trimBlankLines([first, ...rest]).join('\n') };
}

/** The text after an entry's colon and its block; a blank line between them is a paragraph break. */
function joinDescription(first: string, rest: string[]): string {
  const head = first.trim();
  return trimBlankLines(head ? [head, ...rest] : rest).join('\n');
}

function param(name: string, type: string | undefined, description: string): DocParam {
  const { description: text, default: defaultText } = splitDefault(description);
  // ``:param `fileobj`:`` quotes the name as inline code; `:param [options]:` (pyld) brackets an optional one.
  const entry: DocParam = { name: name.trim().replace(/^`+|`+$/g, '').replace(/^\[([A-Za-z_]\w*)\]$/, '$1'), description: text, ...splitOptional(type) };
  if (defaultText !== undefined) entry.default = defaultText;
  return entry;
}

// ---------------------------------------------------------------- Sphinx and Epytext fields

const RUBRIC = /^\.\. rubric:: (.+)$/;

/** Lines after a field's first line that belong to it: blank or indented, up to the next margin line. */
function takeBlock(lines: string[], start: number): { block: string[]; next: number } {
  let i = start;
  while (i < lines.length && (isBlank(lines[i]!) || indentWidth(lines[i]!) > 0)) i++;
  const block = dedent(lines.slice(start, i));
  while (block.length && isBlank(block[block.length - 1]!)) block.pop();
  return { block, next: i };
}

/** Epytext fields whose first word is the name of what they describe. */
const EPYTEXT_NAMED = /^@(param|type|keyword|kwarg|ivar|cvar|var)\s+([^\s:(]+)(?:\(([^()\s]*)\))?(?:\s+([^:]*?))?\s*(?::\s*(.*))?$/;

/**
 * `@param x: text` → `:param x: text`, so Epytext reads as the reST fields it mirrors. In
 * Epytext the name comes first: `@param src open file in binary mode: text` (odfpy's habit)
 * keeps its type words after the name, and `@param z an instance of ZipFile` has no colon at all.
 */
function epytextAsFields(lines: string[]): string[] {
  return lines.map((l) => {
    // `@priority - A value from 0 to 100.` (binwalk) is a dash entry for `priority`, whatever the word.
    const dashed = EPYTEXT_DASHED.exec(l);
    // `@param - index The index` (markdown-it's JSDoc habit) is no entry for a parameter `param`;
    // `@return - list of dictionaries` (lib389) is the Returns field, written with a dash.
    if (dashed && UNNAMED_FIELDS.has(dashed[1]!)) return `:${dashed[1]}: ${dashed[2]}`;
    if (dashed && !PARAM_FIELDS.has(dashed[1]!)) return `:param ${dashed[1]}: ${dashed[2]}`;
    const named = EPYTEXT_NAMED.exec(l);
    if (named) return namedEpytextField(l, named);
    return l.replace(/^@(\w+)(\s[^:]*)?:/, (_, field: string, argument: string | undefined) => `:${field}${argument ?? ''}:`);
  });
}

const EPYTEXT_DASHED = /^@([A-Za-z_]\w*)\s+-\s+(.*)$/;
/** Epytext fields that name nothing: what follows them is their text. */
const UNNAMED_FIELDS = new Set(['return', 'returns', 'rtype', 'yield', 'yields', 'ytype']);

/**
 * Type words that open an entry as its type, not its name: `@param string endpoint: text`
 * (pywinrm) and `@param bytes b to be padded.` (macaroonbakery) put the type first, as reST's
 * `:param str endpoint:` does.
 */
const LEADING_TYPE = new Set(['str', 'string', 'unicode', 'bytes', 'int', 'integer', 'float', 'bool', 'boolean', 'dict',
  'list', 'tuple', 'set', 'iterable', 'callable', 'object', 'number']);

function namedEpytextField(line: string, named: RegExpExecArray): string {
  // `@param host(str) The host` (thriftpy) puts the type in parentheses after the name.
  const [, field, name, typed, words, text] = named;
  // `@param JSON-encoded macaroon as dict` names nothing: its first word is no identifier.
  if (!/^\*{0,2}[A-Za-z_]\w*$/.test(name!) && !name!.startsWith('-')) return `:${field}: ${line.replace(/^@\w+\s+/, '')}`;
  const type = typed ? ` ${typed}` : '';
  const rest = words?.split(/\s+/) ?? [];
  if (!typed && LEADING_TYPE.has(name!) && rest.length && /^[A-Za-z_]\w*$/.test(rest[0]!)) {
    // Type first: with a colon the name is the last word before it, without one the word after the type.
    if (text !== undefined) return `:${field} ${name} ${rest.join(' ')}: ${text}`.trimEnd();
    return `:${field} ${name} ${rest[0]}: ${rest.slice(1).join(' ')}`.trimEnd();
  }
  if (text === undefined) return `:${field}${type} ${name}: ${words ?? ''}`.trimEnd();
  return `:${field}${type}${words ? ` ${words}` : ''} ${name}: ${text}`.trimEnd();
}

function readFields(rawLines: string[], style: DocstringStyle): DocstringRead {
  const lines = rawLines.some((l) => EPYTEXT_FIELD.test(l)) ? epytextAsFields(rawLines) : rawLines;
  const model = emptyModel();
  const read: DocstringRead = { model, style, otherNames: [], roles: new Set(), lines: rawLines, sections: [] };
  // A docstring may start with its fields (tinycss's `"""\n:param css_source:`): it has no summary.
  let fieldsStart = lines.findIndex((l, i) => (i > 0 || /^:(?:param|parameter|arg|argument|type|returns?|rtype|raises?)\b/.test(l)) && SPHINX_FIELD.test(l));
  if (fieldsStart < 0) fieldsStart = lines.length;
  const rubrics: number[] = [];
  for (let i = 1; i < fieldsStart; i++) if (RUBRIC.test(lines[i]!)) rubrics.push(i);
  splitProse(lines, rubrics[0] ?? fieldsStart, model);
  rubrics.forEach((start, n) => {
    const end = rubrics[n + 1] ?? fieldsStart;
    model.sections.push({ title: RUBRIC.exec(lines[start]!)![1]!.trim(), body: trimBlankLines(lines.slice(start + 1, end)).join('\n') });
  });
  const fields = new FieldReader(read);
  for (let i = fieldsStart; i < lines.length;) {
    const match = SPHINX_FIELD.exec(lines[i]!);
    const { block, next } = takeBlock(lines, i + 1);
    if (!match) fields.unknown.push(lines[i]!, ...lines.slice(i + 1, next));
    else fields.add(match, block, lines.slice(i, next), i, next - 1);
    i = next;
  }
  fields.finish();
  return read;
}

/**
 * The parameter a command-line option field documents. CLI builders that read docstrings
 * (mando, as radon uses it) take `:param -O, --output-file <str>:` for the parameter
 * `output_file`; a short option alone (`:param -t:`) names no parameter.
 */
function optionParameter(words: string[]): string | undefined {
  if (!words.some((w) => w.startsWith('-'))) return undefined;
  const long = words.map((w) => w.replace(/,$/, '')).find((w) => /^--[A-Za-z][\w-]*$/.test(w));
  return long ? long.slice(2).replace(/-/g, '_') : '-';
}

const PARAM_FIELDS = new Set(['param', 'parameter', 'arg', 'argument', 'key', 'keyword', 'kwarg']);

/** More opening brackets than closing ones: the text was cut inside a bracket. */
function unbalanced(text: string): boolean {
  return (text.match(/[([{]/g) ?? []).length > (text.match(/[)\]}]/g) ?? []).length;
}

/**
 * A colon-less field (`:type callback function(node: Node)`, `:param background  Colour
 * (default: transparent)`) whose match ended at a colon inside its text: the name is the first
 * word, and the rest, with that colon, is the text.
 */
function cutAtColon(argument: string, text: string): { name: string; text: string } | undefined {
  if (!/^[A-Za-z_]\w*\s/.test(argument) || !unbalanced(argument)) return undefined;
  const name = argument.split(/\s/, 1)[0]!;
  return { name, text: `${argument.slice(name.length).trim()}: ${text}` };
}

/** The field list of a Sphinx docstring, field by field. */
class FieldReader {
  readonly unknown: string[] = [];
  /** `:type x:` fields, by name: a parameter's type, unless `:ivar x:` makes `x` an attribute. */
  private readonly types = new Map<string, { text: string; first: number; last: number }>();
  private readonly varTypes = new Map<string, string>();
  private readonly paramSection: SectionLayout = { role: 'params', title: '', header: -1, end: -1, entries: [] };

  constructor(private readonly read: DocstringRead) {}

  /** `:type string: name  - name of file to compress` (lz4tools): a type, then the name and its text. */
  private typeFirst(type: string, text: string, first: number, last: number): boolean {
    const swapped = LEADING_TYPE.has(type) ? /^([A-Za-z_]\w*)\s+[-\u2013]\s+([\s\S]*)$/.exec(text) : null;
    if (!swapped) return false;
    this.read.model.params.push(param(swapped[1]!, type, swapped[2]!));
    this.paramEntry([swapped[1]!], first, last);
    return true;
  }

  private addType(quoted: string, text: string, raw: string[], first: number, last: number): void {
    // ``:type `pos`: wx.Point`` (wxPython) quotes the name as its `:param` does.
    const argument = quoted.replace(/^`+([^`\s]+)`+$/, '$1');
    // A bare `:type: T` is a property's or attribute's own type, not a parameter's.
    if (!argument) {
      this.unknown.push(...raw);
      return;
    }
    // `:type callback function(node: Node) or None` (pysyncobj) has no colon of its own: the one
    // that ended the match is inside the type. The name is the first word.
    const cut = cutAtColon(argument, text);
    if (cut) {
      this.types.set(cut.name, { text: cut.text, first, last });
    } else if (!this.typeFirst(argument, text, first, last)) this.types.set(argument, { text, first, last });
  }

  add(match: RegExpExecArray, block: string[], raw: string[], first: number, last: number): void {
    const { model } = this.read;
    const field = match[1]!.toLowerCase();
    let argument = match[2]!.trim();
    let inline = match[3] ?? '';
    // `:param: name` with the description below it (dateutil's slip): the name is the text.
    if (!argument && PARAM_FIELDS.has(field) && /^\w+$/.test(inline.trim()) && block.length) {
      argument = inline.trim();
      inline = '';
    }
    // `:param: sha: string` (PyGithub's slip): the name leads the text, before a colon of its own.
    // `:param: info    DiscoInfo` and `:param: compare If True…` (nbxmpp): the name, then a
    // column gap or a capitalised description; `:param: the value` names nothing.
    const slipped = !argument && PARAM_FIELDS.has(field)
      ? /^([A-Za-z_]\w*):(?:\s+(.*)|\s*$)/.exec(inline.trim()) ?? /^([A-Za-z_]\w*)(?:\s{2,}|\t|\s+(?=[A-Z]))(.*)$/.exec(inline.trim())
      : null;
    if (slipped) {
      argument = slipped[1]!;
      inline = slipped[2] ?? '';
    }
    const text = joinDescription(inline, block);
    const returnEntry = (list: DocReturn[]) => {
      if (list.length === 0) list.push({ description: '' });
      return list[0]!;
    };
    switch (field) {
      case 'param': case 'parameter': case 'arg': case 'argument': case 'key': case 'keyword': case 'kwarg': {

        // `:param x <int>:` puts the type after the name (mando's form), `:param x (int):` too (emmet's).
        // `:param private_key(bool):` (jwcrypto) attaches the type to the name;
        // `:param datafunc(interval, isupper):` (intervaltree) its call form.
        // `:param background   Background colour (default: transparent)` (gleetex) has no colon of
        // its own: the one that ended the match is inside the text. The name is the first word.
        const cut = cutAtColon(argument, text);
        if (cut) {
          model.params.push(param(cut.name, undefined, cut.text));
          this.paramEntry([cut.name], first, last);
          break;
        }
        const attached = /^([A-Za-z_]\w*)\(([^()]+)\)$/.exec(argument);
        const words = attached
          ? (attached[2]!.includes(',') ? [attached[1]!] : [attached[2]!.trim(), attached[1]!])
          : argument.split(/\s+/).filter((w) => !/^<.*>$/.test(w));
        // `:param x (int):` (emmet) names first; `:param x bool:` does not: reST reads `bool` as the
        // name, and so does a maintainer fixing it (labelled real 8 times in 9).
        const typeAfter = words.length === 2 && /^\(.+\)$/.test(words[1]!) ? words.pop()!.slice(1, -1) : undefined;
        const option = optionParameter(words);
        const name = option ?? words.pop() ?? '';
        if (typeAfter) words.push(typeAfter);
        // A field that names nothing (`:param:` and prose) documents no parameter by name.
        if (name.startsWith('-') || !name) {
          this.unknown.push(...raw);
          // Still a parameter list, as its author meant it: its parameters are asked for.
          // `:Parameter: a list of targets` (jenkins-job-builder) is a docinfo-like field, not one.
          if (!name && match[1] === field) this.role('params');
          break;
        }
        // `:param theta/phi:` (openEMS) documents both, as `theta, phi` would.
        const names = /^[A-Za-z_]\w*(?:\/[A-Za-z_]\w*)+$/.test(name) ? name.split('/') : [name];
        model.params.push(param(names.join(', '), option === undefined && words.length ? words.join(' ') : undefined, text));
        this.paramEntry(names, first, last);
        break;
      }
      case 'type': this.addType(argument, text, raw, first, last); break;
      case 'returns': case 'return': returnEntry(model.returns).description = text; this.role('returns'); break;
      case 'rtype': returnEntry(model.returns).type = text; this.role('returns'); break;
      case 'yields': case 'yield': returnEntry(model.yields).description = text; this.role('yields'); break;
      case 'ytype': returnEntry(model.yields).type = text; this.role('yields'); break;
      case 'raises': case 'raise': case 'except': case 'exception':
        model.raises.push({ type: splitNames(argument).join(', '), description: text });
        this.role('raises');
        break;
      case 'ivar': case 'var': case 'cvar': case 'attribute': model.attributes.push(param(argument, undefined, text)); this.role('attributes'); break;
      case 'vartype': this.varTypes.set(argument, text); break;
      default:
        // A bare `:x: text` field names a parameter in some projects; metadata fields never do.
        if (!argument && !DOCINFO.has(field)) this.read.otherNames.push(match[1]!);
        this.unknown.push(...raw);
    }
  }

  private role(role: SectionRole): void {
    this.read.roles.add(role);
  }

  private paramEntry(names: string[], first: number, last: number): void {
    this.role('params');
    const section = this.paramSection;
    if (section.entries.length === 0) {
      section.header = first;
      this.read.sections.push(section);
    }
    section.entries.push({ names, first, last });
    section.end = last + 1;
  }

  finish(): void {
    const { model } = this.read;
    const paramTypes = new Map<string, string>();
    for (const [name, { text, first, last }] of this.types) {
      const attribute = model.attributes.find((a) => a.name === name);
      // Twisted and nltk pair `@type x` with `@ivar x`: the attribute's type, not a parameter.
      // A `:type _engine:` with no `:param _engine:` (genetic, over `__slots__`) types a private attribute.
      const unpaired = !model.params.some((p) => p.name === name);
      if (unpaired && (attribute || name.startsWith('_'))) {
        this.varTypes.set(name, text);
        continue;
      }
      paramTypes.set(name, text);
      this.paramEntry([name], first, last);
    }
    this.paramSection.entries.sort((a, b) => a.first - b.first);
    this.paramSection.header = this.paramSection.entries[0]?.first ?? -1;
    this.paramSection.end = Math.max(-1, ...this.paramSection.entries.map((e) => e.last + 1));
    applyTypes(model.params, paramTypes);
    applyTypes(model.attributes, this.varTypes);
    if (this.unknown.length) model.sections.push({ title: '', body: trimBlankLines(this.unknown).join('\n') });
  }
}

function applyTypes(entries: DocParam[], types: Map<string, string>): void {
  for (const [name, type] of types) {
    let entry = entries.find((p) => p.name === name);
    if (!entry) {
      entry = { name, description: '' };
      entries.push(entry);
    }
    Object.assign(entry, splitOptional(type));
  }
}

export type { DocSection };
