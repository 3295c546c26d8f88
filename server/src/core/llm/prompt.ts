import type { Expected } from '../docstring/expect';
import type { DocstringStyle } from '../docstring/model';
import type { ChatMessage, TokenCounter } from './tokens';

/**
 * The prompt for one docstring, packed under a token cap by priority: the instructions and
 * the function itself always (its long parts elided visibly, at line boundaries, never inside
 * a token), then its class, the module's imports and the signatures of same-file functions it
 * calls, each only if it fits whole.
 */

export interface PromptContext {
  /** `class Cart(Base):` and the first paragraph of its docstring. */
  classHeader?: string;
  imports: string[];
  /** Signatures (`def total(self) -> float:`) of same-file functions the code calls. */
  callees: string[];
}

export interface PromptInput {
  qualname: string;
  source: string;
  expected: Expected;
  style: DocstringStyle;
  context: PromptContext;
}

export interface Prompt {
  messages: ChatMessage[];
  /** Exact, or an upper bound for models whose tokenizer we do not have (what the budget reserves). */
  tokens: number;
  /** The likely count (equal to `tokens` for OpenAI encodings). */
  likely: number;
  /** What did not fit or was shortened, for the report. */
  elided: string[];
}

const SYSTEM = [
  'You write Python docstrings. Reply with one JSON object and nothing else, with these keys:',
  '"summary": one sentence in the imperative mood ending with a period, saying what the code does;',
  '"description": zero to three short sentences of detail a caller needs, or "";',
  '"params": [{"name", "description"}] for exactly the parameters listed, no others;',
  '"returns": what is returned, or ""; "yields": what is yielded, or "";',
  '"raises": [{"type", "description"}] for exactly the exceptions listed.',
  'Plain text only: no markdown, no code fences, no quotes around the docstring, no section headers, no types (the tool adds them).',
].join('\n');

export function buildPrompt(input: PromptInput, counter: TokenCounter, maxTokens: number): Prompt {
  const elided: string[] = [];
  const task = taskLines(input);
  const messagesFor = (code: string, extra: string[]): ChatMessage[] => [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: [...task, '', 'Code:', code, ...(extra.length ? ['', 'Context:', ...extra] : [])].join('\n') },
  ];
  let code = input.source;
  let messages = messagesFor(code, []);
  for (const shorten of [elideNestedBodies, elideLongLiterals, elideTail]) {
    if (counter.prompt(messages) <= maxTokens) break;
    const shorter = shorten(code, (text) => counter.prompt(messagesFor(text, [])) <= maxTokens);
    if (shorter.text !== code) {
      elided.push(shorter.what);
      code = shorter.text;
      messages = messagesFor(code, []);
    }
  }
  const extra: string[] = [];
  const candidates: [string, string[]][] = [
    ['enclosing class', input.context.classHeader ? [input.context.classHeader] : []],
    ['imports', input.context.imports],
    ['called functions', input.context.callees],
  ];
  for (const [what, lines] of candidates) {
    if (lines.length === 0) continue;
    const tried = [...extra, `# ${what}`, ...lines];
    if (counter.prompt(messagesFor(code, tried)) <= maxTokens) extra.push(`# ${what}`, ...lines);
    else elided.push(`${what} (did not fit)`);
  }
  messages = messagesFor(code, extra);
  return { messages, tokens: counter.prompt(messages), likely: counter.estimate(messages), elided };
}

function taskLines(input: PromptInput): string[] {
  const e = input.expected;
  const lines = [`Document \`${input.qualname}\` (${e.kind}). Docstring style: ${input.style}.`];
  if (e.kind === 'function') {
    lines.push(`Parameters: ${e.params && e.params.length ? e.params.map((p) => p.name).join(', ') : '(none)'}`);
    lines.push(`Returns: ${e.returns === 'required' ? 'yes' : 'no'}. Yields: ${e.yields === 'required' ? 'yes' : 'no'}.`);
    lines.push(`Raises: ${e.raises.length ? e.raises.join(', ') : '(none)'}`);
  } else if (e.kind === 'class') {
    lines.push(`Attributes: ${e.attributes.length ? e.attributes.map((a) => a.name).join(', ') : '(none)'} (describe them as params).`);
  }
  return lines;
}

type Shortened = { text: string; what: string };

/** Bodies of nested defs become `...  # body elided (N lines)`. */
function elideNestedBodies(code: string): Shortened {
  const lines = code.split('\n');
  const out: string[] = [];
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    out.push(line);
    const match = i > 0 ? /^(\s+)(async\s+)?def\s.*:\s*(#.*)?$/.exec(line) : null;
    if (!match) continue;
    const indent = match[1]!.length;
    let j = i + 1;
    while (j < lines.length && (lines[j]!.trim() === '' || /^\s*/.exec(lines[j]!)![0].length > indent)) j++;
    if (j - i - 1 > 3) {
      out.push(`${' '.repeat(indent + 4)}...  # body elided (${j - i - 1} lines)`);
      count++;
      i = j - 1;
    }
  }
  return { text: out.join('\n'), what: `${count} nested function bodies` };
}

/** String and collection literals longer than 200 characters become `...  # N chars elided`. */
function elideLongLiterals(code: string): Shortened {
  let count = 0;
  const text = code.split('\n').map((line) => {
    if (line.length <= 200) return line;
    count++;
    const indent = /^\s*/.exec(line)![0];
    return `${indent}${line.trim().slice(0, 80).replace(/\S*$/, '')}...  # ${line.length} chars elided`;
  }).join('\n');
  return { text, what: `${count} long lines` };
}

/** Keeps the head of the body, whole lines only, and says how much was cut. */
function elideTail(code: string, fits: (text: string) => boolean): Shortened {
  const lines = code.split('\n');
  let low = 1;
  let high = lines.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (fits([...lines.slice(0, mid), marker(lines.length - mid)].join('\n'))) low = mid;
    else high = mid - 1;
  }
  return { text: [...lines.slice(0, low), marker(lines.length - low)].join('\n'), what: `last ${lines.length - low} lines of the body` };
}

const marker = (n: number) => `    # ... ${n} more lines elided ...`;
