import { z } from 'zod';

/**
 * The one settings schema. Every default lives here; package.json's
 * contributes.configuration lists the same keys, types and defaults (a unit test keeps
 * them equal), and the CLI reads the same keys from `[tool.docwright]` in pyproject.toml.
 */

export const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'] as const;
export type SeverityName = (typeof SEVERITIES)[number];

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
  lineLength: z.number().int().min(40).max(400).default(88),
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

