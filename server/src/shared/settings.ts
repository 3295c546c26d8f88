import { z } from 'zod';

/**
 * The one settings schema. Every default lives here; package.json's
 * contributes.configuration lists the same keys, types and defaults (a unit test keeps
 * them equal), and the CLI reads the same keys from `[tool.docwright]` in pyproject.toml.
 */

export const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'] as const;
export type SeverityName = (typeof SEVERITIES)[number];

export const PROVIDERS = ['template', 'openai', 'azure', 'compatible'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** The LLM provider and its limits; `docwright.llm.*` in VS Code, `[tool.docwright.llm]` in pyproject. */
export const llmSchema = z.object({
  provider: z.enum(PROVIDERS).default('template'),
  model: z.string().default('gpt-4o-mini'),
  baseUrl: z.string().default(''),
  azureEndpoint: z.string().default(''),
  azureDeployment: z.string().default(''),
  azureApiVersion: z.string().default('2024-10-21'),
  temperature: z.number().min(0).max(2).default(0.2),
  /** One attempt, from sending to the last byte of the answer (headers and body). */
  timeoutMs: z.number().int().min(1000).default(60000),
  maxRetries: z.number().int().min(0).max(10).default(3),
  /**
   * The whole run (one action, one `document` command): past it nothing more is sent, requests
   * in flight are aborted and what is left is skipped. 30 min: a hanging endpoint is noticed
   * much sooner (timeouts open the circuit breaker); this bounds everything else.
   */
  runTimeoutMs: z.number().int().min(1000).default(1_800_000),
  /** A Retry-After longer than this ends the request (and the run's further requests) with the time to try again. */
  maxRetryAfterMs: z.number().int().min(0).default(60000),
  maxOutputTokens: z.number().int().min(64).default(600),
  maxPromptTokens: z.number().int().min(256).default(3000),
  concurrency: z.number().int().min(1).max(64).default(4),
  requestsPerMinute: z.number().int().min(1).default(60),
  tokensPerMinute: z.number().int().min(1000).default(200000),
  budgetTokensPerRun: z.number().int().min(0).default(200000),
  budgetTokensPerDay: z.number().int().min(0).default(1000000),
  budgetUsdPerRun: z.number().min(0).default(1),
  budgetUsdPerDay: z.number().min(0).default(5),
  confirmAboveTokens: z.number().int().min(0).default(4000),
  prices: z.record(z.string(), z.object({ input: z.number().min(0), output: z.number().min(0) })).default({}),
  exclude: z.array(z.string()).default([]),
  cacheMaxMb: z.number().int().min(1).default(50),
});
export type LlmSettings = z.infer<typeof llmSchema>;

export const settingsSchema = z.object({
  enable: z.boolean().default(true),
  maxCyclomatic: z.number().int().min(1).default(10),
  maxCognitive: z.number().int().min(1).default(15),
  maxNesting: z.number().int().min(1).default(4),
  select: z.array(z.string()).default(['DW']),
  ignore: z.array(z.string()).default([]),
  severity: z.record(z.string(), z.enum(SEVERITIES)).default({}),
  exclude: z.array(z.string()).default([]),
  maxFileSizeKb: z.number().int().min(1).default(1024),
  diagnosticsDelayMs: z.number().int().min(0).max(5000).default(0),
  style: z.enum(['auto', 'google', 'numpy', 'sphinx']).default('auto'),
  /** DW401–DW408: `lenient` judges as a maintainer does (prose counts); `strict` keeps pydoclint's literal rules. */
  staleChecks: z.enum(['lenient', 'strict']).default('lenient'),
  lineLength: z.number().int().min(40).max(400).default(88),
  /**
   * A baseline file (`docwright check --write-baseline`): findings it records are not reported.
   * A project's `baseline` is relative to its pyproject.toml, the editor's to the workspace
   * folder, `--baseline` to the working directory; the resolver makes it absolute. Empty: none.
   */
  baseline: z.string().default(''),
  /** The editor: findings the baseline records are hidden, or shown as hints. */
  baselineFindings: z.enum(['hide', 'hint']).default('hide'),
  /**
   * What Document Workspace/File/Folder include: missing docstrings, stale ones, both, or `ask`
   * (a quick pick). With the template a missing docstring can only become a placeholder, so the
   * quick pick offers completing stale ones first and inserting placeholders only when asked.
   */
  batchInclude: z.enum(['ask', 'missing', 'stale', 'all']).default('ask'),
  /** `public`: what DW100–DW107 report; `all`: private definitions too (locals of functions excepted). */
  batchScope: z.enum(['public', 'all']).default('public'),
  /** A line above defs and classes (`cognitive 16 · cyclomatic 7 (B) · docstring missing`): `overThreshold` on functions past a DW901–DW903 threshold, `always` on every one. */
  codeLens: z.enum(['off', 'overThreshold', 'always']).default('overThreshold'),
  /** With `codeLens: always`, no lens where the cognitive complexity is below this; 0 gives every def and class one. */
  codeLensHideUnder: z.number().int().min(0).default(0),
  /** `+N` at the end of each line that adds to a cognitive complexity score (command: Docwright: Toggle Complexity Hints). */
  inlayHints: z.boolean().default(false),
  llm: llmSchema.default(llmSchema.parse({})),
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

export interface SettingsProblem {
  key: string;
  message: string;
}

/**
 * Reads settings leniently: a key with an invalid value is reported and replaced by its
 * default, so one typo never switches the whole extension off.
 */
export function parseSettings(input: unknown): { settings: Settings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const raw = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const settings: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(settingsSchema.shape)) {
    if (key === 'llm') {
      settings[key] = parseNested(key, llmSchema, raw[key], problems);
      continue;
    }
    const result = (field as z.ZodType).safeParse(raw[key]);
    if (result.success) {
      settings[key] = result.data;
    } else {
      problems.push({ key, message: result.error.issues.map((i) => i.message).join('; ') });
      settings[key] = (DEFAULT_SETTINGS as Record<string, unknown>)[key];
    }
  }
  return { settings: settings as Settings, problems };
}


/** One nested table, key by key, so one bad value does not reset its neighbours. */
function parseNested<T extends z.ZodObject>(prefix: string, schema: T, input: unknown, problems: SettingsProblem[]): z.infer<T> {
  const raw = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const defaults = schema.parse({}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const result = (field as z.ZodType).safeParse(raw[key]);
    if (result.success) out[key] = result.data;
    else {
      problems.push({ key: `${prefix}.${key}`, message: result.error.issues.map((i) => i.message).join('; ') });
      out[key] = defaults[key];
    }
  }
  return out as z.infer<T>;
}

/**
 * What a project's `[tool.docwright]` decides in the editor as well, so that the editor and CI
 * (`docwright check`) report the same findings: thresholds, codes, severities, excludes and the
 * size limit. The project wins over editor settings for the keys it sets (workspace/resolver.ts
 * merges them). Style and line length come from the project too (the resolver reads them);
 * LLM settings never do, so that a repository cannot send the editor's API key, or its code,
 * to an endpoint of its choosing.
 */
export const PROJECT_KEYS = ['maxCyclomatic', 'maxCognitive', 'maxNesting', 'select', 'ignore', 'severity', 'exclude', 'maxFileSizeKb', 'staleChecks', 'baseline'] as const;


/**
 * `[tool.docwright.llm]` keys a project may never set, in the CLI as in the editor: they decide
 * where the code and the API key are sent. Flags, environment variables and the user's own
 * settings choose them.
 */
export const PROJECT_FORBIDDEN_LLM_KEYS = ['provider', 'baseUrl', 'azureEndpoint', 'azureDeployment'] as const;

/** A project's `[tool.docwright]` values without the LLM keys it may not set, and which it had set. */
export function withoutForbiddenLlmKeys(project: Record<string, unknown>): { values: Record<string, unknown>; ignored: string[] } {
  const llm = project.llm;
  if (!llm || typeof llm !== 'object' || Array.isArray(llm)) return { values: project, ignored: [] };
  const kept = { ...(llm as Record<string, unknown>) };
  const ignored = PROJECT_FORBIDDEN_LLM_KEYS.filter((key) => key in kept);
  for (const key of ignored) delete kept[key];
  return { values: { ...project, llm: kept }, ignored };
}
