import type { Connection } from 'vscode-languageserver';
import { summarize, usageMarkdown } from '../../core/llm/budget';
import { AnswerCache, LedgerFile } from '../../workspace/llm/store';
import {
  ClearCacheRequest, CredentialsChangedNotification, UsageReportRequest, WorkspaceTrustNotification, noParamsSchema, workspaceTrustParamsSchema,
} from '../../shared/protocol';
import { onCheckedNotification, onCheckedRequest } from '../requests';
import type { Session } from '../session';

/**
 * The LLM's side requests: the token usage report, clearing the answer cache, and the client
 * saying that the key or the workspace trust changed (the providers are then made afresh).
 */

export function register(connection: Connection, session: Session): void {
  const log = (message: string) => session.log(message);

  onCheckedRequest(connection, UsageReportRequest, noParamsSchema, () => ({
    markdown: usageMarkdown(summarize(new LedgerFile(session.storage.usageLedger).read())),
  }));

  onCheckedRequest(connection, ClearCacheRequest, noParamsSchema, () => ({
    removed: new AnswerCache(session.storage.answers, Number.MAX_SAFE_INTEGER).clear(),
  }));

  onCheckedNotification(connection, CredentialsChangedNotification, noParamsSchema, () => session.llm.drop(), log);
  onCheckedNotification(connection, WorkspaceTrustNotification, workspaceTrustParamsSchema, (params) => session.llm.setTrusted(params.trusted), log);
}
