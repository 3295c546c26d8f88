import {
  CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError,
  type Connection, type NotificationType, type NotificationType0, type RequestType, type RequestType0,
} from 'vscode-languageserver';
import { z } from 'zod';

/**
 * What every request handler shares: parameters checked against their schema (a client's bad
 * parameters get InvalidParams naming the field, never an internal TypeError), and the
 * client's cancellation turned into an AbortSignal and, at the end, into RequestCancelled.
 */

/** The problems of a failed parse, each as `field: message` (the field as a dotted path). */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(params)'}: ${issue.message}`)
    .join('; ');
}

/** The parameters as the schema reads them, or an InvalidParams error naming the bad field. */
export function validated<S extends z.core.$ZodType>(schema: S, params: unknown, method: string): z.infer<S> {
  const result = z.safeParse(schema, params);
  if (result.success) return result.data;
  throw new ResponseError(ErrorCodes.InvalidParams, `${method}: invalid parameters: ${describeIssues(result.error)}`);
}

/**
 * Registers a handler for one of our requests (shared/protocol.ts) whose parameters are read
 * through `schema` first: the handler gets them typed, and a client's bad ones get InvalidParams.
 * The handler is registered by the type's method alone, so that the connection hands over
 * whatever came (none, an object, a value) for the schema to judge.
 */
export function onCheckedRequest<P, R>(
  connection: Connection, type: RequestType<P, R, void> | RequestType0<R, void>, schema: z.core.$ZodType<P>,
  handle: (params: P, token: CancellationToken) => R | Promise<R>,
): void {
  connection.onRequest<unknown, void>(type.method, (...args: unknown[]) => {
    // The connection passes the request's cancellation token last, after whatever was sent.
    const last = args[args.length - 1];
    const token = CancellationToken.is(last) ? last : CancellationToken.None;
    const params = token === last ? args.slice(0, -1) : args;
    return handle(validated(schema, sent(params), type.method), token);
  });
}

/** A notification has no answer to carry an error: bad parameters are named in the log and the notification ignored. */
export function onCheckedNotification<P>(
  connection: Connection, type: NotificationType<P> | NotificationType0, schema: z.core.$ZodType<P>,
  handle: (params: P) => void, log: (message: string) => void,
): void {
  connection.onNotification(type.method, (...args: unknown[]) => {
    const result = z.safeParse(schema, sent(args));
    if (result.success) handle(result.data);
    else log(`${type.method} ignored: invalid parameters: ${describeIssues(result.error)}`);
  });
}

/** The parameters as sent: none, the one value (by name or in a one-element array), or the positional list. */
function sent(params: unknown[]): unknown {
  return params.length === 0 ? undefined : params.length === 1 ? params[0] : params;
}

/** An InvalidParams error for a value that parses but cannot be served (a root outside the folders). */
export function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

/** An AbortSignal that aborts when the client cancels the request. */
export function signalOf(token: CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

/** The answer of a cancelled request, as LSP asks: RequestCancelled (-32800). */
export function throwIfCancelled(token: CancellationToken, method: string): void {
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, `${method}: cancelled by the client`);
}

const position = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });
const range = z.object({ start: position, end: position });
const textDocument = z.object({ uri: z.string() });

/** The parts of the standard requests the server reads; other fields pass through untouched. */
export const hoverParams = z.object({ textDocument, position });

/** A diagnostic as the client sent it: the fields we read are checked, the rest is handed back as it came. */
const diagnostic = z.looseObject({
  range,
  message: z.union([z.string(), z.object({ kind: z.enum(['plaintext', 'markdown']), value: z.string() })]),
  code: z.union([z.string(), z.number()]).optional(),
  source: z.string().optional(),
});
export const codeActionParams = z.object({
  textDocument,
  range,
  context: z.object({ diagnostics: z.array(diagnostic), only: z.array(z.string()).optional() }),
});
export type CodeActionRequest = z.infer<typeof codeActionParams>;

/** Whether a code action of `kind` is among those asked for (`only` names kinds and their sub-kinds). */
export function wantsKind(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export const executeCommandParams = z.object({ command: z.string(), arguments: z.array(z.unknown()).optional() });
