import {
  emptyModel, type DocParam, type DocRaise, type DocReturn, type DocSection, type DocstringModel, type DocstringStyle,
} from './model';
import {
  cleandoc, dedent, indentWidth, isBlank, looksLikeType, matchingParen, splitDefault, splitOptional, trimBlankLines,
} from './text';

/** Parses docstring values (escapes already decoded) in Google, NumPy or Sphinx style. */

type Kind = 'params' | 'returns' | 'yields' | 'raises' | 'attributes';

const SECTION_KINDS = new Map<string, Kind>([
  ['args', 'params'], ['arguments', 'params'], ['parameters', 'params'], ['params', 'params'],
  ['returns', 'returns'], ['return', 'returns'],
  ['yields', 'yields'], ['yield', 'yields'],
  ['raises', 'raises'], ['raise', 'raises'], ['exceptions', 'raises'],
  ['attributes', 'attributes'],
]);

/** Titles Google style recognises as sections; anything else ending in `:` is prose. */
const GOOGLE_OTHER_TITLES = new Set([
  'examples', 'example', 'notes', 'note', 'see also', 'references', 'warnings', 'warning', 'warns', 'todo',
  'methods', 'keyword args', 'keyword arguments', 'other parameters', 'receives', 'tip', 'hint', 'important',
  'caution', 'danger', 'attention', 'usage',
]);

const GOOGLE_HEADER = /^([A-Za-z][A-Za-z ]*):\s*$/;
const NUMPY_UNDERLINE = /^-{3,}\s*$/;
const SPHINX_FIELD = /^:([A-Za-z]+)((?:\s+[^:\s][^:]*)?):(?:\s+(.*)|\s*$)/;
const SPHINX_KNOWN = /^\s*:(param|parameter|arg|argument|key|keyword|type|returns?|rtype|raises?|except|exception|yields?|ytype|ivar|var|cvar|vartype)\b[^:\n]*:/m;

export function detectStyle(value: string): DocstringStyle | null {
  const lines = cleandoc(value);
  for (let i = 1; i < lines.length; i++) {
    if (NUMPY_UNDERLINE.test(lines[i]!) && !isBlank(lines[i - 1]!) && indentWidth(lines[i - 1]!) === indentWidth(lines[i]!)) {
      return 'numpy';
    }
  }
  if (SPHINX_KNOWN.test(value)) return 'sphinx';
  for (const line of lines) {
    const match = GOOGLE_HEADER.exec(line);
    if (match && isGoogleTitle(match[1]!)) return 'google';
  }
  return null;
}

function isGoogleTitle(title: string): boolean {
  const key = title.trim().toLowerCase();
  return SECTION_KINDS.has(key) || GOOGLE_OTHER_TITLES.has(key);
}

export function parseDocstring(value: string, style: DocstringStyle | null = detectStyle(value)): DocstringModel {
  const lines = cleandoc(value);
  switch (style) {
    case 'numpy': return parseNumpy(lines);
    case 'sphinx': return parseSphinx(lines);
    default: return parseGoogle(lines);
  }
}

/** Summary = first paragraph; the rest until `end` is the description. */
function splitProse(lines: string[], end: number, model: DocstringModel): void {
  const prose = lines.slice(0, end);
  let i = 0;
  while (i < prose.length && !isBlank(prose[i]!)) i++;
  model.summary = prose.slice(0, i).join('\n');
  model.description = trimBlankLines(prose.slice(i)).join('\n');
}

/** Lines after an entry header that belong to it: blank or indented, up to the next column-0 line. */
function takeBlock(lines: string[], start: number): { block: string[]; next: number } {
  let i = start;
  while (i < lines.length && (isBlank(lines[i]!) || indentWidth(lines[i]!) > 0)) i++;
  const block = dedent(lines.slice(start, i));
  while (block.length && isBlank(block[block.length - 1]!)) block.pop();
  return { block, next: i };
}

/** The text after an entry's colon and its block; a blank line between them is a paragraph break. */
function joinDescription(first: string, rest: string[]): string {
  const head = first.trim();
  return trimBlankLines(head ? [head, ...rest] : rest).join('\n');
}

function param(name: string, type: string | undefined, description: string): DocParam {
  const { description: text, default: defaultText } = splitDefault(description);
  const entry: DocParam = { name: name.trim(), description: text, ...splitOptional(type) };
  if (defaultText !== undefined) entry.default = defaultText;
  return entry;
}

