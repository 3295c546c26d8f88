import * as vscode from 'vscode';
import { API_KEY_VARIABLES } from '../../server/src/shared/apiKeys';
import type { ApiKeyParams } from '../../server/src/shared/protocol';

/**
 * The API key lives in VS Code's SecretStorage (the OS keychain); the environment variable is
 * the fallback. It is handed to the server only when it asks, right before a request, and is
 * never written to settings, logs or messages (invariant 5).
 */

export type KeyedProvider = ApiKeyParams['provider'];

const secretName = (provider: KeyedProvider) => `docwright.apiKey.${provider}`;

export async function apiKeyFor(secrets: vscode.SecretStorage, provider: KeyedProvider): Promise<string | null> {
  const stored = await secrets.get(secretName(provider));
  return stored || process.env[API_KEY_VARIABLES[provider]] || null;
}

/** "Docwright: Set API Key": pick the provider, type the key (hidden); empty removes it. */
export async function promptForApiKey(secrets: vscode.SecretStorage, preset?: { provider: KeyedProvider; key: string }): Promise<KeyedProvider | undefined> {
  const choices: (vscode.QuickPickItem & { label: KeyedProvider })[] = [
    { label: 'openai', description: 'OpenAI' },
    { label: 'azure', description: 'Azure OpenAI' },
    { label: 'compatible', description: 'OpenAI-compatible endpoint (Ollama, vLLM, LM Studio…)' },
  ];
  const provider = preset?.provider ?? (await vscode.window.showQuickPick(choices, { title: 'Docwright: API key for which provider?' }))?.label;
  if (!provider) return undefined;
  const key = preset?.key ?? (await vscode.window.showInputBox({
    title: `Docwright: ${provider} API key`,
    prompt: 'Stored in the OS keychain through VS Code SecretStorage. Leave empty to remove it.',
    password: true,
    ignoreFocusOut: true,
  }));
  if (key === undefined) return undefined;
  if (key.trim()) await secrets.store(secretName(provider), key.trim());
  else await secrets.delete(secretName(provider));
  return provider;
}
