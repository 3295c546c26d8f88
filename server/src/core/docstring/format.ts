import type { DocParam, DocReturn, DocSection, DocstringModel, DocstringStyle } from './model';
import { indentWidth, typeWithOptional, withDefault, wrap } from './text';

/**
 * Renders the model in one style, as lines relative to the docstring's indentation. Section
 * order follows the style guides (numpydoc's order, which Google's and Sphinx's agree with);
 * sections we do not interpret keep their relative order. Only lines longer than the width
 * are wrapped, so a human's line breaks survive.
 */

export interface FormatOptions {
  /** Width of the indentation the docstring's lines get (tabs count 8). */
  indentWidth: number;
  /** Maximum line length, the project's (default 88). */
  lineLength: number;
}

const SECTION_RANK = new Map<string, number>([
  ['other parameters', 25], ['keyword args', 25], ['keyword arguments', 25], ['receives', 45],
  ['warns', 55], ['warnings', 56], ['warning', 56], ['see also', 60], ['notes', 70], ['note', 70],
  ['references', 80], ['examples', 90], ['example', 90],
]);
const RANK = { params: 10, attributes: 20, returns: 30, yields: 40, raises: 50, unknown: 100 };

type Block = { rank: number; lines: string[] };

export function formatDocstring(model: DocstringModel, style: DocstringStyle, options: FormatOptions): string[] {
  const ctx: Ctx = { width: options.lineLength, base: options.indentWidth };
  const blocks = style === 'numpy' ? numpyBlocks(model, ctx) : style === 'sphinx' ? sphinxBlocks(model, ctx) : googleBlocks(model, ctx);
  const sorted = blocks.map((b, i) => ({ ...b, i })).sort((a, b) => a.rank - b.rank || a.i - b.i);
  const lines = [...model.summary.split('\n')];
  if (model.description) lines.push('', ...prose(model.description, 0, ctx));
  for (const block of sorted) lines.push('', ...block.lines);
  return lines;
}

interface Ctx { width: number; base: number }

/** Wraps each over-long line of a text whose lines start `indent` columns in. */
function prose(text: string, indent: number, ctx: Ctx, firstOffset = 0): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line) { out.push(''); return; }
    const start = ctx.base + indent + indentWidth(line) + (i === 0 ? firstOffset : 0);
    const wrapped = wrap(line, start, ctx.base + indent + indentWidth(line), ctx.width);
    out.push(...wrapped.map((w, k) => (k === 0 ? w : ' '.repeat(indentWidth(line)) + w)));
  });
  return out;
}

const pad = (n: number) => ' '.repeat(n);
const indentAll = (lines: string[], n: number) => lines.map((l) => (l ? pad(n) + l : ''));

/** `head` + description where the description's first line continues the head. */
function entry(head: string, description: string, indent: number, continuation: number, ctx: Ctx): string[] {
  const lines = description ? description.split('\n') : [];
  const first = lines[0] ?? '';
  const out: string[] = [];
  if (!first) {
    out.push(pad(indent) + head.trimEnd());
  } else {
    const wrapped = wrap(first, ctx.base + indent + head.length, ctx.base + continuation, ctx.width);
    out.push(pad(indent) + head + wrapped[0], ...wrapped.slice(1).map((l) => pad(continuation) + l));
  }
  if (lines.length > 1) out.push(...indentAll(prose(lines.slice(1).join('\n'), continuation, ctx), continuation));
  return out;
}

function otherSection(section: DocSection): number {
  return section.title ? SECTION_RANK.get(section.title.toLowerCase()) ?? RANK.unknown : RANK.unknown + 1;
}

// ---------------------------------------------------------------- Google

