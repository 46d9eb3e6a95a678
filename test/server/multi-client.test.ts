import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertConformsToOfficialSchema } from '../support/conformance';
import { deltasMessage, startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { modelEnv } from '../support/scenarios';
import { startServer, type ServerProcess } from '../support/server-process';
import { WsClient } from '../support/ws-client';

async function startListening(model: MockModel, extraArgs: string[] = [], env: Record<string, string> = {}) {
  const server = startServer({ env: { ...modelEnv(model), ...env }, args: ['app-server', '--listen', 'ws://127.0.0.1:0', ...extraArgs] });
  const [, url] = await server.waitForStderr(/listening on (ws:\/\/[^ ]+)/);
  return { server, url };
}

describe('several clients on one server (WebSocket listener)', () => {
  let model: MockModel;
  before(async () => (model = await startMockModel()));
  after(() => model.close());

  test('two clients on one thread both see every event; one unsubscribes and stops receiving', async (t) => {
    const { server, url } = await startListening(model);
    const alice = await WsClient.connect(url);
    const bob = await WsClient.connect(url);
    try {
      await alice.initialize('alice');
      await bob.initialize('bob');
      const { thread } = await alice.call('thread/start', {});
      const resumed = await bob.call('thread/resume', { threadId: thread.id });
      assert.equal(resumed.thread.id, thread.id);

      model.enqueue({ output: [deltasMessage(['shared ', 'answer'])] });
      const turn = await alice.runTurn(thread.id, 'hello both');
      await bob.waitForNotification('turn/completed', (params) => params.turn.id === turn.id);
      const deltas = (client: WsClient) =>
        client.notifications('item/agentMessage/delta').filter((message) => message.params.turnId === turn.id).map((message) => message.params.delta);
      assert.deepEqual(deltas(alice), ['shared ', 'answer']);
      assert.deepEqual(deltas(bob), ['shared ', 'answer']);
      const eventCount = (client: WsClient) => client.notifications().filter((message) => message.params.turnId === turn.id || message.params.turn?.id === turn.id).length;
      assert.equal(eventCount(bob), eventCount(alice));

      assert.deepEqual(await bob.call('thread/unsubscribe', { threadId: thread.id }), { status: 'unsubscribed' });
      const bobBefore = bob.messages.length;
      model.enqueue({ output: [textMessage('only alice hears this')] });
      const second = await alice.runTurn(thread.id, 'second');
      assert.equal(second.status, 'completed');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const bobTurnEvents = bob.messages.slice(bobBefore).filter((message) => message.params?.threadId === thread.id);
      assert.deepEqual(bobTurnEvents, []);
      assertConformsToOfficialSchema(t, alice as unknown as ServerProcess);
      assertConformsToOfficialSchema(t, bob as unknown as ServerProcess);
    } finally {
      await alice.close();
      await bob.close();
      assert.equal(await server.terminate(), 0);
    }
  });

  test('a thread with no subscriber and no turn is unloaded after the idle time', async () => {
    const { server, url } = await startListening(model, [], { CODEX_THREADS_IDLE_UNLOAD_MS: '150' });
    const client = await WsClient.connect(url);
    const watcher = await WsClient.connect(url);
    try {
      await client.initialize();
      await watcher.initialize('watcher');
      const { thread } = await client.call('thread/start', {});
      await client.call('thread/unsubscribe', { threadId: thread.id });
      const closed = await watcher.waitForNotification('thread/closed', (params) => params.threadId === thread.id, 3000);
      assert.equal(closed.params.threadId, thread.id);
      assert.deepEqual((await client.call('thread/loaded/list', {})).data, []);
    } finally {
      await client.close();
      await watcher.close();
      await server.terminate();
    }
  });

  test('a client that disconnects mid-turn leaves the turn running for the others', async () => {
    const { server, url } = await startListening(model);
    const leaver = await WsClient.connect(url);
    const stayer = await WsClient.connect(url);
    try {
      await leaver.initialize();
      await stayer.initialize();
      const { thread } = await leaver.call('thread/start', {});
      await stayer.call('thread/resume', { threadId: thread.id });
      model.enqueue({ output: [deltasMessage(['a', 'b', 'c', 'd'], { delayMs: 40 })] });
      await leaver.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'go' }] });
      await stayer.waitFor((message) => message.method === 'item/agentMessage/delta');
      await leaver.close();
      const completed = await stayer.waitForNotification('turn/completed');
      assert.equal(completed.params.turn.status, 'completed');
    } finally {
      await stayer.close();
      await server.terminate();
    }
  });

  test('optOutNotificationMethods suppresses exactly the named notifications for that connection, also beside another subscriber', async () => {
    const { server, url } = await startListening(model);
    const quiet = await WsClient.connect(url);
    const loud = await WsClient.connect(url);
    try {
      await quiet.initialize('quiet', { optOutNotificationMethods: ['item/agentMessage/delta', 'thread/started'] });
      await loud.initialize('loud');
      const { thread } = await quiet.call('thread/start', {});
      model.enqueue({ output: [deltasMessage(['no ', 'deltas'])] });
      const turn = await quiet.runTurn(thread.id, 'hi');
      assert.equal(turn.status, 'completed');
      assert.equal(quiet.notifications('item/agentMessage/delta').length, 0);
      assert.equal(quiet.notifications('thread/started').length, 0);
      assert.ok(quiet.notifications('item/completed').length >= 2);

      // Two subscribers: each event is serialized once for both, and the opt-out still holds.
      await loud.call('thread/resume', { threadId: thread.id });
      model.enqueue({ output: [deltasMessage(['only ', 'loud'])] });
      const second = await quiet.runTurn(thread.id, 'again');
      await loud.waitForNotification('turn/completed', (params) => params.turn.id === second.id);
      const deltasOf = (client: WsClient) =>
        client.notifications('item/agentMessage/delta').filter((message) => message.params.turnId === second.id).map((message) => message.params.delta);
      assert.deepEqual(deltasOf(loud), ['only ', 'loud']);
      assert.deepEqual(deltasOf(quiet), []);
      const completedOf = (client: WsClient) => client.notifications('item/completed').filter((message) => message.params.turnId === second.id);
      assert.deepEqual(completedOf(quiet).map((message) => message.params), completedOf(loud).map((message) => message.params));
      assert.ok(completedOf(loud).every((message) => typeof message.emittedAtMs === 'number'));
    } finally {
      await quiet.close();
      await loud.close();
      await server.terminate();
    }
  });

  test('experimental fields are refused without the experimentalApi capability', async () => {
    const { server, url } = await startListening(model);
    const stable = await WsClient.connect(url);
    const experimental = await WsClient.connect(url);
    try {
      await stable.initialize('stable');
      await experimental.initialize('experimental', { experimentalApi: true });
      const granular = { granular: { sandbox_approval: true, rules: true, mcp_elicitations: false } };
      assert.deepEqual((await stable.request('thread/start', { approvalPolicy: granular })).error, {
        code: -32600,
        message: 'askForApproval.granular requires experimentalApi capability',
      });
      assert.deepEqual((await stable.request('thread/start', { dynamicTools: [] })).error, {
        code: -32600,
        message: 'thread/start.dynamicTools requires experimentalApi capability',
      });
      const accepted = await experimental.call('thread/start', { approvalPolicy: granular });
      assert.deepEqual(accepted.approvalPolicy, granular);
    } finally {
      await stable.close();
      await experimental.close();
      await server.terminate();
    }
  });

  test('the listener answers health probes, refuses browser origins, and checks the bearer token', async () => {
    const tokenFile = join(process.env.TMPDIR ?? '/tmp', `codex-threads-token-${process.pid}`);
    writeFileSync(tokenFile, 'secret-token\n', { mode: 0o600 });
    const { server, url } = await startListening(model, ['--ws-token-file', tokenFile]);
    const http = url.replace('ws://', 'http://');
    try {
      assert.equal((await fetch(`${http}/readyz`)).status, 200);
      assert.equal((await fetch(`${http}/healthz`)).status, 200);
      assert.equal((await fetch(`${http}/healthz`, { headers: { origin: 'https://evil.example' } })).status, 403);
      assert.equal((await fetch(`${http}/`)).status, 400);
      await assert.rejects(WsClient.connect(url), /HTTP 401/);
      await assert.rejects(WsClient.connect(url, { authorization: 'Bearer wrong-token!' }), /HTTP 401/);
      await assert.rejects(WsClient.connect(url, { authorization: 'Bearer secret-token', origin: 'https://evil.example' }), /HTTP 403/);
      const client = await WsClient.connect(url, { authorization: 'Bearer secret-token' });
      assert.equal(typeof (await client.initialize()).userAgent, 'string');
      await client.close();
    } finally {
      await server.terminate();
      rmSync(tokenFile, { force: true });
    }
  });

  test('refuses to listen beyond loopback without a token', async () => {
    const server = startServer({ args: ['app-server', '--listen', 'ws://0.0.0.0:0'] });
    assert.equal(await server.exitCode(), 1);
    assert.match(server.stderr, /refusing to listen on 0\.0\.0\.0 without authentication/);
    server.removeHome();
  });
});

