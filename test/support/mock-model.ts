/**
 * A loopback HTTP server that speaks the OpenAI Responses API streaming
 * format (Server-Sent Events) and plays scripted replies, one per request,
 * in order. Every test that needs a model uses it; nothing calls the internet.
 *
 *   const model = await startMockModel([{ output: [textMessage('Hello', { chunks: 5 })] }]);
 *   // point the server at model.baseUrl; model.requests holds what it received
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLoopback, readBody, safeJson, sleep } from './http-helpers';

/** One item the model "outputs" during a reply. */
export type ScriptedOutput =
  | { kind: 'message'; id?: string; chunks: string[]; delayMs?: number }
  | { kind: 'reasoning'; id?: string; summary: string[] }
  | { kind: 'functionCall'; id?: string; callId: string; name: string; arguments: string }
  | { kind: 'customToolCall'; id?: string; callId: string; name: string; input: string };

export interface ScriptedReply {
  /** Items streamed in order; ignored when `status` is an error status. */
  output?: ScriptedOutput[];
  /** Answer with this HTTP status and `errorBody` instead of a stream. */
  status?: number;
  errorBody?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before the first byte. */
  initialDelayMs?: number;
  /** Keep the stream open without ever completing (for interrupt tests). */
  hang?: boolean;
  /** Close the socket mid-stream after the output items (connection reset). */
  dropAfterOutput?: boolean;
  usage?: { input_tokens: number; output_tokens: number; cached_tokens?: number; reasoning_tokens?: number };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
  receivedAtMs: number;
}

export interface MockModel {
  /** Base URL to give the server, e.g. `http://127.0.0.1:PORT/v1`. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Append more replies to the script. */
  enqueue(...replies: ScriptedReply[]): void;
  /** Forgets unplayed replies and recorded requests (between tests sharing one model). */
  reset(): void;
  /** Resolves when `count` requests have been received (bounded by `timeoutMs`). */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A text message split into `chunks` deltas of roughly equal size. */
export function textMessage(text: string, options: { chunks?: number; delayMs?: number; id?: string } = {}): ScriptedOutput {
  const count = Math.max(1, Math.min(options.chunks ?? 1, text.length || 1));
  const characters = Array.from(text);
  const size = Math.ceil(characters.length / count);
  const chunks: string[] = [];
  for (let index = 0; index < characters.length; index += size) chunks.push(characters.slice(index, index + size).join(''));
  return { kind: 'message', id: options.id, chunks: chunks.length ? chunks : [''], delayMs: options.delayMs };
}

/** A message made of exactly the given deltas. */
export function deltasMessage(chunks: string[], options: { delayMs?: number; id?: string } = {}): ScriptedOutput {
  return { kind: 'message', id: options.id, chunks, delayMs: options.delayMs };
}

export async function startMockModel(script: ScriptedReply[] = []): Promise<MockModel> {
  const queue = [...script];
  const requests: RecordedRequest[] = [];
  const waiters: Array<() => void> = [];
  const openResponses = new Set<ServerResponse>();
  let responseCounter = 0;

  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    requests.push({
      method: request.method ?? '',
      path: request.url ?? '',
      headers: request.headers,
      body: safeJson(body),
      receivedAtMs: Date.now(),
    });
    for (const wake of waiters.splice(0)) wake();

    if (request.method !== 'POST' || !/\/responses$/.test(new URL(request.url ?? '/', 'http://x').pathname)) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `mock model: no route ${request.method} ${request.url}` } }));
      return;
    }
    const reply = queue.shift();
    if (!reply) {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'mock model: script exhausted', type: 'server_error' } }));
      return;
    }
    responseCounter += 1;
    openResponses.add(response);
    response.on('close', () => openResponses.delete(response));
    try {
      await playReply(reply, response, `resp_${responseCounter}`, safeJson(body)?.model ?? 'mock-model');
    } catch {
      // The client went away (interrupt); nothing to do.
    }
  });
  server.keepAliveTimeout = 1000;
  const baseUrl = await listenLoopback(server);

  return {
    baseUrl,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    async waitForRequests(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`mock model: expected ${count} requests, got ${requests.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 50));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    async close() {
      for (const response of openResponses) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function playReply(reply: ScriptedReply, response: ServerResponse, responseId: string, model: string) {
  if (reply.initialDelayMs) await sleep(reply.initialDelayMs);
  if (reply.status && reply.status >= 400) {
    response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    response.end(JSON.stringify(reply.errorBody ?? { error: { message: `mock error ${reply.status}`, type: 'error' } }));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers });
  let sequence = 0;
  const send = (type: string, payload: Record<string, unknown>) => {
    response.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...payload })}\n\n`);
  };
  const created = Math.floor(Date.now() / 1000);
  const base = { id: responseId, object: 'response', created_at: created, model, output: [] as unknown[] };
  send('response.created', { response: { ...base, status: 'in_progress' } });
  send('response.in_progress', { response: { ...base, status: 'in_progress' } });

  const finished: unknown[] = [];
  const outputs = reply.output ?? [];
  for (let outputIndex = 0; outputIndex < outputs.length; outputIndex++) {
    const output = outputs[outputIndex];
    if (response.destroyed) return;
    finished.push(await playOutput(output, outputIndex, responseId, send));
  }
  if (reply.dropAfterOutput) {
    response.socket?.destroy();
    return;
  }
  if (reply.hang) {
    await new Promise<void>((resolve) => response.on('close', () => resolve()));
    return;
  }
  const usage = reply.usage ?? { input_tokens: 10, output_tokens: 5 };
  send('response.completed', {
    response: {
      ...base,
      status: 'completed',
      output: finished,
      usage: {
        input_tokens: usage.input_tokens,
        input_tokens_details: { cached_tokens: usage.cached_tokens ?? 0 },
        output_tokens: usage.output_tokens,
        output_tokens_details: { reasoning_tokens: usage.reasoning_tokens ?? 0 },
        total_tokens: usage.input_tokens + usage.output_tokens,
      },
    },
  });
  response.end();
}

