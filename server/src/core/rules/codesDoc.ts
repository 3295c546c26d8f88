import { FAMILIES, docsAnchor } from './registry';
import type { Rule } from './rule';

/**
 * docs/codes.md, written from the registry: an index of every code, then one section per code
 * under a `## DW…` heading, which is the anchor a diagnostic links to. scripts/codes-doc.mjs
 * writes it; a test fails when the file in the repository differs.
 */

const INTRO = [
  '# Docwright diagnostic codes',
  '',
  '<!-- Generated from server/src/core/rules by `npm run docs:codes`: edit the rules, not this file. -->',
  '',
  'Every diagnostic links here. Each code can be switched off or given a severity with',
  '`docwright.severity` (editor) or `severity` in `[tool.docwright]` (CLI), selected with',
  '`select`/`ignore` prefixes, and suppressed on its line with `# noqa`, `# noqa: DW901` or',
  '`# docwright: ignore[DW901]`.',
];

/** Titles are plain text (SARIF shows them too); in Markdown `__init__` would turn bold. */
function inline(title: string): string {
  return title.replace(/\b__\w+__\b/g, (name) => `\`${name}\``);
}

/** Each rule with the title of its family, in code order. */
function entries(): { rule: Rule<string, never>; family: string }[] {
  return FAMILIES.flatMap((family) => family.rules.map((rule) => ({ rule, family: family.title })));
}

function indexTable(): string[] {
  return [
    '| code | title | family | default severity | peer |',
    '|---|---|---|---|---|',
    ...entries().map(({ rule, family }) => `| [${rule.code}](#${docsAnchor(rule.code)}) | ${inline(rule.title)} | ${family} | ${rule.severity} | ${rule.peer} |`),
  ];
}

function section({ rule, family }: { rule: Rule<string, never>; family: string }): string[] {
  return [`## ${rule.code}`, `**${inline(rule.title)}** · ${family} · ${rule.severity} by default`, '', rule.docs];
}

export function renderCodesDoc(): string {
  const sections = entries().flatMap((entry) => ['', ...section(entry)]);
  return [...INTRO, '', ...indexTable(), ...sections, ''].join('\n');
}