describe('model/list and config/read', () => {
  test('model/list includes the configured default model; config/read reports it with its origin', async (t) => {
    const server = startServer({ env: { CODEX_THREADS_MODEL: 'llama3.1', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
    try {
      await server.initialize();
      const models = await server.call('model/list', {});
      const defaults = models.data.filter((model: any) => model.isDefault);
      assert.deepEqual(defaults.map((model: any) => model.id), ['llama3.1']);
      const page = await server.call('model/list', { limit: 1 });
      assert.equal(page.data.length, 1);
      assert.ok(page.nextCursor);
      const next = await server.call('model/list', { limit: 1, cursor: page.nextCursor });
      assert.notEqual(next.data[0].id, page.data[0].id);

      const config = await server.call('config/read', { includeLayers: true });
      assert.equal(config.config.model, 'llama3.1');
      assert.equal(config.config.approval_policy, 'on-request');
      assert.equal(config.config.sandbox_mode, 'read-only');
      assert.deepEqual(config.origins.model, { name: { type: 'sessionFlags' }, version: 'env' });
      assert.equal(config.layers.length, 1);
      const started = await server.call('thread/start', {});
      assert.equal(started.model, 'llama3.1');
      assertConformsToOfficialSchema(t, server);
    } finally {
      await server.close();
    }
  });
});
