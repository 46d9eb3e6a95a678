import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertConformsToOfficialSchema } from '../support/conformance';
import { startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { startServer } from '../support/server-process';

describe('bad input at the protocol boundary', () => {
  let model: MockModel;
  before(async () => (model = await startMockModel()));
  after(() => model.close());

  test('rejects requests before initialize with "Not initialized"', async () => {
    const server = startServer();
    try {
      const response = await server.request('thread/start', {});
      assert.deepEqual(response.error, { code: -32600, message: 'Not initialized' });
    } finally {
      await server.close();
    }
  });

  test('rejects a second initialize with "Already initialized"', async () => {
    const server = startServer();
    try {
      await server.initialize();
      const response = await server.request('initialize', { clientInfo: { name: 'again', version: '1' } });
      assert.deepEqual(response.error, { code: -32600, message: 'Already initialized' });
    } finally {
      await server.close();
    }
  });

  test('answers a non-JSON line with -32700 and id null, then keeps serving', async () => {
    const server = startServer();
    try {
      server.sendRaw('{"id": 1, "method": \n');
      const parseError = await server.waitFor((message) => message.error?.code === -32700);
      assert.equal(parseError.id, null);
      assert.match(parseError.error.message, /^Parse error/);
      const init = await server.initialize();
      assert.equal(typeof init.userAgent, 'string');
    } finally {
      assert.equal(await server.close(), 0);
    }
  });

  test('answers an unknown method with -32601', async () => {
    const server = startServer();
    try {
      await server.initialize();
      const response = await server.request('no/such/method', {});
      assert.deepEqual(response.error, { code: -32601, message: 'Method not found: no/such/method' });
    } finally {
      await server.close();
    }
  });

  test('answers a wrong-typed param with -32602 naming the field', async () => {
    const server = startServer();
    try {
      await server.initialize();
      const cwd = await server.request('thread/start', { cwd: 42 });
      assert.deepEqual(cwd.error, {
        code: -32602,
        message: 'Invalid params for thread/start: cwd must be null or a string, got number 42',
        data: { field: 'cwd' },
      });
      const missing = await server.request('turn/start', { input: [] });
      assert.equal(missing.error.message, 'Invalid params for turn/start: threadId is required');
      const badInput = await server.request('turn/start', { threadId: 't', input: [{ type: 'txt', text: 'hi' }] });
      assert.equal(
        badInput.error.message,
        'Invalid params for turn/start: input[0].type must be one of "text" | "image" | "localImage" | "skill" | "mention", got string "txt"',
      );
      const badSandbox = await server.request('thread/start', { sandbox: 'workspaceWrite' });
      assert.equal(
        badSandbox.error.message,
        'Invalid params for thread/start: sandbox must be null or one of "read-only" | "workspace-write" | "danger-full-access", got string "workspaceWrite"',
      );
      const badClientInfo = await server.request('thread/start', { approvalPolicy: 'on-failure' });
      assert.equal(badClientInfo.error.code, -32602);
      assert.match(badClientInfo.error.message, /^Invalid params for thread\/start: approvalPolicy must be/);
    } finally {
      await server.close();
    }
  });

  test('echoes string and integer request ids with their type, and tolerates "jsonrpc" and unknown fields', async (t) => {
    const server = startServer();
    try {
      server.send({ jsonrpc: '2.0', id: 'init-1', method: 'initialize', params: { clientInfo: { name: 'c', version: '1' }, extra: true } });
      const response = await server.waitFor((message) => message.id === 'init-1');
      assert.equal(typeof response.result.userAgent, 'string');
      assert.equal('jsonrpc' in response, false);
      server.requestMethods.set('init-1', 'initialize');
      const started = await server.request('thread/start', { unknownField: { nested: 1 } });
      assert.equal(typeof started.result.thread.id, 'string');
      assertConformsToOfficialSchema(t, server);
    } finally {
      await server.close();
    }
  });

  test('ignores unknown notifications such as $/cancelRequest', async () => {
    const server = startServer();
    try {
      await server.initialize();
      server.send({ method: '$/cancelRequest', params: { id: 1 } });
      const response = await server.request('thread/start', {});
      assert.ok(response.result);
      assert.equal(server.messages.filter((message) => message.error).length, 0);
    } finally {
      await server.close();
    }
  });

  test('decodes a multibyte character split across two writes', async () => {
    model.enqueue({ output: [textMessage('ok')] });
    const server = startServer({ env: { OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'k' } });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', {});
      const line = Buffer.from(
        JSON.stringify({ id: 99, method: 'turn/start', params: { threadId: thread.id, input: [{ type: 'text', text: 'héllo 🌍 wörld' }] } }) + '\r\n',
      );
      const globe = line.indexOf(Buffer.from('🌍'));
      server.sendRaw(line.subarray(0, globe + 2));
      await new Promise((resolve) => setTimeout(resolve, 50));
      server.sendRaw(line.subarray(globe + 2));
      const userItem = await server.waitFor(
        (message) => message.method === 'item/completed' && message.params.item.type === 'userMessage',
      );
      assert.equal(userItem.params.item.content[0].text, 'héllo 🌍 wörld');
      await server.waitForNotification('turn/completed');
    } finally {
      await server.close();
    }
  });

  test('accepts a 2 MB line (no line-length cap)', async () => {
    model.enqueue({ output: [textMessage('read it')] });
    const server = startServer({ env: { OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'k' } });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', {});
      const big = 'x'.repeat(2 * 1024 * 1024);
      await server.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: big }] });
      await server.waitForNotification('turn/completed');
      assert.equal(model.requests.at(-1)!.body.input.at(-1).content.length, big.length);
    } finally {
      await server.close();
    }
  });

  test('logs to stderr only: every stdout line is a protocol message', async () => {
    const server = startServer();
    try {
      await server.initialize();
      server.sendRaw('not json\n');
      await server.waitFor((message) => message.error?.code === -32700);
      assert.ok(server.stderr.length > 0, 'the server logged something to stderr');
      assert.equal(server.messages.filter((message) => 'unparseable' in message).length, 0);
    } finally {
      await server.close();
    }
  });
});
