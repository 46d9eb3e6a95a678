/**
 * A loopback HTTP server that speaks the Chat Completions streaming format
 * (`POST …/chat/completions`, `chat.completion.chunk` events, `data: [DONE]`),
 * as Ollama, vLLM and other OpenAI-compatible servers do, and plays scripted
 * replies, one per request, in order. Nothing calls the internet.
 *
 *   const model = await startMockChatModel([{ toolCalls: [{ id: 'call_1', name: 'exec_command', arguments: '{"cmd":"ls"}' }] }, { text: ['Done.'] }]);
 *   // point the server at model.baseUrl with wire API "chat"; model.requests holds what it received
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLoopback, readBody, safeJson, sleep } from './http-helpers';

export interface ChatScriptedToolCall {
  id: string;
  name: string;
  arguments: string;
  /** Split the arguments into this many fragments (default 3). */
  argumentChunks?: number;
}

export interface ChatScriptedReply {
  /** Reasoning deltas, sent first under `reasoningField` (default `reasoning_content`, as vLLM). */
  reasoning?: string[];
  reasoningField?: 'reasoning_content' | 'reasoning';
  /** Content deltas. */
  text?: string[];
  toolCalls?: ChatScriptedToolCall[];
  /** Answer with this HTTP status and `errorBody` instead of a stream. */
  status?: number;
  errorBody?: unknown;
  headers?: Record<string, string>;
  /** An event whose data is not JSON, before everything else. */
  garbageFirst?: boolean;
  /** After the output: keep the stream open and silent. */
  hang?: boolean;
  /** After the output: close the socket (no finish reason, no [DONE]). */
  dropAfterOutput?: boolean;
  /** Usage chunk (when the request asked for it); null sends none. */
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
  /** Wait this long before each delta. */
  delayMs?: number;
}

export interface ChatRecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface MockChatModel {
  /** Base URL to give the server, e.g. `http://127.0.0.1:PORT/v1`. */
  baseUrl: string;
  requests: ChatRecordedRequest[];
  enqueue(...replies: ChatScriptedReply[]): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startMockChatModel(script: ChatScriptedReply[] = []): Promise<MockChatModel> {
  const queue = [...script];
  const requests: ChatRecordedRequest[] = [];
  const open = new Set<ServerResponse>();
  let counter = 0;
  const server = createServer(async (request, response) => {
    const text = await readBody(request);
    const body = safeJson(text);
    requests.push({ path: request.url ?? '', headers: request.headers, body });
    if (request.method !== 'POST' || !/\/chat\/completions$/.test(new URL(request.url ?? '/', 'http://x').pathname)) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `mock chat model: no route ${request.method} ${request.url}` } }));
      return;
    }
    const reply = queue.shift();
    if (!reply) {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'mock chat model: script exhausted' } }));
      return;
    }
    counter += 1;
    open.add(response);
    response.on('close', () => open.delete(response));
    try {
      await play(reply, response, `chatcmpl-${counter}`, body?.model ?? 'mock-model', Boolean(body?.stream_options?.include_usage));
    } catch {
      // The client went away.
    }
  });
  const baseUrl = await listenLoopback(server);
  return {
    baseUrl,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    async close() {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function play(reply: ChatScriptedReply, response: ServerResponse, id: string, model: string, includeUsage: boolean): Promise<void> {
  if (reply.status && reply.status >= 400) {
    response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    response.end(JSON.stringify(reply.errorBody ?? { error: { message: `mock error ${reply.status}`, type: 'error' } }));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers });
  const created = Math.floor(Date.now() / 1000);
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`);
  const delta = (value: Record<string, unknown>) => chunk([{ index: 0, delta: value, finish_reason: null }]);
  const pause = () => (reply.delayMs ? sleep(reply.delayMs) : undefined);

  if (reply.garbageFirst) response.write('data: {"choices": not json\n\n');
  delta({ role: 'assistant', content: '' });
  for (const text of reply.reasoning ?? []) {
    await pause();
    delta({ [reply.reasoningField ?? 'reasoning_content']: text });
  }
  for (const text of reply.text ?? []) {
    await pause();
    delta({ content: text });
  }
  for (const [index, call] of (reply.toolCalls ?? []).entries()) {
    delta({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] });
    const count = Math.max(1, Math.min(call.argumentChunks ?? 3, call.arguments.length || 1));
    const size = Math.ceil(call.arguments.length / count);
    for (let start = 0; start < call.arguments.length; start += size) {
      await pause();
      delta({ tool_calls: [{ index, function: { arguments: call.arguments.slice(start, start + size) } }] });
    }
  }
  if (reply.dropAfterOutput) {
    // Let what was written reach the client first: a reset mid-stream, not before the headers.
    await new Promise<void>((resolve) => response.write('', () => resolve()));
    response.socket?.destroy();
    return;
  }
  if (reply.hang) {
    await new Promise<void>((resolve) => response.on('close', () => resolve()));
    return;
  }
  chunk([{ index: 0, delta: {}, finish_reason: reply.toolCalls?.length ? 'tool_calls' : 'stop' }]);
  const usage = reply.usage === undefined ? { prompt_tokens: 12, completion_tokens: 4 } : reply.usage;
  if (includeUsage && usage) chunk([], { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
  response.write('data: [DONE]\n\n');
  response.end();
}



