import { apiKeyVariable as variableFor } from '../shared/apiKeys';
import { PROVIDERS, type LlmSettings } from '../shared/settings';
import { choice, integerFlag, UsageError, type Flags } from './flags';

/** A non-empty environment variable. */
function fromEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name] || undefined;
}

/** Where requests go: flags first, then the environment; never the project (see trustedProjectConfig). */
export function llmSettingsFrom(flags: Flags, base: LlmSettings, env: NodeJS.ProcessEnv): LlmSettings {
  const llm: LlmSettings = { ...base };
  const provider = choice(flags.provider !== undefined ? '--provider' : 'DOCWRIGHT_LLM_PROVIDER', flags.provider ?? fromEnv(env, 'DOCWRIGHT_LLM_PROVIDER'), PROVIDERS);
  if (provider !== undefined) llm.provider = provider;
  if (flags.model !== undefined) llm.model = flags.model;
  llm.baseUrl = flags['base-url'] ?? fromEnv(env, 'DOCWRIGHT_LLM_BASE_URL') ?? '';
  llm.azureEndpoint = fromEnv(env, 'AZURE_OPENAI_ENDPOINT') ?? '';
  llm.azureDeployment = fromEnv(env, 'AZURE_OPENAI_DEPLOYMENT') ?? '';
  const tokens = integerFlag('budget-tokens', flags['budget-tokens']);
  if (tokens !== undefined) llm.budgetTokensPerRun = tokens;
  if (flags['budget-usd'] !== undefined) llm.budgetUsdPerRun = usdFlag(flags['budget-usd']);
  const concurrency = integerFlag('concurrency', flags.concurrency);
  if (concurrency !== undefined) llm.concurrency = concurrency;
  if (llm.provider === 'compatible' && !llm.baseUrl) throw new UsageError('--provider compatible needs --base-url (or DOCWRIGHT_LLM_BASE_URL in the environment)');
  if (llm.provider === 'azure' && (!llm.azureEndpoint || !llm.azureDeployment)) {
    throw new UsageError('--provider azure needs AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT in the environment');
  }
  return llm;
}

function usdFlag(value: string): number {
  const usd = Number(value);
  if (!Number.isFinite(usd) || usd < 0) throw new UsageError(`--budget-usd needs a non-negative number, got '${value}'`);
  return usd;
}

/** The environment variable an LLM provider's key is read from. */
export function apiKeyVariable(llm: LlmSettings): string {
  return variableFor(llm.provider);
}
