import type { Connection } from 'vscode-languageserver';
import type { DocstringRequest } from '../core/docstring/provider';
import { LlmProvider, type Estimate } from '../workspace/llm/provider';
import { ApiKeyRequest, UsageNotification, type ApiKeyParams, type UsageParams } from '../shared/protocol';
import type { LlmSettings, Settings } from '../shared/settings';
import type { LlmStatsSink } from '../core/stats/figures';
import type { StoragePaths } from './clientFeatures';

/**
 * The editor's LLM providers: one per distinct llm settings, so that its circuit breaker and
 * rate limits outlive one action; none in an untrusted workspace. The key is asked of the client
 * right before a request (docwright/apiKey) and never kept here.
 */

/** What a docstring action needs from the LLM around its run. */
export interface LlmHooks {
  model: string;
  estimate(requests: DocstringRequest[]): Estimate;
  confirmAboveTokens: number;
  /** Asks the user; true to go ahead. */
  confirm(message: string): Promise<boolean>;
  beginRun(): void;
  /** Reports the spend (status bar) and any messages. */
  finishRun(): void;
}

export interface EditorLlmHost {
  connection: Connection;
  log: (message: string) => void;
  storage: () => StoragePaths;
  /** The LLM ledger's project: the first workspace folder. */
  root: () => string | undefined;
  stats: LlmStatsSink;
}

export class EditorLlm {
  private readonly providers = new Map<string, LlmProvider>();
  private trusted = true;
  private untrustedSaid = false;

  constructor(private readonly host: EditorLlmHost) {}

  /** The LLM provider and its hooks, or undefined for the template (default, or untrusted workspace). */
  for(settings: Settings): { provider: LlmProvider; hooks: LlmHooks } | undefined {
    const llm = settings.llm;
    if (llm.provider === 'template') return undefined;
    if (!this.trusted) {
      if (!this.untrustedSaid) {
        this.untrustedSaid = true;
        void this.host.connection.window.showInformationMessage('Docwright: LLM providers are disabled in an untrusted workspace; the offline template writes docstrings.');
      }
      return undefined;
    }
    const provider = this.provider(llm, llm.provider);
    return { provider, hooks: this.hooks(llm, provider) };
  }

  /** Trust granted or withdrawn: providers are made afresh under it. */
  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    this.drop();
  }

  /** Settings or credentials changed: the next action makes its provider afresh. */
  drop(): void {
    for (const provider of this.providers.values()) provider.dispose();
    this.providers.clear();
  }

  dispose(): void {
    this.drop();
  }

  private provider(llm: LlmSettings, kind: ApiKeyParams['provider']): LlmProvider {
    const key = JSON.stringify(llm);
    let provider = this.providers.get(key);
    if (!provider) {
      const storage = this.host.storage();
      const root = this.host.root();
      provider = new LlmProvider(llm, {
        apiKey: async () => (await this.host.connection.sendRequest(ApiKeyRequest, { provider: kind }))?.key ?? undefined,
        cacheDir: storage.answers,
        ledgerFile: storage.usageLedger,
        log: this.host.log,
        run: 'editor',
        stats: this.host.stats,
        ...(root ? { root } : {}),
      });
      this.providers.set(key, provider);
    }
    return provider;
  }

  private hooks(llm: LlmSettings, provider: LlmProvider): LlmHooks {
    const { connection } = this.host;
    return {
      model: llm.model,
      estimate: (requests) => provider.estimate(requests),
      confirmAboveTokens: llm.confirmAboveTokens,
      confirm: async (message) => (await connection.window.showInformationMessage(message, { title: 'Send' }, { title: 'Cancel' }))?.title === 'Send',
      beginRun: () => provider.beginRun(`editor-${new Date().toISOString()}`),
      finishRun: () => {
        const today = provider.spentToday();
        const stats = provider.stats;
        const usage: UsageParams = {
          todayTokens: today.tokens, todayUsd: today.usd, runTokens: stats.promptTokens + stats.completionTokens,
          runUsd: stats.usd, cacheHits: stats.cacheHits, model: llm.model,
        };
        void connection.sendNotification(UsageNotification, usage);
        if (stats.messages.length) void connection.window.showWarningMessage(`Docwright: ${stats.messages.join('; ')}`);
      },
    };
  }
}
