/**
 * A loopback Responses-API model for benchmarks. Unlike the test mock, it
 * records the `performance.now()` instant at which each text delta was
 * written to the socket, so that latency can be measured against the client's
 * read time on the same clock (both live in the bench process).
 *
 * Replies are queued with `enqueue`; when the queue is empty it answers with
 * a short default message, so that "run N turns" needs no scripting. It also
 * answers the side endpoints the official server may call (`GET /models`),
 * and only ever listens on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface TimedReply {
  /** Number of `response.output_text.delta` events. */
  deltas: number;
  /** Pause between deltas; 0 means write them all as fast as possible. */
  intervalMs: number;
  /** Filled while streaming: `writtenAt[i]` = when delta `i` was written. */
  readonly writtenAt: number[];
  /** Resolves once the reply has been fully written (or the client left). */
  readonly done: Promise<void>;
}

export interface TimingModel {
  baseUrl: string;
  port: number;
  /** Count of POST /responses requests received. */
  readonly responsesServed: number;
  /** Every request path seen (for diagnostics). */
  readonly paths: string[];
  enqueue(deltas: number, intervalMs?: number): TimedReply;
  /** Drops queued replies (a run that failed before its model call must not leave them to the next server). */
  reset(): void;
  close(): Promise<void>;
}

/** Text of delta `index`: unique, so the client can match writes to reads. */
export function deltaText(index: number): string {
  return `d${index} `;
}

const DEFAULT_DELTAS = 5;
const BURST_BATCH = 64;

export async function startTimingModel(): Promise<TimingModel> {
  const queue: Array<TimedReply & { resolve(): void }> = [];
  const paths: string[] = [];
  const open = new Set<ServerResponse>();
  let served = 0;

  const server = createServer((request, response) => {
    paths.push(`${request.method} ${request.url}`);
    void readBody(request).then(() => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      if (request.method === 'POST' && path.endsWith('/responses')) {
        served += 1;
        const reply = queue.shift() ?? makeReply(DEFAULT_DELTAS, 0).reply;
        open.add(response);
        response.on('close', () => open.delete(response));
        playReply(reply, response, `resp_${served}`).then(reply.resolve, reply.resolve);
        return;
      }
      if (request.method === 'GET' && path.endsWith('/models')) {
        // Both shapes: OpenAI's `data` list and Codex's `models` list.
        sendJson(response, 200, { object: 'list', data: [], models: [] });
        return;
      }
      sendJson(response, 404, { error: { message: `timing model: no route ${request.method} ${request.url}` } });
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    get responsesServed() {
      return served;
    },
    paths,
    enqueue(deltas, intervalMs = 0) {
      const { reply } = makeReply(deltas, intervalMs);
      queue.push(reply);
      return reply;
    },
    reset() {
      for (const reply of queue.splice(0)) reply.resolve();
    },
    async close() {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function makeReply(deltas: number, intervalMs: number) {
  let resolve!: () => void;
  const done = new Promise<void>((settle) => (resolve = settle));
  const reply = { deltas, intervalMs, writtenAt: [] as number[], done, resolve };
  return { reply };
}

async function playReply(reply: TimedReply, response: ServerResponse, responseId: string): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  let sequence = 0;
  const event = (type: string, payload: Record<string, unknown>) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...payload })}\n\n`;
  const itemId = `msg_${responseId}`;
  const base = { id: responseId, object: 'response', created_at: Math.floor(Date.now() / 1000), model: 'mock-model', output: [] };
  response.write(
    event('response.created', { response: { ...base, status: 'in_progress' } }) +
      event('response.in_progress', { response: { ...base, status: 'in_progress' } }) +
      event('response.output_item.added', {
        output_index: 0,
        item: { id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
      }) +
      event('response.content_part.added', {
        item_id: itemId,
        output_index: 0,
        content_index: 0,
        part: { type: 'output_text', text: '', annotations: [] },
      }),
  );
  const delta = (index: number) =>
    event('response.output_text.delta', { item_id: itemId, output_index: 0, content_index: 0, delta: deltaText(index), logprobs: [] });

  if (reply.intervalMs > 0) {
    for (let index = 0; index < reply.deltas; index++) {
      await sleep(reply.intervalMs);
      if (response.destroyed) return;
      response.write(delta(index));
      reply.writtenAt.push(performance.now());
    }
  } else {
    // As fast as possible: a few events per write() keeps the model side
    // cheap, so that the server under test is the bottleneck.
    for (let index = 0; index < reply.deltas; index += BURST_BATCH) {
      if (response.destroyed) return;
      let chunk = '';
      const end = Math.min(reply.deltas, index + BURST_BATCH);
      for (let i = index; i < end; i++) chunk += delta(i);
      const ok = response.write(chunk);
      const now = performance.now();
      for (let i = index; i < end; i++) reply.writtenAt.push(now);
      if (!ok) await new Promise<void>((resolve) => response.once('drain', () => resolve()));
    }
  }
  let text = '';
  for (let index = 0; index < reply.deltas; index++) text += deltaText(index);
  const part = { type: 'output_text', text, annotations: [] };
  const item = { id: itemId, type: 'message', status: 'completed', role: 'assistant', content: [part] };
  response.end(
    event('response.output_text.done', { item_id: itemId, output_index: 0, content_index: 0, text, logprobs: [] }) +
      event('response.content_part.done', { item_id: itemId, output_index: 0, content_index: 0, part }) +
      event('response.output_item.done', { output_index: 0, item }) +
      event('response.completed', {
        response: {
          ...base,
          status: 'completed',
          output: [item],
          usage: {
            input_tokens: 100,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: reply.deltas,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: 100 + reply.deltas,
          },
        },
      }),
  );
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    request.on('data', () => {});
    request.on('end', () => resolve());
    request.on('error', () => resolve());
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
