/**
 * Python string literals ⇄ docstring values. Parsing decodes escapes so the model holds what
 * Python sees; rendering picks the plainest literal that says exactly that value: plain
 * triple quotes, `r"""` when the text has backslashes, escapes only when a raw string cannot.
 */

export interface DecodedLiteral {
  value: string;
  raw: boolean;
  /** Why we will not rewrite it (an escape we cannot decode), or undefined. */
  problem?: string;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

export function decodeLiteral(literal: string): DecodedLiteral {
  const prefix = /^[a-zA-Z]*/.exec(literal)![0];
  const raw = /r/i.test(prefix);
  const body = literal.slice(prefix.length);
  const quote = body.startsWith('"""') || body.startsWith("'''") ? body.slice(0, 3) : body.slice(0, 1);
  const inner = body.slice(quote.length, body.length - quote.length).replace(/\r\n?/g, '\n');
  if (raw) return { value: inner, raw };
  if (/\\N\{/.test(inner)) return { value: inner, raw, problem: 'it uses a \\N{...} escape' };
  let value = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch !== '\\' || i + 1 >= inner.length) { value += ch; continue; }
    const next = inner[++i]!;
    if (next === '\n') continue; // line continuation
    if (next in SIMPLE_ESCAPES) { value += SIMPLE_ESCAPES[next]; continue; }
    const hex = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hex && new RegExp(`^[0-9a-fA-F]{${hex}}`).test(inner.slice(i + 1))) {
      value += String.fromCodePoint(parseInt(inner.slice(i + 1, i + 1 + hex), 16));
      i += hex;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(inner.slice(i));
    if (octal) { value += String.fromCharCode(parseInt(octal[0], 8)); i += octal[0].length - 1; continue; }
    value += `\\${next}`; // unknown escapes keep their backslash, as in Python
  }
  return { value, raw };
}

/** Control characters other than newline and tab cannot appear in a raw string. */
const NEEDS_ESCAPE = /[\x00-\x08\x0b-\x1f\x7f]/;

/**
 * The literal for `value`, whose lines are already indented; `eol` joins lines.
 * `"""` inside the text and a trailing `"` are escaped, backslashes doubled then.
 */
export function encodeLiteral(value: string, eol: string): string {
  const hasBackslash = value.includes('\\');
  // A raw string cannot end in an odd run of backslashes nor hold the closing quotes.
  const cannotBeRaw = value.includes('"""') || value.endsWith('"') || /(^|[^\\])(\\\\)*\\$/.test(value)
    || NEEDS_ESCAPE.test(value);
  let literal: string;
  if (!hasBackslash && !value.includes('"""') && !value.endsWith('"') && !NEEDS_ESCAPE.test(value)) {
    literal = `"""${value}"""`;
  } else if (hasBackslash && !cannotBeRaw) {
    literal = `r"""${value}"""`;
  } else {
    // Rare enough to be plain about it: every quote escaped, so no run of three can close it.
    let escaped = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    escaped = escaped.replace(new RegExp(NEEDS_ESCAPE.source, 'g'), (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    literal = `"""${escaped}"""`;
  }
  return eol === '\n' ? literal : literal.replace(/\n/g, eol);
}
