import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertConformsToOfficialSchema } from '../support/conformance';
import { deltasMessage, startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { startServer, type ServerProcess } from '../support/server-process';

describe('a turn streamed from the model to the client', () => {
  let model: MockModel;
  before(async () => (model = await startMockModel()));
  after(() => model.close());

  const start = () => startServer({ env: { OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'sk-test-key' } });

  test('initialize → thread/start → turn/start streams deltas in order and ends with turn/completed', async (t) => {
    const chunks = Array.from({ length: 50 }, (_, index) => `part${index} `);
    model.enqueue({ output: [deltasMessage(chunks)], usage: { input_tokens: 42, output_tokens: 7 } });
    const server = start();
    try {
      const init = await server.initialize();
      assert.equal(init.platformFamily, 'unix');
      assert.equal(init.codexHome, server.home);

      const started = await server.call('thread/start', { cwd: process.cwd(), model: 'test-model' });
      const threadId = started.thread.id;
      assert.equal(started.model, 'test-model');
      assert.deepEqual(started.thread.status, { type: 'idle' });
      assert.deepEqual(started.thread.turns, []);
      await server.waitForNotification('thread/started', (params) => params.thread.id === threadId);

      const { turn } = await server.call('turn/start', {
        threadId,
        input: [{ type: 'text', text: 'Say fifty parts' }],
        clientUserMessageId: 'client-msg-1',
      });
      assert.equal(turn.status, 'inProgress');
      const completed = await server.waitForNotification('turn/completed', (params) => params.turn.id === turn.id);
      assert.equal(completed.params.turn.status, 'completed');
      assert.equal(completed.params.turn.error, null);

      // What the model was sent.
      const request = model.requests.at(-1)!;
      assert.equal(request.body.model, 'test-model');
      assert.equal(request.body.stream, true);
      assert.equal(request.headers.authorization, 'Bearer sk-test-key');
      assert.deepEqual(request.body.input.at(-1), { role: 'user', content: 'Say fifty parts', type: 'message' });

      // Deltas in order, the completed item carries the full text, turn/completed last.
      const turnEvents = server.messages.filter((message) => message.params?.turnId === turn.id || message.params?.turn?.id === turn.id);
      const deltas = turnEvents.filter((message) => message.method === 'item/agentMessage/delta');
      assert.deepEqual(deltas.map((message) => message.params.delta), chunks);
      const agentCompleted = turnEvents.find((message) => message.method === 'item/completed' && message.params.item.type === 'agentMessage');
      assert.equal(agentCompleted?.params.item.text, chunks.join(''));
      assert.equal(new Set(deltas.map((message) => message.params.itemId)).size, 1);
      assert.equal(deltas[0].params.itemId, agentCompleted?.params.item.id);
      assert.equal(turnEvents.at(-1)?.method, 'turn/completed');

      const userCompleted = turnEvents.find((message) => message.method === 'item/completed' && message.params.item.type === 'userMessage');
      assert.deepEqual(userCompleted?.params.item.content, [{ type: 'text', text: 'Say fifty parts', text_elements: [] }]);
      assert.equal(userCompleted?.params.item.clientId, 'client-msg-1');

      const methods = turnEvents.map((message) => message.method).filter((method) => method !== 'item/agentMessage/delta');
      assert.deepEqual(methods, [
        'turn/started',
        'item/started',
        'item/completed',
        'item/started',
        'item/completed',
        'thread/tokenUsage/updated',
        'turn/completed',
      ]);
      const usage = server.notifications('thread/tokenUsage/updated')[0].params.tokenUsage;
      assert.equal(usage.last.inputTokens, 42);
      assert.equal(usage.total.totalTokens, 49);

      // The status brackets the turn.
      const statuses = server.notifications('thread/status/changed').map((message) => message.params.status.type);
      assert.deepEqual(statuses, ['active', 'idle']);
      const order = server.messages.map((message) => message.method ?? `response:${message.id}`);
      assert.ok(order.indexOf('turn/started') > order.indexOf('response:3'), 'turn/start response precedes turn/started');
      assert.ok(order.lastIndexOf('thread/status/changed') < order.indexOf('turn/completed'), 'idle precedes turn/completed');

      assertConformsToOfficialSchema(t, server);
    } finally {
      assert.equal(await server.close(), 0);
    }
  });

  test('a second turn sends the conversation so far to the model', async (t) => {
    model.enqueue({ output: [textMessage('First answer', { chunks: 3 })] }, { output: [textMessage('Second answer')] });
    const server = start();
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', {});
      const first = await server.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'one' }] });
      await server.waitForNotification('turn/completed', (params) => params.turn.id === first.turn.id);
      const second = await server.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'two' }] });
      await server.waitForNotification('turn/completed', (params) => params.turn.id === second.turn.id);
      const input = model.requests.at(-1)!.body.input.map((entry: any) => [entry.role, entry.content]);
      assert.deepEqual(input, [
        ['user', 'one'],
        ['assistant', 'First answer'],
        ['user', 'two'],
      ]);
      assertConformsToOfficialSchema(t, server);
    } finally {
      await server.close();
    }
  });

  test('turn/interrupt stops a streaming turn: response, then idle, then turn/completed(interrupted)', async (t) => {
    model.enqueue({ output: [deltasMessage(['partial ', 'answer'])], hang: true });
    const server = start();
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', {});
      const { turn } = await server.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'go' }] });
      await server.waitFor((message) => message.method === 'item/agentMessage/delta' && message.params.delta === 'answer');
      const interruptResponse = await server.request('turn/interrupt', { threadId: thread.id, turnId: turn.id });
      assert.deepEqual(interruptResponse.result, {});
      const completed = await server.waitForNotification('turn/completed');
      assert.equal(completed.params.turn.status, 'interrupted');
      assert.equal(completed.params.turn.error, null);
      const order = server.messages.map((message) => message.method ?? `response:${message.id}`);
      const responseIndex = order.indexOf(`response:${interruptResponse.id}`);
      assert.ok(responseIndex < order.lastIndexOf('thread/status/changed'));
      assert.ok(order.lastIndexOf('thread/status/changed') < order.indexOf('turn/completed'));

      const again = await server.request('turn/interrupt', { threadId: thread.id, turnId: turn.id });
      assert.deepEqual(again.error, { code: -32600, message: 'no active turn to interrupt' });
      assertConformsToOfficialSchema(t, server);
    } finally {
      assert.equal(await server.close(), 0);
    }
  });

  test('a model error fails the turn with an error notification that says what to do', async (t) => {
    model.enqueue({ status: 401, errorBody: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } } });
    const server = start();
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', {});
      const { turn } = await server.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'hi' }] });
      const error = await server.waitForNotification('error');
      assert.equal(error.params.willRetry, false);
      assert.equal(error.params.turnId, turn.id);
      assert.equal(error.params.error.codexErrorInfo, 'unauthorized');
      assert.match(error.params.error.message, /Set OPENAI_API_KEY/);
      const completed = await server.waitForNotification('turn/completed');
      assert.equal(completed.params.turn.status, 'failed');
      assert.deepEqual(completed.params.turn.error, error.params.error);
      assertConformsToOfficialSchema(t, server);
    } finally {
      await server.close();
    }
  });

  test('without an API key or base URL, the turn fails telling the user how to set one', async () => {
    const server = startServer({ env: { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined } });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', {});
      await server.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'hi' }] });
      const completed = await server.waitForNotification('turn/completed');
      assert.equal(completed.params.turn.status, 'failed');
      assert.match(completed.params.turn.error.message, /No API key: set OPENAI_API_KEY/);
    } finally {
      await server.close();
    }
  });
});
