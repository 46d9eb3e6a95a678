/**
 * A loopback model server that plays raw, possibly broken, HTTP answers, one
 * per request, in order: for provider-fault tests (garbage SSE lines, a
 * connection reset in the middle of a message, a stream that goes silent
 * halfway). Routes any POST; `responsesSse` renders a valid Responses API
 * stream to build replies from.
 *
 *   const model = await startFaultyModel([{ body: [GARBAGE_EVENT, ...responsesSse('Hi')] }]);
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLoopback, safeJson } from './http-helpers';

export interface RawReply {
  /** HTTP status (default 200). */
  status?: number;
  /** Response headers (default: `content-type: text/event-stream`). */
  headers?: Record<string, string>;
  /** Pieces written in order, each a separate write. */
  body?: string[];
  /** Wait this long between pieces. */
  pieceDelayMs?: number;
  /** After the body: end normally (default), destroy the socket, or keep it open and silent. */
  after?: 'end' | 'reset' | 'hang';
}

export interface RawRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
  receivedAtMs: number;
}

export interface FaultyModel {
  baseUrl: string;
  requests: RawRequest[];
  enqueue(...replies: RawReply[]): void;
  close(): Promise<void>;
}

/** An SSE event whose data is not JSON. */
export const GARBAGE_EVENT = 'data: {"type": this is not json\n\n';

export async function startFaultyModel(script: RawReply[] = []): Promise<FaultyModel> {
  const queue = [...script];
  const requests: RawRequest[] = [];
  const open = new Set<ServerResponse>();
  const server = createServer(async (request, response) => {
    const text = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    requests.push({ path: request.url ?? '', headers: request.headers, body: safeJson(text), receivedAtMs: Date.now() });
    const reply = queue.shift() ?? { status: 500, headers: { 'content-type': 'application/json' }, body: ['{"error":{"message":"faulty model: script exhausted"}}'] };
    open.add(response);
    response.on('close', () => open.delete(response));
    response.writeHead(reply.status ?? 200, reply.headers ?? { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const piece of reply.body ?? []) {
      if (response.destroyed) return;
      response.write(piece);
      if (reply.pieceDelayMs) await new Promise((resolve) => setTimeout(resolve, reply.pieceDelayMs));
    }
    if (reply.after === 'reset') {
      // Let what was written reach the client first: a reset mid-stream, not before the headers.
      await new Promise<void>((resolve) => response.write('', () => resolve()));
      response.socket?.destroy();
    }
    else if (reply.after !== 'hang') response.end();
  });
  const baseUrl = await listenLoopback(server);
  return {
    baseUrl,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    async close() {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ResponsesSseOptions {
  /** Number of deltas (default 1). */
  chunks?: number;
  /** Stop after this many deltas: no item end, no `response.completed`. */
  cutAfterDeltas?: number;
  id?: string;
}

/** A Responses API stream of one text message, as SSE pieces (one per event). */
export function responsesSse(text: string, options: ResponsesSseOptions = {}): string[] {
  const id = options.id ?? 'msg_fault_1';
  const count = Math.max(1, Math.min(options.chunks ?? 1, text.length || 1));
  const size = Math.ceil(text.length / count);
  const deltas: string[] = [];
  for (let index = 0; index < text.length; index += size) deltas.push(text.slice(index, index + size));
  const response = { id: 'resp_fault', object: 'response', created_at: 0, model: 'mock', output: [] as unknown[] };
  const pieces = [
    sse('response.created', { response: { ...response, status: 'in_progress' } }),
    sse('response.output_item.added', { output_index: 0, item: { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } }),
  ];
  for (const [index, delta] of deltas.entries()) {
    if (options.cutAfterDeltas !== undefined && index >= options.cutAfterDeltas) return pieces;
    pieces.push(sse('response.output_text.delta', { item_id: id, output_index: 0, content_index: 0, delta }));
  }
  if (options.cutAfterDeltas !== undefined) return pieces;
  const item = { id, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] };
  pieces.push(
    sse('response.output_item.done', { output_index: 0, item }),
    sse('response.completed', {
      response: {
        ...response,
        status: 'completed',
        output: [item],
        usage: { input_tokens: 3, input_tokens_details: { cached_tokens: 0 }, output_tokens: 2, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 5 },
      },
    }),
  );
  return pieces;
}

function sse(type: string, payload: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...payload })}\n\n`;
}

