import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { poll } from '../poll';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { ApiKeyRequest, SkippedFileNotification, UsageNotification, type SkippedFileParams, type UsageParams } from '../../server/src/shared/protocol';

/** Drives the built language server over stdio, the way an editor does. */

export const REPO = path.resolve(__dirname, '../../..');

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  message: string;
  codeDescription?: { href: string };
}

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export class LspTestClient {
  readonly published = new Map<string, PublishedDiagnostics>();
  readonly skipped: SkippedFileParams[] = [];
  readonly stderr: string[] = [];
  settings: Record<string, unknown> = {};
  configurationRequests = 0;
  apiKey: string | null = null;
  readonly messageRequests: string[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  readonly usage: UsageParams[] = [];
  /** The server's window/logMessage lines. */
  readonly logs: string[] = [];
  answerMessageRequest: (params: { message: string; actions?: { title: string }[] }) => { title: string } | null = () => null;
  private versions = new Map<string, number>();

  private constructor(readonly process: ChildProcess, readonly connection: MessageConnection) {}

  static async start(
    command: string[] = [path.join(REPO, 'dist/server.js'), '--stdio'], pullsConfiguration = true, extraCapabilities: Record<string, unknown> = {},
    initializationOptions?: Record<string, unknown>, workspaceFolders: string[] = [],
  ): Promise<LspTestClient> {
    const child = spawn(process.execPath, command, { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(child, connection);
    child.stderr!.on('data', (chunk: Buffer) => client.stderr.push(chunk.toString()));
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => {
      client.configurationRequests++;
      return params.items.map(() => client.settings);
    });
    connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      client.registrations.push(...params.registrations);
      return null;
    });
    connection.onRequest('window/showMessageRequest', (params: { message: string; actions?: { title: string }[] }) => {
      client.messageRequests.push(params.message);
      return client.answerMessageRequest(params);
    });
    connection.onRequest(ApiKeyRequest, () => ({ key: client.apiKey }));
    connection.onNotification(UsageNotification, (params) => { client.usage.push(params); });
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
      client.published.set(params.uri, params);
    });
    connection.onNotification(SkippedFileNotification, (params) => { client.skipped.push(params); });
    connection.onNotification('window/showMessage', () => undefined);
    connection.onNotification('window/logMessage', (params: { message: string }) => { client.logs.push(params.message); });
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: workspaceFolders[0] ?? null,
      ...(workspaceFolders.length ? { workspaceFolders: workspaceFolders.map((uri, i) => ({ uri, name: `folder${i}` })) } : {}),
      ...(initializationOptions ? { initializationOptions } : {}),
      capabilities: {
        ...(pullsConfiguration ? { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } } : {}),
        ...extraCapabilities,
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  static uri(name: string): string {
    return pathToFileURL(path.join(REPO, 'test/fixtures/virtual', name)).toString();
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    this.published.delete(uri);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
  }

  /** An incremental change: replace [start, end) (line/character) with `text`. Returns the new version. */
  async edit(uri: string, start: [number, number], end: [number, number], text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: start[0], character: start[1] }, end: { line: end[0], character: end[1] } }, text }],
    });
    return version;
  }

  /**
   * Closes and waits for the server's clearing publish. Messages arrive in order, so after it no
   * publish for the closed document can come: one still in flight would otherwise be taken for
   * the next open of the same uri (same version 1).
   */
  async close(uri: string): Promise<void> {
    this.published.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await this.diagnostics(uri, (p) => p.version === undefined && p.diagnostics.length === 0);
  }

  /** Polls until diagnostics for `uri` satisfy `accept` (by default: any for the latest version). */
  async diagnostics(uri: string, accept: (p: PublishedDiagnostics) => boolean = (p) => p.version === this.versions.get(uri), timeoutMs = 10000): Promise<PublishedDiagnostics> {
    try {
      return await poll(`diagnostics for ${uri}`, () => {
        const current = this.published.get(uri);
        return current && accept(current) ? current : undefined;
      }, timeoutMs);
    } catch (error) {
      throw new Error(`${(error as Error).message}; last: ${JSON.stringify(this.published.get(uri))}; stderr: ${this.stderr.join('')}`);
    }
  }

  until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10000): Promise<T> {
    return poll(what, probe, timeoutMs);
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    this.process.kill();
  }
}

export interface TextEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/** Applies LSP text edits (non-overlapping, any order) to a text, as an editor would ('\r\n', '\r', '\n' end lines). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (const found of text.matchAll(/\r\n|\r|\n/g)) starts.push(found.index + found[0].length);
  const offset = (p: { line: number; character: number }) => starts[p.line]! + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

export function codes(p: PublishedDiagnostics): string[] {
  return p.diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`);
}
