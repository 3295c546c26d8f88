/**
 * Jupyter cells hold IPython, not Python: `%magic`, `!shell`, `x = !ls`, `obj?` and cell
 * magics such as `%%bash`. tree-sitter reads those as syntax errors, and its error recovery
 * can swallow the definitions that follow. `maskIPython` hides them from the parser without
 * moving anything: every masked line keeps its length and its line break, so positions in
 * the tree are positions in the cell.
 *
 * A line magic becomes the statement `0` at the same indentation (so a magic that is the only
 * statement of a block still leaves a block), its backslash continuations become blank, and a
 * cell whose `%%` magic does not run Python becomes blank. Only lines that start a logical line
 * are considered: a `%` that continues an expression inside brackets, or text inside a
 * triple-quoted string, is Python and left alone. Pure.
 */

/** Cell magics whose body is Python (timed, captured, profiled or debugged). */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug', 'python', 'python3']);

const LINE_MAGIC = /^\s*[%!?]/;
const HELP_SUFFIX = /^\s*[A-Za-z_][\w.]*\s*\?\??\s*$/;
const ASSIGNED_MAGIC = /^\s*[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*[%!]/;

export function maskIPython(cell: string): string {
  const lines = cell.split(/(?<=\r\n|\r(?!\n)|\n)/);
  const cellMagic = /^%%(\w+)/.exec(lines[0] ?? '');
  if (cellMagic && !PYTHON_CELL_MAGICS.has(cellMagic[1]!)) return lines.map(blank).join('');
  const state: ScanState = { quote: null, depth: 0, continued: false };
  let magicContinues = false;
  const out = lines.map((line, index) => {
    if (index === 0 && cellMagic) return blank(line);
    if (magicContinues) {
      magicContinues = endsWithBackslash(line);
      return blank(line);
    }
    const logicalStart = state.quote === null && state.depth === 0 && !state.continued;
    if (logicalStart && isMagicLine(body(line))) {
      magicContinues = endsWithBackslash(line);
      return statementZero(line);
    }
    scanLine(body(line), state);
    return line;
  });
  return out.join('');
}

function isMagicLine(line: string): boolean {
  return LINE_MAGIC.test(line) || HELP_SUFFIX.test(line) || ASSIGNED_MAGIC.test(line);
}

interface ScanState {
  /** The open triple quote, when a string spans lines. */
  quote: '"""' | "'''" | null;
  /** Open brackets: inside them a new line continues the statement. */
  depth: number;
  /** The last line ended with a backslash continuation. */
  continued: boolean;
}

/** Follows strings, comments and brackets through one line (without its line break). */
function scanLine(line: string, state: ScanState): void {
  let i = 0;
  state.continued = false;
  while (i < line.length) {
    if (state.quote) {
      const close = findClose(line, i, state.quote);
      if (close < 0) return;
      i = close + 3;
      state.quote = null;
      continue;
    }
    const ch = line[i]!;
    if (ch === '#') return;
    if (ch === '"' || ch === "'") {
      const triple = ch.repeat(3);
      if (line.startsWith(triple, i)) {
        state.quote = triple as ScanState['quote'];
        i += 3;
        continue;
      }
      i = skipShortString(line, i + 1, ch);
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') state.depth++;
    else if (ch === ')' || ch === ']' || ch === '}') state.depth = Math.max(0, state.depth - 1);
    else if (ch === '\\' && i === line.length - 1) state.continued = true;
    i++;
  }
}

/** Index of the closing triple quote at or after `from`, skipping escaped characters. */
function findClose(line: string, from: number, quote: string): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line.startsWith(quote, i)) return i;
  }
  return -1;
}

function skipShortString(line: string, from: number, quote: string): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === quote) return i + 1;
  }
  return line.length;
}

function body(line: string): string {
  return line.replace(/\r?\n$|\r$/, '');
}

function endsWithBackslash(line: string): boolean {
  return body(line).endsWith('\\');
}

function blank(line: string): string {
  const text = body(line);
  return ' '.repeat(text.length) + line.slice(text.length);
}

function statementZero(line: string): string {
  const text = body(line);
  const indent = /^\s*/.exec(text)![0].length;
  return text.slice(0, indent) + '0' + ' '.repeat(text.length - indent - 1) + line.slice(text.length);
}

/** What the parser reads for a text: a notebook cell's with its IPython masked, a module's as it is. */
export function parserInput(text: string, ipython: boolean): string {
  return ipython ? maskIPython(text) : text;
}
