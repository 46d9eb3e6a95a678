import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { GARBAGE_EVENT, responsesSse, startFaultyModel, type FaultyModel } from '../../test/support/mock-faults';
import { deltasMessage, startMockModel, type MockModel } from '../../test/support/mock-model';
import type { ModelError } from './model-error';
import type { ModelEvent, ModelRequest } from './model-events';
import type { ModelClientOptions } from './model-endpoint';
import { ResponsesClient } from './responses-client';

const request: ModelRequest = { model: 'm', instructions: 'x', conversation: [{ type: 'message', role: 'user', text: 'hi' }], tools: [] };

function clientFor(baseUrl: string, streamIdleTimeoutMs = 5000, extra: Partial<ModelClientOptions> = {}) {
  return new ResponsesClient({ baseUrl, apiKey: 'sk-test', apiKeyEnv: 'OPENAI_API_KEY', userAgent: 'test', streamIdleTimeoutMs, env: {}, ...extra });
}

async function collect(client: ResponsesClient, signal = new AbortController().signal) {
  const events: ModelEvent[] = [];
  try {
    for await (const event of client.stream(request, signal)) events.push(event);
  } catch (error) {
    return { events, error: error as ModelError };
  }
  return { events, error: undefined };
}

describe('ResponsesClient', () => {
  let model: MockModel;
  let faulty: FaultyModel;
  before(async () => {
    model = await startMockModel();
    faulty = await startFaultyModel();
  });
  after(async () => {
    await model.close();
    await faulty.close();
  });

  test('streams a message through its own SSE reader', async () => {
    model.enqueue({ output: [deltasMessage(['Hel', 'lo ✓'], { id: 'msg_a' })], usage: { input_tokens: 7, output_tokens: 2 } });
    const { events, error } = await collect(clientFor(model.baseUrl));
    assert.equal(error, undefined);
    assert.deepEqual(events, [
      { type: 'messageStarted', id: 'msg_a' },
      { type: 'messageDelta', id: 'msg_a', delta: 'Hel' },
      { type: 'messageDelta', id: 'msg_a', delta: 'lo ✓' },
      { type: 'messageCompleted', id: 'msg_a', text: 'Hello ✓' },
      { type: 'completed', usage: { totalTokens: 9, inputTokens: 7, cachedInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 2, reasoningOutputTokens: 0 } },
    ]);
  });

  test('skips an event that is not JSON', async () => {
    faulty.enqueue({ body: [GARBAGE_EVENT, ...responsesSse('fine', { chunks: 2 })] });
    const { events, error } = await collect(clientFor(faulty.baseUrl));
    assert.equal(error, undefined);
    assert.deepEqual(events.filter((event) => event.type === 'messageCompleted'), [{ type: 'messageCompleted', id: 'msg_fault_1', text: 'fine' }]);
  });

  test('a stream that ends or breaks before response.completed is a retryable disconnect', async () => {
    faulty.enqueue({ body: [GARBAGE_EVENT] }, { body: responsesSse('Hello there', { chunks: 4, cutAfterDeltas: 2 }), after: 'reset' });
    const ended = await collect(clientFor(faulty.baseUrl));
    assert.equal(
      ended.error?.message,
      `The connection to the model provider at ${faulty.baseUrl} closed before the response was complete (the stream ended without response.completed; 1 malformed event was skipped).`,
    );
    assert.equal(ended.error?.retry.retryable, true);
    const broken = await collect(clientFor(faulty.baseUrl));
    assert.deepEqual(broken.events.map((event) => event.type), ['messageStarted', 'messageDelta', 'messageDelta']);
    assert.deepEqual(broken.error?.info, { responseStreamDisconnected: { httpStatusCode: null } });
  });

  test('abandons a request after the idle timeout, before the headers and between events', async () => {
    model.enqueue({ initialDelayMs: 3000, output: [] }, { hang: true, output: [deltasMessage(['a'])] });
    let started = Date.now();
    const noHeaders = await collect(clientFor(model.baseUrl, 200));
    assert.match(noHeaders.error?.message ?? '', /sent nothing for 200 ms/);
    assert.ok(Date.now() - started < 2000, 'bounded');
    started = Date.now();
    const silent = await collect(clientFor(model.baseUrl, 200));
    assert.deepEqual(silent.events.map((event) => event.type), ['messageStarted', 'messageDelta', 'messageCompleted']);
    assert.equal(silent.error?.retry.retryable, true);
    assert.ok(Date.now() - started < 2000, 'bounded');
  });

  test('an abort ends the stream quietly', async () => {
    model.enqueue({ hang: true, output: [deltasMessage(['a'])] });
    const controller = new AbortController();
    const events: ModelEvent[] = [];
    for await (const event of clientFor(model.baseUrl).stream(request, controller.signal)) {
      events.push(event);
      if (event.type === 'messageCompleted') controller.abort();
    }
    assert.deepEqual(events.map((event) => event.type), ['messageStarted', 'messageDelta', 'messageCompleted']);
  });

  test('HTTP failures carry the status and the advised wait', async () => {
    model.enqueue({ status: 429, headers: { 'retry-after': '1' } });
    const { error } = await collect(clientFor(model.baseUrl));
    assert.equal(error?.info, 'rateLimitExceeded');
    assert.deepEqual(error?.retry, { retryable: true, afterMs: 1000, httpStatus: 429 });
  });

  test('a refused connection is a retryable connection failure', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const { error } = await collect(clientFor(`http://127.0.0.1:${port}/v1`));
    assert.deepEqual(error?.info, { httpConnectionFailed: { httpStatusCode: null } });
    assert.match(error?.message ?? '', /Could not reach the model provider at http:\/\/127\.0\.0\.1:\d+\/v1: Connection error\. \(.*ECONNREFUSED/);
    assert.equal(error?.retry.retryable, true);
  });

  test('the request: URL with the query parameters, auth, user agent, organization and project, then the provider headers', async () => {
    faulty.enqueue({ body: responsesSse('ok') });
    const options = {
      apiKey: 'sk-key',
      userAgent: 'codex-threads/test',
      queryParams: { 'api-version': '2025-04-01' },
      headers: { 'X-Tenant': 't1', 'User-Agent': 'gateway-agent' },
      env: { OPENAI_ORG_ID: 'org-1', OPENAI_PROJECT_ID: 'proj-1' },
    };
    const { error } = await collect(clientFor(`${faulty.baseUrl}/`, 5000, options));
    assert.equal(error, undefined);
    const sent = faulty.requests.at(-1)!;
    assert.equal(sent.path, '/v1/responses?api-version=2025-04-01');
    assert.equal(sent.headers.authorization, 'Bearer sk-key');
    assert.equal(sent.headers['content-type'], 'application/json');
    assert.equal(sent.headers.accept, 'text/event-stream');
    assert.equal(sent.headers['openai-organization'], 'org-1');
    assert.equal(sent.headers['openai-project'], 'proj-1');
    assert.equal(sent.headers['x-tenant'], 't1');
    assert.equal(sent.headers['user-agent'], 'gateway-agent', "the provider's header wins");
    assert.equal(sent.body.stream, true);
    assert.equal(sent.body.model, 'm');
  });

  test("an error status carries the provider's own message and code", async () => {
    faulty.enqueue({
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: ['{"error":{"message":"Your input exceeds the context window of this model.","type":"invalid_request_error","code":"context_length_exceeded"}}'],
    });
    const { error } = await collect(clientFor(faulty.baseUrl));
    assert.equal(error?.info, 'contextWindowExceeded');
    assert.equal(error?.details, 'Your input exceeds the context window of this model.');
    assert.equal(error?.retry.httpStatus, 400);
  });

  test('a compressed answer (a gateway that gzips anyway) is decoded', async () => {
    const zipped = gzipSync(Buffer.from(responsesSse('zipped ✓', { chunks: 3 }).join('')));
    const gateway = createHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      // In two writes, cut inside the compressed data.
      response.write(zipped.subarray(0, 20));
      response.end(zipped.subarray(20));
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const { port } = gateway.address() as { port: number };
    const { events, error } = await collect(clientFor(`http://127.0.0.1:${port}/v1`));
    gateway.closeAllConnections();
    await new Promise((resolve) => gateway.close(resolve));
    assert.equal(error, undefined);
    assert.deepEqual(events.filter((event) => event.type === 'messageCompleted'), [{ type: 'messageCompleted', id: 'msg_fault_1', text: 'zipped ✓' }]);
  });

  test('a JSON answer instead of an event stream fails with what it said', async () => {
    faulty.enqueue({ headers: { 'content-type': 'application/json' }, body: ['{"error":"stream not supported"}'] });
    const { error } = await collect(clientFor(faulty.baseUrl));
    assert.equal(
      error?.message,
      `The model provider at ${faulty.baseUrl} answered with application/json instead of an event stream; check the base URL. It said: {"error":"stream not supported"}`,
    );
    assert.equal(error?.retry.retryable, false);
  });
});