async function playOutput(
  output: ScriptedOutput,
  outputIndex: number,
  responseId: string,
  send: (type: string, payload: Record<string, unknown>) => void,
): Promise<unknown> {
  const output_index = outputIndex;
  switch (output.kind) {
    case 'message': {
      const id = output.id ?? `msg_${responseId}_${outputIndex + 1}`;
      send('response.output_item.added', {
        output_index,
        item: { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
      });
      send('response.content_part.added', {
        item_id: id,
        output_index,
        content_index: 0,
        part: { type: 'output_text', text: '', annotations: [] },
      });
      for (const delta of output.chunks) {
        if (output.delayMs) await sleep(output.delayMs);
        send('response.output_text.delta', { item_id: id, output_index, content_index: 0, delta, logprobs: [] });
      }
      const text = output.chunks.join('');
      const part = { type: 'output_text', text, annotations: [] };
      send('response.output_text.done', { item_id: id, output_index, content_index: 0, text, logprobs: [] });
      send('response.content_part.done', { item_id: id, output_index, content_index: 0, part });
      const item = { id, type: 'message', status: 'completed', role: 'assistant', content: [part] };
      send('response.output_item.done', { output_index, item });
      return item;
    }
    case 'reasoning': {
      const id = output.id ?? `rs_${responseId}_${outputIndex + 1}`;
      send('response.output_item.added', { output_index, item: { id, type: 'reasoning', summary: [] } });
      output.summary.forEach((text, summary_index) => {
        send('response.reasoning_summary_part.added', {
          item_id: id,
          output_index,
          summary_index,
          part: { type: 'summary_text', text: '' },
        });
        send('response.reasoning_summary_text.delta', { item_id: id, output_index, summary_index, delta: text });
        send('response.reasoning_summary_text.done', { item_id: id, output_index, summary_index, text });
        send('response.reasoning_summary_part.done', {
          item_id: id,
          output_index,
          summary_index,
          part: { type: 'summary_text', text },
        });
      });
      const item = { id, type: 'reasoning', summary: output.summary.map((text) => ({ type: 'summary_text', text })) };
      send('response.output_item.done', { output_index, item });
      return item;
    }
    case 'functionCall': {
      const id = output.id ?? `fc_${responseId}_${outputIndex + 1}`;
      const base = { id, type: 'function_call', call_id: output.callId, name: output.name };
      send('response.output_item.added', { output_index, item: { ...base, arguments: '', status: 'in_progress' } });
      send('response.function_call_arguments.delta', { item_id: id, output_index, delta: output.arguments });
      send('response.function_call_arguments.done', { item_id: id, output_index, arguments: output.arguments });
      const item = { ...base, arguments: output.arguments, status: 'completed' };
      send('response.output_item.done', { output_index, item });
      return item;
    }
    case 'customToolCall': {
      const id = output.id ?? `ctc_${responseId}_${outputIndex + 1}`;
      const base = { id, type: 'custom_tool_call', call_id: output.callId, name: output.name };
      send('response.output_item.added', { output_index, item: { ...base, input: '' } });
      send('response.custom_tool_call_input.delta', { item_id: id, output_index, delta: output.input });
      send('response.custom_tool_call_input.done', { item_id: id, output_index, input: output.input });
      const item = { ...base, input: output.input };
      send('response.output_item.done', { output_index, item });
      return item;
    }
  }
}



