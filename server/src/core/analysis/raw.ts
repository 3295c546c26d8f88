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

// Python's str.splitlines() boundaries and str.strip() whitespace.
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;
const PY_SPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'g');
const STRING_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])?(?:'''|"""|'|")/;
const NAME = /^[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]+/u;
const NUMBER = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.?)(?:[eE][-+]?[0-9](?:_?[0-9])*)?[jJ]?)/;
const OPERATOR = /^(?:\*\*=|\/\/=|>>=|<<=|\.\.\.|->|:=|\*\*|\/\/|<<|>>|<=|>=|==|!=|\+=|-=|\*=|\/=|%=|&=|\|=|\^=|@=|[-+*/%&|^~<>()[\]{},:;.=@])/;

/**
 * Null when radon would fail on the text: a string or bracket left open at the end, or a
 * character tokenize cannot place (radon then adds lines until none are left, and gives up).
 */
export function rawMetrics(source: string): RawMetrics | null {
  const lines = source === '' ? [] : source.split(LINE_BREAK).map((l) => l.replace(STRIP, ''));
  // splitlines() gives no empty last line after a final line break.
  if (lines.length && lines[lines.length - 1] === '' && LINE_BREAK.test(source.slice(-1))) lines.pop();
  const m: RawMetrics = { loc: 0, lloc: 0, sloc: 0, comments: 0, multi: 0, blank: 0, singleComments: 0 };
  let group = new GroupTokenizer();
  let used: string[] = [];
  for (const line of lines) {
    used.push(line);
    const state = group.feed(line);
    if (state === 'error') return null;
    if (state === 'more') continue;
    classify(group.finish(), used, m);
    group = new GroupTokenizer();
    used = [];
  }
  if (used.length) return null; // "EOF in multi-line string / statement"
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
 * Tokens of one run of stripped lines, fed a line at a time, as Python's tokenize gives them
 * (without line breaks). The run is complete at the end of a line outside any string or
 * bracket and not continued by a backslash: the shortest run tokenize accepts, as radon takes it.
 */
class GroupTokenizer {
  private readonly tokens: Token[] = [];
  private row = -1;
  private depth = 0;
  /** A string still open at the end of the last line, and its closing quote. */
  private open: { token: Token; quote: string } | null = null;

  feed(line: string): 'complete' | 'more' | 'error' {
    this.row++;
    let pos = 0;
    if (this.open) {
      const end = stringEnd(line, 0, this.open.quote);
      this.open.token.endRow = this.row;
      if (end.kind !== 'closed') return end.kind === 'open' ? 'more' : 'error';
      this.open = null;
      pos = end.at;
    }
    while (pos < line.length) {
      const ch = line[pos]!;
      if (ch === ' ' || ch === '\t' || ch === '\f') { pos++; continue; }
      if (ch === '#') {
        this.push('COMMENT', line.slice(pos));
        break;
      }
      // A backslash ending the line continues the statement; anywhere else it is an ERRORTOKEN.
      if (ch === '\\') return pos === line.length - 1 ? 'more' : 'error';
      const rest = line.slice(pos);
      const prefix = STRING_PREFIX.exec(rest);
      if (prefix) {
        const quote = prefix[0].replace(/^[a-zA-Z]+/, '');
        const end = stringEnd(line, pos + prefix[0].length, quote);
        if (end.kind === 'error') return 'error';
        const token = this.push('STRING', end.kind === 'closed' ? line.slice(pos, end.at) : rest);
        if (end.kind === 'open') {
          this.open = { token, quote };
          return 'more';
        }
        pos = end.at;
        continue;
      }
      const number = /^[0-9]|^\.[0-9]/.test(rest) ? NUMBER.exec(rest) : null;
      const name = number ? null : NAME.exec(rest);
      const op = number || name ? null : OPERATOR.exec(rest);
      const match = number ?? name ?? op;
      if (!match) return 'error'; // an ERRORTOKEN: radon adds lines until none are left
      const value = match[0];
      if (op) {
        if ('([{'.includes(value)) this.depth++;
        else if (')]}'.includes(value)) this.depth--;
      }
      this.push(number ? 'NUMBER' : name ? 'NAME' : 'OP', value);
      pos += value.length;
    }
    return this.depth > 0 ? 'more' : 'complete';
  }

  finish(): Token[] {
    this.push('END', '');
    return this.tokens;
  }

  private push(type: TokenType, value: string): Token {
    const token = { type, value, startRow: this.row, endRow: this.row };
    this.tokens.push(token);
    return token;
  }
}

type StringEnd = { kind: 'closed'; at: number } | { kind: 'open' } | { kind: 'error' };

/**
 * Where a string open at `from` closes on this line. A triple-quoted string, or a backslash
 * before the line break, carries it to the next line; a one-line string left open is an ERRORTOKEN.
 */
function stringEnd(line: string, from: number, quote: string): StringEnd {
  let pos = from;
  while (pos < line.length) {
    if (line[pos] === '\\') {
      if (pos === line.length - 1) return { kind: 'open' };
      pos += 2; // raw strings too: a backslash keeps the quote
      continue;
    }
    if (line.startsWith(quote, pos)) return { kind: 'closed', at: pos + quote.length };
    pos++;
  }
  return quote.length === 3 ? { kind: 'open' } : { kind: 'error' };
}
