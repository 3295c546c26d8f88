/** Line-level helpers shared by the docstring parsers and formatters. */

export function indentWidth(line: string): number {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width++;
    else if (ch === '\t') width = width + 8 - (width % 8);
    else break;
  }
  return width;
}

const isBlank = (line: string) => line.trim() === '';
export { isBlank };

/** Removes `width` columns of leading whitespace (tabs expanded), never touching text. */
export function dedentLine(line: string, width: number): string {
  const expanded = expandLeading(line);
  let cut = 0;
  while (cut < width && expanded[cut] === ' ') cut++;
  return expanded.slice(cut);
}

function expandLeading(line: string): string {
  const match = /^[ \t]*/.exec(line)![0];
  return match.includes('\t') ? ' '.repeat(indentWidth(line)) + line.slice(match.length) : line;
}

/** Dedents a block by its smallest indentation; blank lines become ''. */
export function dedent(lines: string[]): string[] {
  const widths = lines.filter((l) => !isBlank(l)).map(indentWidth);
  const min = widths.length ? Math.min(...widths) : 0;
  return lines.map((l) => (isBlank(l) ? '' : dedentLine(l, min).trimEnd()));
}

/** Python's inspect.cleandoc: first line stripped, the rest dedented, outer blank lines dropped. */
export function cleandoc(value: string): string[] {
  const lines = value.replace(/\r\n?/g, '\n').split('\n');
  const first = lines[0]!.trim();
  const rest = dedent(lines.slice(1));
  const all = [first, ...rest];
  return trimBlankLines(all);
}

export function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start]!)) start++;
  while (end > start && isBlank(lines[end - 1]!)) end--;
  return lines.slice(start, end).map((l) => (isBlank(l) ? '' : l));
}

/** Splits at blank lines into paragraphs of lines. */
export function joinLines(lines: string[]): string {
  return trimBlankLines(lines).join('\n');
}

/**
 * Whether a type annotation-like text is a type rather than prose: no spaces outside
 * brackets except around `|` and after commas.
 */
export function looksLikeType(text: string): boolean {
  let depth = 0;
  let flat = '';
  for (const ch of text.trim()) {
    if ('[({'.includes(ch)) depth++;
    else if ('])}'.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0) flat += ch;
  }
  const normal = flat.replace(/\s*\|\s*/g, '|').replace(/,\s*/g, ',').replace(/\s+or\s+/g, '|');
  return normal.length > 0 && !/\s/.test(normal) && /^[\w.|,'"`~*:-]+$/.test(normal) && !normal.endsWith('.');
}

/** Index of the `)` matching the `(` at `open`, or -1. */
export function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

const DEFAULT_SENTENCE = /(^|\s)Defaults to (.+)\.$/;

/** Splits a trailing "Defaults to X." sentence off a description. */
export function splitDefault(description: string): { description: string; default?: string } {
  const lines = description.split('\n');
  const last = lines[lines.length - 1]!;
  const match = DEFAULT_SENTENCE.exec(last);
  if (!match) return { description };
  lines[lines.length - 1] = last.slice(0, match.index).trimEnd();
  return { description: trimBlankLines(lines).join('\n'), default: match[2]! };
}

export function withDefault(description: string, defaultText: string | undefined): string {
  if (defaultText === undefined) return description;
  const sentence = `Defaults to ${defaultText}.`;
  return description ? `${description}${description.includes('\n') && description.endsWith('\n') ? '' : ' '}${sentence}` : sentence;
}

/** `int, optional` → type `int` and the flag. */
export function splitOptional(type: string | undefined): { type?: string; optional?: boolean } {
  if (type === undefined) return {};
  const match = /(?:^|,\s*)optional$/.exec(type.trim());
  if (!match) return type.trim() ? { type: type.trim() } : {};
  const rest = type.trim().slice(0, match.index).trim();
  return rest ? { type: rest, optional: true } : { optional: true };
}

export function typeWithOptional(type: string | undefined, optional: boolean | undefined): string {
  if (!optional) return type ?? '';
  return type ? `${type}, optional` : 'optional';
}

/**
 * Greedy wrap of one line to `width` columns; the first line starts after `firstWidth`
 * columns, continuation lines get `continuation` in front. Words are never broken.
 */
export function wrap(text: string, firstWidth: number, continuationWidth: number, width: number): string[] {
  if (firstWidth + text.length <= width || !wrappable(text)) return [text];
  const words = text.split(/ +/);
  const lines: string[] = [];
  let current = '';
  let used = firstWidth;
  for (const word of words) {
    if (current && used + current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
      used = continuationWidth;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** Prose only: code, doctests, tables, lists and indented blocks keep their layout. */
function wrappable(text: string): boolean {
  return !/^\s/.test(text) && !/^(>>>|\.\.\.|[|+*#-]|\d+[.)]\s|\.\. )/.test(text) && !text.endsWith('::');
}
