/**
 * radon 5.1's raw metrics (`radon raw`): LOC, LLOC, SLOC, comments, multi-line strings and
 * blank lines, counted exactly as radon counts them so that the maintainability index agrees.
 *
 * radon strips every line, then tokenizes the shortest run of stripped lines that Python's
 * `tokenize` accepts (a bracketed or continued statement, a multi-line string) and classifies
 * that run as a whole. This module re-creates that with a small tokenizer that knows only what
 * the counts depend on: strings, comments, brackets, continuations, and the `:` and `;` operators.
 */

export interface RawMetrics {
  /** Lines in the file (sloc + blank + multi + singleComments). */
  loc: number;
  /** Logical lines: statements, with `if x: y` counting two (radon's colon rule). */
  lloc: number;
  /** Lines holding code. */
  sloc: number;
  /** Comment tokens. */
  comments: number;
  /** Lines of strings that stand alone over several lines (docstrings, mostly). */
  multi: number;
  blank: number;
  /** Lines that are only a comment, or only a one-line string. */
  singleComments: number;
}

type TokenType = 'NAME' | 'NUMBER' | 'STRING' | 'OP' | 'COMMENT' | 'END';

interface Token {
  type: TokenType;
  value: string;
  startRow: number;
  endRow: number;
}

type Tokenized = { ok: true; tokens: Token[] } | { ok: false };

// Python's str.splitlines() boundaries and str.strip() whitespace.
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;
const PY_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'g');
const STRING_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])?(?:'''|"""|'|")/;
const NAME = /^[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]+/u;
const NUMBER = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.?)(?:[eE][-+]?[0-9](?:_?[0-9])*)?[jJ]?)/;
const OPERATOR = /^(?:\*\*=|\/\/=|>>=|<<=|\.\.\.|->|:=|\*\*|\/\/|<<|>>|<=|>=|==|!=|\+=|-=|\*=|\/=|%=|&=|\|=|\^=|@=|[-+*/%&|^~<>()[\]{},:;.=@])/;

/** Null when radon would fail on the text (tokenize never completes: an unclosed string or bracket). */
export function rawMetrics(source: string): RawMetrics | null {
  const lines = source === '' ? [] : source.split(LINE_BREAK).map((l) => l.replace(STRIP, ''));
  // splitlines() gives no empty last line after a final line break.
  if (lines.length && lines[lines.length - 1] === '' && LINE_BREAK.test(source.slice(-1))) lines.pop();
  const m: RawMetrics = { loc: 0, lloc: 0, sloc: 0, comments: 0, multi: 0, blank: 0, singleComments: 0 };
  let i = 0;
  while (i < lines.length) {
    const used = [lines[i]!];
    let result = tokenize(used.join('\n'));
    while (!result.ok) {
      if (i + used.length >= lines.length) return null;
      used.push(lines[i + used.length]!);
      result = tokenize(used.join('\n'));
    }
    i += used.length;
    classify(result.tokens, used, m);
  }
  m.loc = m.sloc + m.blank + m.multi + m.singleComments;
  return m;
}

function classify(tokens: Token[], used: string[], m: RawMetrics): void {
  m.comments += tokens.filter((t) => t.type === 'COMMENT').length;
  const first = tokens[0]!;
  const alone = tokens.length === 2; // the token and END (line breaks are not kept)
  if (alone && first.type === 'COMMENT') {
    m.singleComments++;
  } else if (alone && first.type === 'STRING') {
    if (first.startRow === first.endRow) m.singleComments++;
    else for (const line of used) line ? m.multi++ : m.blank++;
  } else {
    for (const line of used) line ? m.sloc++ : m.blank++;
  }
  m.lloc += logicalLines(tokens);
}

/** radon's `_logical`: per `;`-separated part, 2 when a `:` is followed by more code, else 1. */
function logicalLines(tokens: Token[]): number {
  const parts: Token[][] = [[]];
  for (const t of tokens) {
    if (t.type === 'OP' && t.value === ';') parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  let count = 0;
  for (const part of parts) {
    const code = part.filter((t) => t.type !== 'COMMENT');
    let colon = -1;
    for (let k = code.length - 1; k >= 0; k--) {
      if (code[k]!.type === 'OP' && code[k]!.value === ':') { colon = k; break; }
    }
    // radon compares with the second-to-last token, assuming the last is always ENDMARKER:
    // in a part before a `;` that is not so, and its quirk is kept.
    if (colon >= 0) count += colon === code.length - 2 ? 1 : 2;
    else if (code.some((t) => t.type !== 'END')) count += 1;
  }
  return count;
}

/**
 * Tokens of a run of stripped lines, as Python's tokenize gives them (without line breaks),
 * or not ok when tokenize would ask for more lines or meet a character it cannot place.
 */
function tokenize(text: string): Tokenized {
  const tokens: Token[] = [];
  let row = 0;
  let pos = 0;
  let depth = 0;
  let continued = false;
  while (pos < text.length) {
    const ch = text[pos]!;
    if (ch === ' ' || ch === '\t' || ch === '\f') { pos++; continue; }
    // A backslash continuation only asks for more when nothing follows it.
    if (ch !== '\\') continued = false;
    if (ch === '\n') { row++; pos++; continued = false; continue; }
    if (ch === '#') {
      const end = text.indexOf('\n', pos);
      tokens.push({ type: 'COMMENT', value: text.slice(pos, end < 0 ? text.length : end), startRow: row, endRow: row });
      pos = end < 0 ? text.length : end;
      continue;
    }
    if (ch === '\\') {
      if (text[pos + 1] !== '\n') return { ok: false };
      continued = true;
      row++;
      pos += 2;
      continue;
    }
    const rest = text.slice(pos);
    const prefix = STRING_PREFIX.exec(rest);
    if (prefix) {
      const end = stringEnd(text, pos + prefix[0].length, prefix[0].replace(/^[a-zA-Z]+/, ''));
      if (end < 0) return { ok: false };
      const rows = countBreaks(text, pos, end);
      tokens.push({ type: 'STRING', value: text.slice(pos, end), startRow: row, endRow: row + rows });
      row += rows;
      pos = end;
      continue;
    }
    const number = /^[0-9]|^\.[0-9]/.test(rest) ? NUMBER.exec(rest) : null;
    const name = number ? null : NAME.exec(rest);
    const op = number || name ? null : OPERATOR.exec(rest);
    const match = number ?? name ?? op;
    if (!match) return { ok: false }; // an ERRORTOKEN: radon adds the next line and tries again
    const value = match[0];
    if (op) {
      if ('([{'.includes(value)) depth++;
      else if (')]}'.includes(value)) depth--;
    }
    tokens.push({ type: number ? 'NUMBER' : name ? 'NAME' : 'OP', value, startRow: row, endRow: row });
    pos += value.length;
  }
  if (depth > 0 || continued) return { ok: false }; // "EOF in multi-line statement"
  tokens.push({ type: 'END', value: '', startRow: row, endRow: row });
  return { ok: true, tokens };
}

/** The offset after the closing quote, or -1 when the string is still open at the end of the text. */
function stringEnd(text: string, from: number, quote: string): number {
  const triple = quote.length === 3;
  let pos = from;
  while (pos < text.length) {
    const ch = text[pos]!;
    if (ch === '\\') { pos += 2; continue; } // raw strings too: a backslash keeps the quote
    if (!triple && ch === '\n') return -1; // an unterminated one-line string: an ERRORTOKEN
    if (text.startsWith(quote, pos)) return pos + quote.length;
    pos++;
  }
  return -1;
}

function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (text[k] === '\n') n++;
  return n;
}
