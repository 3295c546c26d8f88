/**
 * The environment variables an API key is read from when none is stored: the one home of these
 * names, for the editor's client, the language server's messages and the CLI. No imports, so
 * the client bundles only this.
 */

/** The providers that take a key (the template needs none). */
export type KeyedProvider = 'openai' | 'azure' | 'compatible';

export const API_KEY_VARIABLES: Readonly<Record<KeyedProvider, string>> = {
  openai: 'OPENAI_API_KEY',
  azure: 'AZURE_OPENAI_API_KEY',
  // An OpenAI-compatible endpoint (Ollama, vLLM…) takes OpenAI's variable, when it wants a key at all.
  compatible: 'OPENAI_API_KEY',
};

/** The variable for any provider name: Azure's for `azure`, else OpenAI's. */
export function apiKeyVariable(provider: string): string {
  return provider === 'azure' ? API_KEY_VARIABLES.azure : API_KEY_VARIABLES.openai;
}
