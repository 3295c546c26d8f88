import { z } from 'zod';
import { placeholderSummary, templateModel, type Expected } from '../docstring/expect';
import { mergeDocstring } from '../docstring/merge';
import { documentedNames, isPlaceholder, type DocstringModel } from '../docstring/model';

/**
 * Model output → docstring model (invariant 2). The answer is parsed tolerantly (fences and
 * prose around the JSON are ignored), every text is cleaned to plain prose, and only the slots
 * the signature has are filled: invented parameters are dropped, forgotten ones keep the
 * template's text. The formatter, which escapes quotes and backslashes, renders the result.
 */

const entry = z.object({ name: z.string().optional(), type: z.string().optional(), description: z.string().optional() });
const answerSchema = z.object({
  summary: z.string().optional(),
  description: z.string().optional(),
  params: z.union([z.array(entry), z.record(z.string(), z.string())]).optional(),
  returns: z.string().optional(),
  yields: z.string().optional(),
  raises: z.union([z.array(entry), z.record(z.string(), z.string())]).optional(),
}).passthrough();

export interface Answer {
  summary: string;
  description: string;
  params: Map<string, string>;
  returns: string;
  yields: string;
  raises: Map<string, string>;
}

/** The JSON schema sent as response_format where the endpoint supports structured output. */
export const ANSWER_JSON_SCHEMA = {
  name: 'docstring',
  strict: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['summary', 'description', 'params', 'returns', 'yields', 'raises'],
    properties: {
      summary: { type: 'string' },
      description: { type: 'string' },
      params: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['name', 'description'], properties: { name: { type: 'string' }, description: { type: 'string' } } } },
      returns: { type: 'string' },
      yields: { type: 'string' },
      raises: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['type', 'description'], properties: { type: { type: 'string' }, description: { type: 'string' } } } },
    },
  },
} as const;

const MAX_FIELD = 1200;

export function parseAnswer(text: string): Answer | Error {
  const json = firstJsonObject(text);
  if (json === undefined) return new Error('the model did not answer with JSON');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return new Error('the model answered with malformed JSON');
  }
  const parsed = answerSchema.safeParse(value);
  if (!parsed.success) return new Error('the model answered JSON of the wrong shape');
  const a = parsed.data;
  const toMap = (list: typeof a.params, key: 'name' | 'type') => {
    const map = new Map<string, string>();
    if (Array.isArray(list)) for (const e of list) { const k = e[key] ?? e.name; if (k) map.set(k.trim(), clean(e.description ?? '')); }
    else if (list) for (const [k, v] of Object.entries(list)) map.set(k.trim(), clean(v));
    return map;
  };
  return {
    summary: summaryLine(a.summary ?? ''),
    description: clean(a.description ?? ''),
    params: toMap(a.params, 'name'),
    returns: clean(a.returns ?? ''),
    yields: clean(a.yields ?? ''),
    raises: toMap(a.raises, 'type'),
  };
}

/** The first balanced `{...}` in the text, skipping code fences and prose around it. */
function firstJsonObject(text: string): string | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

/** Section-looking lines of any style would be parsed back as sections: they go. */
const SECTION_LIKE = /^\s*(?:(?:Args|Arguments|Parameters|Params|Returns?|Yields?|Raises|Attributes|Examples?|Notes?|Keyword Args|Other Parameters)\s*:?\s*$|-{3,}\s*$|:(?:param|type|returns?|rtype|raises?|yields?|ytype|ivar|vartype)\b|\.\. )/i;

/** Plain prose: no control characters, no fences, no section headers, bounded length. */
export function clean(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\t/g, '    ')
    .split('\n')
    .filter((l) => !/^\s*```/.test(l) && !SECTION_LIKE.test(l))
    .map((l) => l.replace(/\s+$/, '').replace(/^\s+/, ''));
  const joined = lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return joined.length > MAX_FIELD ? `${joined.slice(0, MAX_FIELD).replace(/\s+\S*$/, '')} …` : joined;
}

function summaryLine(text: string): string {
  const line = clean(text).split('\n').find((l) => l.trim()) ?? '';
  if (!line) return '';
  // Cut short with three periods, not '…': pydocstyle wants the summary to end with a period (D400, D415).
  const capped = line.length > 200 ? `${line.slice(0, 200).replace(/\s+\S*$/, '')}...` : line;
  const capital = capped.replace(/^[a-z]/, (c) => c.toUpperCase());
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * The docstring to write: the template (or, on update, the merge of the existing docstring)
 * with its placeholders filled from the answer. Human text is kept unless `regenerate`.
 */
export function combine(answer: Answer, expected: Expected, existing: DocstringModel | undefined, regenerate: boolean): DocstringModel {
  const base = existing && !regenerate ? mergeDocstring(existing, expected, placeholderSummary(expected)) : templateModel(expected);
  const replaceable = (text: string) => regenerate || !text.trim() || isPlaceholder(text);
  if (answer.summary && replaceable(base.summary)) base.summary = answer.summary;
  if (answer.description && (regenerate || !base.description.trim())) base.description = answer.description;
  const fill = (list: { name: string; description: string }[]) => {
    for (const p of list) {
      const text = documentedNames(p).map((n) => answer.params.get(n) ?? answer.params.get(`*${n}`) ?? answer.params.get(`**${n}`)).find(Boolean);
      if (text && replaceable(p.description)) p.description = text;
    }
  };
  fill(base.params);
  fill(base.attributes);
  if (answer.returns && base.returns[0] && replaceable(base.returns[0].description)) base.returns[0].description = answer.returns;
  if (answer.yields && base.yields[0] && replaceable(base.yields[0].description)) base.yields[0].description = answer.yields;
  for (const r of base.raises) {
    const text = answer.raises.get(r.type) ?? answer.raises.get(r.type.split('.').pop()!);
    if (text && replaceable(r.description)) r.description = text;
  }
  return base;
}