function googleBlocks(model: DocstringModel, ctx: Ctx): Block[] {
  const blocks: Block[] = [];
  const params = (title: string, list: DocParam[], rank: number) => {
    if (!list.length) return;
    const lines = [`${title}:`];
    for (const p of list) {
      const type = typeWithOptional(p.type, p.optional);
      lines.push(...entry(`${p.name}${type ? ` (${type})` : ''}: `, withDefault(p.description, p.default), 4, 8, ctx));
    }
    blocks.push({ rank, lines });
  };
  const returns = (title: string, list: DocReturn[], rank: number) => {
    if (!list.length) return;
    const lines = [`${title}:`];
    for (const r of list) {
      const head = r.type ? `${r.type}: ` : '';
      lines.push(...entry(head, r.description, 4, 4, ctx));
    }
    blocks.push({ rank, lines });
  };
  params('Args', model.params, RANK.params);
  params('Attributes', model.attributes, RANK.attributes);
  returns('Returns', model.returns, RANK.returns);
  returns('Yields', model.yields, RANK.yields);
  if (model.raises.length) {
    const lines = ['Raises:'];
    for (const r of model.raises) lines.push(...entry(`${r.type}: `, r.description, 4, 8, ctx));
    blocks.push({ rank: RANK.raises, lines });
  }
  for (const s of model.sections) {
    blocks.push({ rank: otherSection(s), lines: s.title ? [`${s.title}:`, ...indentAll(s.body.split('\n'), 4)] : s.body.split('\n') });
  }
  return blocks;
}

// ---------------------------------------------------------------- NumPy

function numpyBlocks(model: DocstringModel, ctx: Ctx): Block[] {
  const blocks: Block[] = [];
  const header = (title: string) => [title, '-'.repeat(title.length)];
  const described = (head: string, description: string) => [
    head,
    ...indentAll(prose(description, 4, ctx), 4),
  ].filter((l, i) => i === 0 || description !== '');
  const params = (title: string, list: DocParam[], rank: number) => {
    if (!list.length) return;
    const lines = header(title);
    for (const p of list) {
      const type = typeWithOptional(p.type, p.optional);
      lines.push(...described(type ? `${p.name} : ${type}` : p.name, withDefault(p.description, p.default)));
    }
    blocks.push({ rank, lines });
  };
  const returns = (title: string, list: DocReturn[], rank: number) => {
    if (!list.length) return;
    const lines = header(title);
    for (const r of list) {
      if (r.name) lines.push(...described(r.type ? `${r.name} : ${r.type}` : `${r.name} :`, r.description));
      else if (r.type) lines.push(...described(r.type, r.description));
      else lines.push(...prose(r.description, 0, ctx));
    }
    blocks.push({ rank, lines });
  };
  params('Parameters', model.params, RANK.params);
  params('Attributes', model.attributes, RANK.attributes);
  returns('Returns', model.returns, RANK.returns);
  returns('Yields', model.yields, RANK.yields);
  if (model.raises.length) {
    const lines = header('Raises');
    for (const r of model.raises) lines.push(...described(r.type, r.description));
    blocks.push({ rank: RANK.raises, lines });
  }
  for (const s of model.sections) {
    blocks.push({ rank: otherSection(s), lines: s.title ? [...header(s.title), ...s.body.split('\n')] : s.body.split('\n') });
  }
  return blocks;
}

// ---------------------------------------------------------------- Sphinx

function sphinxBlocks(model: DocstringModel, ctx: Ctx): Block[] {
  const blocks: Block[] = [];
  for (const s of model.sections) {
    if (s.title) blocks.push({ rank: otherSection(s) - 100, lines: [`.. rubric:: ${s.title}`, '', ...s.body.split('\n')] });
  }
  // Fields end a Sphinx docstring and form one block: a blank line would end the field list.
  const fields: string[] = [];
  for (const p of model.params) {
    fields.push(...entry(`:param ${p.name}: `, withDefault(p.description, p.default), 0, 4, ctx));
    const type = typeWithOptional(p.type, p.optional);
    if (type) fields.push(`:type ${p.name}: ${type}`);
  }
  for (const a of model.attributes) {
    fields.push(...entry(`:ivar ${a.name}: `, withDefault(a.description, a.default), 0, 4, ctx));
    const type = typeWithOptional(a.type, a.optional);
    if (type) fields.push(`:vartype ${a.name}: ${type}`);
  }
  const single = (field: string, typeField: string, list: DocReturn[]) => {
    const r = list[0];
    if (!r) return;
    if (r.description || !r.type) fields.push(...entry(`:${field}: `, r.description, 0, 4, ctx));
    if (r.type) fields.push(`:${typeField}: ${r.type}`);
  };
  single('returns', 'rtype', model.returns);
  single('yields', 'ytype', model.yields);
  for (const r of model.raises) fields.push(...entry(`:raises ${r.type}: `, r.description, 0, 4, ctx));
  for (const s of model.sections) if (!s.title) fields.push(...s.body.split('\n'));
  if (fields.length) blocks.push({ rank: RANK.unknown + 10, lines: fields });
  return blocks;
}