function addSection(model: DocstringModel, kind: Kind | undefined, title: string, body: string[], parsed: boolean): void {
  if (!kind || !parsed) model.sections.push({ title, body: trimBlankLines(body).join('\n') });
}

// ---------------------------------------------------------------- Google

function parseGoogle(lines: string[]): DocstringModel {
  const model = emptyModel();
  const headers: number[] = [];
  lines.forEach((line, i) => {
    const match = GOOGLE_HEADER.exec(line);
    if (i > 0 && match && isGoogleTitle(match[1]!)) headers.push(i);
  });
  splitProse(lines, headers[0] ?? lines.length, model);
  headers.forEach((start, n) => {
    const title = GOOGLE_HEADER.exec(lines[start]!)![1]!.trim();
    const end = headers[n + 1] ?? lines.length;
    const body = trimBlankLines(dedent(lines.slice(start + 1, end)));
    const kind = SECTION_KINDS.get(title.toLowerCase());
    addSection(model, kind, title, body, kind ? readGoogleSection(kind, body, model) : false);
  });
  return model;
}

function readGoogleSection(kind: Kind, body: string[], model: DocstringModel): boolean {
  if (kind === 'returns' || kind === 'yields') {
    if (body.length === 0) return true;
    const entry: DocReturn = { description: '' };
    const colon = body[0]!.indexOf(':');
    const candidate = colon > 0 ? body[0]!.slice(0, colon) : '';
    if (candidate && looksLikeType(candidate) && !/^\s/.test(body[0]!)) {
      entry.type = candidate.trim();
      entry.description = joinDescription(body[0]!.slice(colon + 1), body.slice(1));
    } else {
      entry.description = body.join('\n');
    }
    model[kind].push(entry);
    return true;
  }
  const entries: { header: string; rest: string[] }[] = [];
  for (let i = 0; i < body.length;) {
    if (isBlank(body[i]!) || indentWidth(body[i]!) > 0) return false; // not an entry list
    const { block, next } = takeBlock(body, i + 1);
    entries.push({ header: body[i]!, rest: block });
    i = next;
  }
  const parsed: (DocParam | DocRaise)[] = [];
  for (const { header, rest } of entries) {
    const entry = kind === 'raises' ? googleRaise(header, rest) : googleParam(header, rest);
    if (!entry) return false;
    parsed.push(entry);
  }
  if (kind === 'raises') model.raises.push(...(parsed as DocRaise[]));
  else model[kind].push(...(parsed as DocParam[]));
  return true;
}

function googleParam(header: string, rest: string[]): DocParam | undefined {
  const open = header.indexOf('(');
  const colon = header.indexOf(':');
  if (colon < 0 && open < 0) return undefined;
  if (open >= 0 && (colon < 0 || open < colon)) {
    const close = matchingParen(header, open);
    if (close < 0) return undefined;
    const after = header.slice(close + 1);
    if (!/^\s*:/.test(after)) return undefined;
    const name = header.slice(0, open).trim();
    if (!/^\*{0,2}[\w.]+(\s*,\s*\*{0,2}\w+)*$/.test(name)) return undefined;
    return param(name, header.slice(open + 1, close), joinDescription(after.replace(/^\s*:/, ''), rest));
  }
  const name = header.slice(0, colon).trim();
  if (!/^\*{0,2}[\w.]+(\s*,\s*\*{0,2}\w+)*$/.test(name)) return undefined;
  return param(name, undefined, joinDescription(header.slice(colon + 1), rest));
}

function googleRaise(header: string, rest: string[]): DocRaise | undefined {
  const colon = header.indexOf(':');
  const type = (colon < 0 ? header : header.slice(0, colon)).trim();
  if (!/^[\w.]+(\s*,\s*[\w.]+)*$/.test(type)) return undefined;
  return { type, description: joinDescription(colon < 0 ? '' : header.slice(colon + 1), rest) };
}

// ---------------------------------------------------------------- NumPy

function parseNumpy(lines: string[]): DocstringModel {
  const model = emptyModel();
  const headers: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (NUMPY_UNDERLINE.test(lines[i]!) && !isBlank(lines[i - 1]!) && i - 1 > 0) headers.push(i - 1);
  }
  splitProse(lines, headers[0] ?? lines.length, model);
  headers.forEach((start, n) => {
    const title = lines[start]!.trim();
    const end = headers[n + 1] ?? lines.length;
    const body = trimBlankLines(lines.slice(start + 2, end));
    const kind = SECTION_KINDS.get(title.toLowerCase());
    addSection(model, kind, title, body, kind ? readNumpySection(kind, body, model) : false);
  });
  return model;
}

