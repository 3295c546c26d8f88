import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getEncoding, type Tiktoken } from 'js-tiktoken';

/**
 * An OpenAI-compatible chat-completions server on 127.0.0.1 for tests and benchmarks. It
 * counts `usage` with its own tokenizer (js-tiktoken, not the gpt-tokenizer the client uses)
 * and plays scripted behaviours: answers, 429 with Retry-After, 5xx, hangs, slow streams,
 * malformed or fenced or prose-wrapped JSON, injection attempts, invented parameters,
 * enormous and empty output; and lying endpoints: a reported `usage` of its choosing, a good
 * answer dripped a byte at a time, a 200 whose body is not a chat completion.
 */

export type Behaviour =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  | { kind: 'hang' }
  | { kind: 'malformed' }
  | { kind: 'fenced' }
  | { kind: 'prose' }
  | { kind: 'inject' }
  | { kind: 'invent' }
  | { kind: 'enormous' }
  | { kind: 'empty' }
  /** A good answer whose `usage` is replaced by this (any JSON, e.g. negative or absurd counts). */
  | { kind: 'usage'; usage: unknown }
  /** Headers at once, then the good answer's body one byte every `intervalMs`. */
  | { kind: 'drip'; intervalMs: number }
  /** 200 with this body as it is (an HTML page, JSON without choices…). */
  | { kind: 'body'; body: string; contentType?: string };

export interface ReceivedRequest {
  at: number;
  path: string;
  model: string;
  /** Prompt tokens by the mock's own count. */
  promptTokens: number;
  maxTokens: number | undefined;
  /** Tokens of the answer's content by the mock's own count (what an honest `usage` reports). */
  completionTokens?: number;
  hadAuthorization: boolean;
  behaviour: Behaviour['kind'];
  /** The client closed the connection before an answer. */
  aborted: boolean;
  body: { messages: { role: string; content: string }[]; stream?: boolean; response_format?: unknown };
}

const encodings = new Map<string, Tiktoken>();
function encodingFor(model: string): Tiktoken {
  const name = /^(gpt-4(?!o|\.1)|gpt-3\.5)/.test(model) ? 'cl100k_base' : 'o200k_base';
  let e = encodings.get(name);
  if (!e) { e = getEncoding(name); encodings.set(name, e); }
  return e;
}

/** OpenAI's chat framing: 3 tokens per message, role and content, 3 to prime the reply. */
export function countPrompt(model: string, messages: { role: string; content: string }[]): number {
  const e = encodingFor(model);
  return messages.reduce((n, m) => n + 3 + e.encode(m.role).length + e.encode(m.content).length, 3);
}

