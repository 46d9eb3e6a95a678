/**
 * The extension's server client against the REAL built server
 * (`dist/server.js`, run with `npm run build` first), spawned the way the
 * extension spawns it, with the loopback mock model. No internet.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { AppServerClient } from '../../extension/app-server/app-server-client';
import { ServerProcess } from '../../extension/app-server/server-process';
import { withTimeout } from '../../extension/common/timeout';
import type { ServerNotification } from '../../server/protocol';
import { startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { BUILT_SERVER, builtServerLaunch, memoryLogger, MemoryTransport, nextLine, processIsGone, tempHome, waitFor, type TempHome } from './harness';

const clientInfo = { name: 'codex_threads_vscode', title: 'Codex Threads', version: '0.0.0-test' };

describe('AppServerClient with the built server', { skip: !existsSync(BUILT_SERVER) && 'run `npm run build` first' }, () => {
  let model: MockModel;
  let home: TempHome;

  before(async () => {
    model = await startMockModel();
    home = await tempHome();
  });

  after(async () => {
    await model.close();
    await home.remove();
  });

  it('initializes, starts a thread, streams a turn in order, and leaves no process behind on shutdown', async () => {
    const reply = textMessage('Hello world', { chunks: 5 });
    model.enqueue({ output: [reply] });
    const logger = memoryLogger();
    const server = new ServerProcess(builtServerLaunch({ baseUrl: model.baseUrl, home: home.path }), logger);
    const client = new AppServerClient(server, logger, { validateNotifications: true });
    const pid = server.pid;
    assert.ok(pid);
    try {
      const notifications: ServerNotification[] = [];
      client.onNotification((notification) => notifications.push(notification));

      const init = await withTimeout(client.initialize(clientInfo), 10_000, 'initialize timed out');
      assert.equal(init.codexHome, home.path);

      const started = await withTimeout(client.request('thread/start', { cwd: home.path }), 5000, 'thread/start timed out');
      const threadId = started.thread.id;
      assert.equal(started.thread.cwd, home.path);
      await waitFor(() => notifications.find((n) => n.method === 'thread/started'), 'thread/started');

      const { turn } = await withTimeout(
        client.request('turn/start', { threadId, input: [{ type: 'text', text: 'Say hello', text_elements: [] }] }),
        5000,
        'turn/start timed out',
      );
      assert.equal(turn.status, 'inProgress');
      const completed = await waitFor(
        () => notifications.find((n) => n.method === 'turn/completed'),
        'turn/completed',
        10_000,
      );
      assert.equal(completed.method === 'turn/completed' && completed.params.turn.status, 'completed');

      const turnScoped = notifications.filter((n) => n.method !== 'thread/started' && n.method !== 'warning');
      assert.equal(turnScoped.at(-1)?.method, 'turn/completed', 'turn/completed comes last');
      assert.equal(turnScoped.find((n) => n.method === 'turn/started') !== undefined, true);

      const deltas = notifications.flatMap((n) => (n.method === 'item/agentMessage/delta' ? [n.params.delta] : []));
      assert.ok(reply.kind === 'message' && reply.chunks.length > 1);
      assert.deepEqual(deltas, reply.chunks, 'every delta, in order');
      const agentMessage = notifications.flatMap((n) =>
        n.method === 'item/completed' && n.params.item.type === 'agentMessage' ? [n.params.item.text] : [],
      );
      assert.deepEqual(agentMessage, ['Hello world']);
      const userMessage = notifications.find((n) => n.method === 'item/started' && n.params.item.type === 'userMessage');
      assert.ok(userMessage, 'the user message is an item too');

      assert.equal(model.requests[0]?.headers.authorization, 'Bearer test-key', 'the API key reaches the model');
      assert.deepEqual(logger.at('error'), [], 'every notification matched its schema');
    } finally {
      await withTimeout(client.shutdown(), 5000, 'shutdown timed out');
    }
    assert.equal(processIsGone(pid), true, 'no orphan server process');
    assert.equal(server.exitStatus?.expected, true);
  });

  it('reports a server crash and rejects later requests instead of hanging', async () => {
    const logger = memoryLogger();
    const server = new ServerProcess(builtServerLaunch({ baseUrl: model.baseUrl, home: home.path }), logger);
    const client = new AppServerClient(server, logger);
    try {
      await withTimeout(client.initialize(clientInfo), 10_000, 'initialize timed out');
      const closed = new Promise<Error>((resolve) => client.onDidClose(resolve));
      process.kill(server.pid!, 'SIGKILL');
      const reason = await withTimeout(closed, 5000, 'onDidClose did not fire');
      assert.match(reason.message, /^The Codex server was stopped by signal SIGKILL$/);
      await assert.rejects(client.request('thread/start', {}), /The Codex server/);
      const exit = await waitFor(() => server.exitStatus, 'the exit');
      assert.deepEqual(exit, { code: null, signal: 'SIGKILL', expected: false });
    } finally {
      await withTimeout(client.shutdown(), 5000, 'shutdown timed out');
    }
  });
});

describe('ServerProcess shutdown', () => {
  it('escalates to SIGTERM when the server ignores the end of stdin', async () => {
    const logger = memoryLogger();
    const child = new ServerProcess(
      { command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], env: {} },
      logger,
      { graceMs: 200, killMs: 2000 },
    );
    const pid = child.pid!;
    await withTimeout(child.shutdown(), 5000, 'shutdown timed out');
    assert.equal(child.exitStatus?.signal, 'SIGTERM');
    assert.equal(processIsGone(pid), true);
  });

  it('escalates to SIGKILL when the server also ignores SIGTERM', async () => {
    const logger = memoryLogger();
    const script = "process.on('SIGTERM', () => {}); process.stdin.resume(); process.stderr.write('ready\\n'); setInterval(() => {}, 1000)";
    const child = new ServerProcess({ command: process.execPath, args: ['-e', script], env: {} }, logger, {
      graceMs: 100,
      killMs: 300,
    });
    const pid = child.pid!;
    // Wait until the handler is installed, or SIGTERM would kill it before the test means it to.
    await waitFor(() => (logger.at('info').includes('[server] ready') ? true : undefined), 'child ready');
    await withTimeout(child.shutdown(), 5000, 'shutdown timed out');
    assert.equal(child.exitStatus?.signal, 'SIGKILL');
    assert.equal(processIsGone(pid), true);
  });

  it('reports a program that cannot be started as an exit, without throwing', async () => {
    const logger = memoryLogger();
    const child = new ServerProcess({ command: '/nonexistent/codex-threads-test', args: [], env: {} }, logger);
    const exit = await new Promise((resolve) => child.onDidExit(resolve));
    assert.deepEqual(exit, { code: null, signal: null, expected: false });
    assert.match(logger.at('error')[0] ?? '', /Could not run the Codex server: spawn \/nonexistent\/codex-threads-test ENOENT/);
    await withTimeout(child.shutdown(), 2000, 'shutdown timed out');
  });
});

describe('AppServerClient protocol handling', () => {
  it('answers a server request it does not support with -32601 and no jsonrpc member', async () => {
    const transport = new MemoryTransport();
    const client = new AppServerClient(transport, memoryLogger());
    try {
      transport.stdout.write('{"id":0,"method":"item/commandExecution/requestApproval","params":{}}\n');
      const reply = JSON.parse(await nextLine(transport.stdin)) as unknown;
      assert.deepEqual(reply, {
        id: 0,
        error: { code: -32601, message: 'unsupported: item/commandExecution/requestApproval' },
      });
    } finally {
      await client.shutdown();
    }
  });

  it('hands registered server requests to the handler with their id, and writes its answer', async () => {
    const transport = new MemoryTransport();
    const client = new AppServerClient(transport, memoryLogger());
    const seen: unknown[] = [];
    client.handleServerRequests(['item/commandExecution/requestApproval'], async (request) => {
      seen.push(request);
      return { decision: 'accept' };
    });
    try {
      transport.stdout.write('{"id":"req-7","method":"item/commandExecution/requestApproval","params":{"threadId":"t"}}\n');
      assert.deepEqual(JSON.parse(await nextLine(transport.stdin)), { id: 'req-7', result: { decision: 'accept' } });
      assert.deepEqual(seen, [{ id: 'req-7', method: 'item/commandExecution/requestApproval', params: { threadId: 't' } }]);
      transport.stdout.write('{"id":8,"method":"item/tool/requestUserInput","params":{}}\n');
      assert.deepEqual(JSON.parse(await nextLine(transport.stdin)), { id: 8, error: { code: -32601, message: 'unsupported: item/tool/requestUserInput' } });
    } finally {
      await client.shutdown();
    }
  });

  it('delivers a server request after the notifications that came before it', async () => {
    const transport = new MemoryTransport();
    const client = new AppServerClient(transport, memoryLogger());
    const order: string[] = [];
    client.onNotification((notification) => order.push(notification.method));
    client.handleServerRequests(['item/fileChange/requestApproval'], async (request) => {
      order.push(request.method);
      return { decision: 'decline' };
    });
    try {
      const started = { threadId: 't', turnId: 'u', startedAtMs: 1, item: { type: 'fileChange', id: 'c', changes: [], status: 'inProgress' } };
      transport.stdout.write(
        `${JSON.stringify({ method: 'item/started', params: started })}\n${JSON.stringify({ id: 0, method: 'item/fileChange/requestApproval', params: {} })}\n`,
      );
      await nextLine(transport.stdin);
      assert.deepEqual(order, ['item/started', 'item/fileChange/requestApproval']);
    } finally {
      await client.shutdown();
    }
  });

  it('sends nothing for a request the handler leaves unanswered, and an error for one it fails', async () => {
    const transport = new MemoryTransport();
    const client = new AppServerClient(transport, memoryLogger());
    client.handleServerRequests(['item/fileChange/requestApproval'], async (request) => {
      if (request.id === 1) return undefined; // cleared by the server meanwhile
      throw new Error('malformed');
    });
    try {
      transport.stdout.write('{"id":1,"method":"item/fileChange/requestApproval","params":{}}\n');
      transport.stdout.write('{"id":2,"method":"item/fileChange/requestApproval","params":{}}\n');
      assert.deepEqual(JSON.parse(await nextLine(transport.stdin)), { id: 2, error: { code: -32603, message: 'malformed' } });
    } finally {
      await client.shutdown();
    }
  });

  it('sends initialize then initialized, and ignores notifications it does not know', async () => {
    const transport = new MemoryTransport();
    const client = new AppServerClient(transport, memoryLogger());
    const seen: string[] = [];
    client.onNotification((notification) => seen.push(notification.method));
    try {
      const initialized = client.initialize(clientInfo);
      const request = JSON.parse(await nextLine(transport.stdin)) as { id: number };
      assert.deepEqual(request, {
        id: request.id,
        method: 'initialize',
        params: { clientInfo, capabilities: { experimentalApi: false } },
      });
      const result = { userAgent: 'test', codexHome: '/tmp/x', platformFamily: 'unix', platformOs: 'linux' };
      transport.stdout.write(`${JSON.stringify({ id: request.id, result })}\n`);
      assert.deepEqual(JSON.parse(await nextLine(transport.stdin)), { method: 'initialized' });
      assert.deepEqual(await initialized, result);

      transport.stdout.write('{"method":"remoteControl/status/changed","params":{}}\n');
      transport.stdout.write('{"method":"warning","params":{"threadId":null,"message":"hi"},"emittedAtMs":1}\n');
      await waitFor(() => (seen.length ? true : undefined), 'a notification');
      assert.deepEqual(seen, ['warning']);
    } finally {
      await client.shutdown();
    }
    assert.equal(transport.shutdownCalls, 1);
  });

  it('rejects a pending request when the server exits', async () => {
    const transport = new MemoryTransport();
    const client = new AppServerClient(transport, memoryLogger());
    try {
      const pending = client.request('thread/start', {});
      await nextLine(transport.stdin);
      transport.crash(3);
      await assert.rejects(pending, { message: 'The Codex server exited with code 3' });
    } finally {
      await client.shutdown();
    }
  });
});