function readNumpySection(kind: Kind, body: string[], model: DocstringModel): boolean {
  const entries: { header: string; rest: string[] }[] = [];
  for (let i = 0; i < body.length;) {
    if (isBlank(body[i]!)) { i++; continue; }
    if (indentWidth(body[i]!) > 0) return false;
    const { block, next } = takeBlock(body, i + 1);
    entries.push({ header: body[i]!.trimEnd(), rest: block });
    i = next;
  }
  for (const { header, rest } of entries) {
    const split = /^(.*?)\s+:(?:\s+(.*))?$/.exec(header);
    if (kind === 'raises') {
      model.raises.push({ type: header.trim(), description: trimBlankLines(rest).join('\n') });
    } else if (kind === 'returns' || kind === 'yields') {
      const entry: DocReturn = { description: trimBlankLines(rest).join('\n') };
      if (split) {
        entry.name = split[1]!.trim();
        if (split[2]) entry.type = split[2].trim();
      } else if (looksLikeType(header)) {
        entry.type = header.trim();
      } else {
        entry.description = joinDescription(header, rest);
      }
      model[kind].push(entry);
    } else {
      const text = trimBlankLines(rest).join('\n');
      model[kind].push(split ? param(split[1]!, split[2], text) : param(header, undefined, text));
    }
  }
  return true;
}

// ---------------------------------------------------------------- Sphinx

const RUBRIC = /^\.\. rubric:: (.+)$/;

function parseSphinx(lines: string[]): DocstringModel {
  const model = emptyModel();
  let fieldsStart = lines.findIndex((l, i) => i > 0 && SPHINX_FIELD.test(l));
  if (fieldsStart < 0) fieldsStart = lines.length;
  const rubrics: number[] = [];
  for (let i = 1; i < fieldsStart; i++) if (RUBRIC.test(lines[i]!)) rubrics.push(i);
  splitProse(lines, rubrics[0] ?? fieldsStart, model);
  rubrics.forEach((start, n) => {
    const end = rubrics[n + 1] ?? fieldsStart;
    model.sections.push({ title: RUBRIC.exec(lines[start]!)![1]!.trim(), body: trimBlankLines(lines.slice(start + 1, end)).join('\n') });
  });
  const types = new Map<string, string>();
  const varTypes = new Map<string, string>();
  const returnEntry = (list: DocReturn[]) => {
    if (list.length === 0) list.push({ description: '' });
    return list[0]!;
  };
  const unknown: string[] = [];
  for (let i = fieldsStart; i < lines.length;) {
    const match = SPHINX_FIELD.exec(lines[i]!);
    const { block, next } = takeBlock(lines, i + 1);
    if (!match) { unknown.push(lines[i]!, ...lines.slice(i + 1, next)); i = next; continue; }
    const field = match[1]!.toLowerCase();
    const argument = match[2]!.trim();
    const text = joinDescription(match[3] ?? '', block);
    switch (field) {
      case 'param': case 'parameter': case 'arg': case 'argument': case 'key': case 'keyword': {
        const words = argument.split(/\s+/);
        const name = words.pop() ?? '';
        model.params.push(param(name, words.length ? words.join(' ') : undefined, text));
        break;
      }
      case 'type': types.set(argument, text); break;
      case 'returns': case 'return': returnEntry(model.returns).description = text; break;
      case 'rtype': returnEntry(model.returns).type = text; break;
      case 'yields': case 'yield': returnEntry(model.yields).description = text; break;
      case 'ytype': returnEntry(model.yields).type = text; break;
      case 'raises': case 'raise': case 'except': case 'exception':
        model.raises.push({ type: argument, description: text });
        break;
      case 'ivar': case 'var': case 'cvar': model.attributes.push(param(argument, undefined, text)); break;
      case 'vartype': varTypes.set(argument, text); break;
      default: unknown.push(...lines.slice(i, next));
    }
    i = next;
  }
  applyTypes(model.params, types);
  applyTypes(model.attributes, varTypes);
  if (unknown.length) model.sections.push({ title: '', body: trimBlankLines(unknown).join('\n') });
  return model;
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
