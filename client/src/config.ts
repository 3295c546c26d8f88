import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../../server/src/shared/protocol';
import type { Settings } from '../../server/src/shared/settings';

/**
 * The client's one way to read settings. The `docwright.*` keys and their types are those of the
 * one settings schema (shared/settings.ts), read as types only so that no validation code joins
 * the client bundle: the server validates what it is sent, and package.json contributes the
 * schema's defaults (a test keeps them equal), which VS Code answers for a key nobody set.
 */

/** A setting's key below `docwright.`, the nested llm table's dotted (`llm.provider`). */
export type SettingKey = Exclude<keyof Settings, 'llm'> | `llm.${keyof Settings['llm'] & string}`;

export type SettingValue<K extends SettingKey> =
  K extends `llm.${infer L extends keyof Settings['llm'] & string}` ? Settings['llm'][L]
    : K extends keyof Settings ? Settings[K] : never;

export class DocwrightConfig {
  private constructor(private readonly section: vscode.WorkspaceConfiguration) {}

  /** The settings that apply to `scope` (a file or folder; the window's without one). */
  static of(scope?: vscode.ConfigurationScope): DocwrightConfig {
    return new DocwrightConfig(vscode.workspace.getConfiguration(SETTINGS_SECTION, scope));
  }

  /** The value in effect, or `fallback` when VS Code has none (not even the contributed default). */
  get<K extends SettingKey>(key: K, fallback: SettingValue<K>): SettingValue<K> {
    return this.section.get<SettingValue<K>>(key, fallback);
  }
}

/** The editor's own `files.exclude` globs that are switched on: Docwright never documents or exports what they hide. */
export function excludedGlobs(): string[] {
  const files = vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude', {});
  return Object.entries(files).filter(([, on]) => on).map(([glob]) => glob);
}