export class MockLlm {
  readonly requests: ReceivedRequest[] = [];
  /** Delay before each answer, ms (benchmarks use a fixed latency). */
  latencyMs = 0;
  /** Delay between streamed chunks, ms. */
  streamDelayMs = 0;
  private readonly queue: Behaviour[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {
    server.on('connection', (socket) => { this.sockets.add(socket); socket.on('close', () => this.sockets.delete(socket)); });
  }

  static async start(): Promise<MockLlm> {
    let mock!: MockLlm;
    const server = createServer((req, res) => { void mock.handle(req, res); });
    mock = new MockLlm(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return mock;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Behaviours for the next requests, in order; after them every request is answered normally. */
  script(...behaviours: Behaviour[]): void {
    this.queue.push(...behaviours);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !/\/chat\/completions$/.test(new URL(req.url ?? '/', 'http://x').pathname)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedRequest['body'] & { model: string; max_tokens?: number; max_completion_tokens?: number };
    const behaviour = this.queue.shift() ?? { kind: 'ok' };
    const record: ReceivedRequest = {
      at: Date.now(), path: req.url ?? '', model: body.model, promptTokens: countPrompt(body.model, body.messages),
      maxTokens: body.max_completion_tokens ?? body.max_tokens, hadAuthorization: !!(req.headers.authorization || req.headers['api-key']),
      behaviour: behaviour.kind, aborted: false, body,
    };
    this.requests.push(record);
    res.on('close', () => { if (!res.writableFinished) record.aborted = true; });
    if (behaviour.kind === 'hang') return; // never answers; the client must time out or cancel
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (behaviour.kind === 'body') {
      res.writeHead(200, { 'content-type': behaviour.contentType ?? 'application/json' }).end(behaviour.body);
      return;
    }
    if (behaviour.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (behaviour.retryAfterSeconds !== undefined) headers['retry-after'] = String(behaviour.retryAfterSeconds);
      res.writeHead(behaviour.status, headers).end(JSON.stringify({ error: { message: `scripted ${behaviour.status}`, type: 'server_error' } }));
      return;
    }
    const content = answerFor(behaviour.kind, body.messages);
    const completionTokens = encodingFor(body.model).encode(content).length;
    record.completionTokens = completionTokens;
    const usage = behaviour.kind === 'usage'
      ? behaviour.usage
      : { prompt_tokens: record.promptTokens, completion_tokens: completionTokens, total_tokens: record.promptTokens + completionTokens };
    if (body.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const pieces = content.match(/[\s\S]{1,40}/g) ?? [''];
      for (const piece of pieces) {
        res.write(`data: ${JSON.stringify({ id: 'mock', object: 'chat.completion.chunk', created: 0, model: body.model, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
        if (this.streamDelayMs) await new Promise((r) => setTimeout(r, this.streamDelayMs));
      }
      res.write(`data: ${JSON.stringify({ id: 'mock', object: 'chat.completion.chunk', created: 0, model: body.model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage })}\n\n`);
      res.end('data: [DONE]\n\n');
      return;
    }
    const answer = JSON.stringify({
      id: 'mock', object: 'chat.completion', created: 0, model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage,
    });
    if (behaviour.kind === 'drip') {
      res.writeHead(200, { 'content-type': 'application/json' });
      await drip(res, answer, behaviour.intervalMs);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
  }
}

/** Writes `text` a byte at a time until it is all sent or the client goes away. */
async function drip(res: ServerResponse, text: string, intervalMs: number): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    if (res.destroyed) return;
    res.write(bytes.subarray(i, i + 1));
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  res.end();
}

/** The prompt lists the parameters and exceptions; a good answer describes exactly those. */
function answerFor(kind: Behaviour['kind'], messages: { role: string; content: string }[]): string {
  const user = messages.find((m) => m.role === 'user')?.content ?? '';
  const list = (label: string) => (new RegExp(`^${label}: (.*)$`, 'm').exec(user)?.[1] ?? '').split(',').map((s) => s.trim()).filter((s) => s && s !== '(none)');
  const params = list('Parameters').map((name) => ({ name: name.replace(/^\*+/, ''), description: `The ${name.replace(/^\*+/, '')} to use.` }));
  const raises = list('Raises').map((type) => ({ type, description: `If the input is not acceptable.` }));
  const good = {
    summary: 'Compute the result from the inputs.',
    description: 'Written by the mock model.',
    params,
    returns: 'The computed result.',
    yields: 'Each produced item.',
    raises,
  };
  switch (kind) {
    case 'malformed': return '{"summary": "Compute the result", "params": [';
    case 'fenced': return `\`\`\`json\n${JSON.stringify(good)}\n\`\`\``;
    case 'prose': return `Sure! Here is the docstring you asked for:\n${JSON.stringify(good)}\nLet me know if you need anything else.`;
    case 'inject': return JSON.stringify({
      ...good,
      summary: 'Done."""\nimport os; os.system("echo pwned")\n"""',
      description: "Ends the string ''' and \"\"\" then \\ a backslash.\nArgs:\n    evil: injected section\n:param evil: injected field",
      params: [...params.map((p) => ({ ...p, description: `${p.description} """; raise SystemExit` }))],
    });
    case 'invent': return JSON.stringify({ ...good, params: [...params, { name: 'ghost', description: 'Not a real parameter.' }] });
    case 'enormous': return JSON.stringify({ ...good, description: 'word '.repeat(40_000) });
    case 'empty': return '';
    default: return JSON.stringify(good);
  }
}
