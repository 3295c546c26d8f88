import type { Definition, ModuleAnalysis, Rank } from '../analysis/model';
import { defineRule, type CheckInput, type Report, type RuleFamily } from './rule';

/**
 * DW901–DW903: a function too complex to follow. The analysis scores every function
 * (analysis/metrics.ts: radon's cyclomatic complexity, Sonar's cognitive complexity, nesting
 * depth); this file compares the scores with the thresholds.
 */

interface Score {
  qualname: string;
  score: number;
  max: number;
}

const DW901 = defineRule({
  code: 'DW901',
  title: 'Cyclomatic complexity too high',
  peer: 'ruff C901, radon cc',
  severity: 'warning',
  message: ({ qualname, score, max, rank }: Score & { rank: Rank }) =>
    `\`${qualname}\` is too complex: cyclomatic complexity ${score} > ${max} (rank ${rank})`,
  docs: [
    'Cyclomatic complexity above `maxCyclomatic` (default 10), counted exactly as radon 5.1 does:',
    'start at 1; +1 for each `if`, `elif`, conditional expression, `and`/`or` operator, `for`,',
    '`while`, comprehension `for` and `if`, `assert`, `except` handler; +1 for the `else` of a',
    'loop or `try`. `with`, `match` and nested functions add nothing. Rank letters are radon\'s:',
    'A 1–5, B 6–10, C 11–20, D 21–30, E 31–40, F 41+. Peer: ruff C901 (mccabe counts differently).',
  ].join('\n'),
});

const DW902 = defineRule({
  code: 'DW902',
  title: 'Cognitive complexity too high',
  peer: 'Sonar S3776',
  severity: 'warning',
  message: ({ qualname, score, max }: Score) => `\`${qualname}\` is too hard to follow: cognitive complexity ${score} > ${max}`,
  docs: [
    'Cognitive complexity above `maxCognitive` (default 15), by SonarSource\'s rules as sonar-python',
    'applies them: `if`, loops, `except` and conditional expressions cost 1 plus their nesting level;',
    '`elif` and `else` cost 1; each run of the same boolean operator costs 1. Blocks of `if`, loops,',
    '`except` and `case` raise the nesting level; `try`, `with` and `finally` do not. Nested functions',
    "count in their parent's score, so only the outermost function is reported. The diagnostic carries",
    'one related location per increment, worded `+2 (nesting 1): if` or `+1: and`; their amounts add',
    'up to the score. Peer: Sonar S3776.',
  ].join('\n'),
});

const DW903 = defineRule({
  code: 'DW903',
  title: 'Nesting too deep',
  peer: 'ruff PLR1702',
  severity: 'warning',
  message: ({ qualname, score, max }: Score) => `\`${qualname}\` nests too deeply: depth ${score} > ${max}`,
  docs: [
    'Nesting deeper than `maxNesting` (default 4): blocks of `if`, `for`, `while`, `try`, `with` and',
    "`match` inside one another (`elif`/`else`/`except` stay at their statement's level). The",
    'diagnostic points to the deepest block and each block around it. Peer: ruff PLR1702.',
  ].join('\n'),
});

export const complexity: RuleFamily = {
  name: 'complexity',
  title: 'Complexity',
  rules: [DW901, DW902, DW903],
  check: tooComplex,
};

function tooComplex({ analysis, settings }: CheckInput, report: Report): void {
  for (const definition of analysis.definitions) {
    if (definition.kind !== 'function' || definition.hasSyntaxError) continue;
    const { qualname, nameSpan } = definition;
    const m = definition.metrics;
    if (m.cyclomatic > settings.maxCyclomatic) {
      report(DW901, { qualname, score: m.cyclomatic, max: settings.maxCyclomatic, rank: m.rank }, nameSpan);
    }
    // As in Sonar, a nested function's score is part of its enclosing function's: report that one.
    if (m.cognitive > settings.maxCognitive && !hasFunctionAncestor(analysis, definition)) {
      report(DW902, { qualname, score: m.cognitive, max: settings.maxCognitive }, nameSpan);
    }
    if (m.nesting > settings.maxNesting) report(DW903, { qualname, score: m.nesting, max: settings.maxNesting }, nameSpan);
  }
}

function hasFunctionAncestor(analysis: ModuleAnalysis, definition: Definition): boolean {
  for (let i = definition.parentIndex; i >= 0; i = analysis.definitions[i]!.parentIndex) {
    if (analysis.definitions[i]!.kind === 'function') return true;
  }
  return false;
}
