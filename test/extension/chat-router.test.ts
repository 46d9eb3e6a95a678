import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppServerConnection, ServerLease } from '../../extension/app-server/app-server-client';
import { ChatRouter } from '../../extension/chat/chat-router';
import { Emitter, type Disposable } from '../../extension/common/disposable';
import type {
  ClientRequestMethod,
  RequestParams,
  RequestResult,
  ServerNotification,
  Thread,
  Turn,
} from '../../server/protocol';
import type { HostCommand, HostToWebviewMessage } from '../../webview/protocol';
import { memoryLogger, waitFor } from './harness';

type Call = { method: ClientRequestMethod; params: unknown };

/** Plays the server: records requests and answers from `answers`. */
class FakeConnection implements AppServerConnection {
  readonly calls: Call[] = [];
  readonly notifications = new Emitter<ServerNotification>();
  readonly closes = new Emitter<Error>();
  failNext: Error | undefined;

  async request<M extends ClientRequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    this.calls.push({ method, params });
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    const answers: { [K in ClientRequestMethod]?: unknown } = {
      'thread/start': { thread: thread('thr-1'), model: 'mock-model' },
      'turn/start': { turn: turn('turn-1', 'inProgress') },
      'turn/interrupt': {},
    };
    return answers[method] as RequestResult<M>;
  }

  onNotification(listener: (notification: ServerNotification) => void): Disposable {
    return this.notifications.event(listener);
  }

  onDidClose(listener: (reason: Error) => void): Disposable {
    return this.closes.event(listener);
  }
}

function thread(id: string): Thread {
  return { id, cwd: '/work' } as Thread; // only the fields the router reads
}

function turn(id: string, status: Turn['status']): Turn {
  return { id, items: [], status, error: null, startedAt: null, completedAt: null, durationMs: null };
}

function setup(options: { connectError?: Error } = {}) {
  const connection = new FakeConnection();
  const posted: HostToWebviewMessage[] = [];
  const commands: HostCommand[] = [];
  let leases = 0;
  let released = 0;
  const router = new ChatRouter({
    post: (message) => posted.push(message),
    connect: async (): Promise<ServerLease> => {
      if (options.connectError) throw options.connectError;
      leases += 1;
      return { client: connection, dispose: () => (released += 1) };
    },
    threadStartParams: () => ({ cwd: '/work', model: 'mock-model' }),
    runCommand: (command) => commands.push(command),
    logger: memoryLogger(),
  });
  return { router, connection, posted, commands, counts: () => ({ leases, released }) };
}

const delta = (itemId: string, text: string): ServerNotification => ({
  method: 'item/agentMessage/delta',
  params: { threadId: 'thr-1', turnId: 'turn-1', itemId, delta: text },
});

describe('ChatRouter', () => {
  it('starts one thread on the first ready and tells the webview', async () => {
    const { router, connection, posted } = setup();
    await router.handleMessage({ type: 'ready' });
    assert.deepEqual(connection.calls, [{ method: 'thread/start', params: { cwd: '/work', model: 'mock-model' } }]);
    assert.deepEqual(posted, [{ type: 'thread/opened', threadId: 'thr-1', model: 'mock-model' }]);
  });

  it('ignores messages that do not match the contract', async () => {
    const { router, connection, posted } = setup();
    await router.handleMessage({ type: 'send', requestId: 'r1' }); // no text
    await router.handleMessage({ type: 'command', command: 'workbench.action.terminal.new' });
    await router.handleMessage('ready');
    assert.deepEqual(connection.calls, []);
    assert.deepEqual(posted, []);
  });

  it('turns send into turn/start with the text as input and answers the request', async () => {
    const { router, connection, posted } = setup();
    await router.handleMessage({ type: 'ready' });
    await router.handleMessage({ type: 'send', requestId: 'r1', text: 'Hi there' });
    assert.deepEqual(connection.calls[1], {
      method: 'turn/start',
      params: { threadId: 'thr-1', input: [{ type: 'text', text: 'Hi there', text_elements: [] }] },
    });
    assert.deepEqual(posted.at(-1), { type: 'response', requestId: 'r1', error: null });
  });

  it('interrupts the running turn, and refuses when none runs', async () => {
    const { router, connection, posted } = setup();
    await router.handleMessage({ type: 'ready' });
    await router.handleMessage({ type: 'interrupt', requestId: 'r0' });
    assert.deepEqual(posted.at(-1), { type: 'response', requestId: 'r0', error: { message: 'No turn is running' } });
    await router.handleMessage({ type: 'send', requestId: 'r1', text: 'Hi' });
    await router.handleMessage({ type: 'interrupt', requestId: 'r2' });
    assert.deepEqual(connection.calls.at(-1), { method: 'turn/interrupt', params: { threadId: 'thr-1', turnId: 'turn-1' } });
    assert.deepEqual(posted.at(-1), { type: 'response', requestId: 'r2', error: null });
  });

  it('refuses a second send while a turn runs, and accepts one after turn/completed', async () => {
    const { router, connection, posted } = setup();
    await router.handleMessage({ type: 'ready' });
    await router.handleMessage({ type: 'send', requestId: 'r1', text: 'one' });
    await router.handleMessage({ type: 'send', requestId: 'r2', text: 'two' });
    assert.deepEqual(posted.at(-1), {
      type: 'response',
      requestId: 'r2',
      error: { message: 'A turn is already running. Stop it or wait for it to finish.' },
    });
    connection.notifications.fire({ method: 'turn/completed', params: { threadId: 'thr-1', turn: turn('turn-1', 'completed') } });
    await router.handleMessage({ type: 'send', requestId: 'r3', text: 'three' });
    assert.deepEqual(posted.at(-1), { type: 'response', requestId: 'r3', error: null });
  });

  it("forwards only its own thread's notifications, and thread-less warnings", async () => {
    const { router, connection, posted } = setup();
    await router.handleMessage({ type: 'ready' });
    connection.notifications.fire(delta('msg-1', 'mine'));
    connection.notifications.fire({ ...delta('msg-2', 'theirs'), params: { ...delta('msg-2', 'x').params, threadId: 'thr-2' } } as ServerNotification);
    connection.notifications.fire({ method: 'warning', params: { threadId: null, message: 'heads up' } });
    assert.deepEqual(
      posted.slice(1).map((message) => message.type === 'server/notification' && message.notification),
      [delta('msg-1', 'mine'), { method: 'warning', params: { threadId: null, message: 'heads up' } }],
    );
  });

  it('replays the history to a re-created webview, without the deltas of completed items', async () => {
    const { router, connection, posted } = setup();
    await router.handleMessage({ type: 'ready' });
    connection.notifications.fire(delta('msg-1', 'Hel'));
    connection.notifications.fire(delta('msg-1', 'lo'));
    const completed: ServerNotification = {
      method: 'item/completed',
      params: {
        threadId: 'thr-1',
        turnId: 'turn-1',
        completedAtMs: 1,
        item: { type: 'agentMessage', id: 'msg-1', text: 'Hello', phase: null, memoryCitation: null, moderation: null, delivery: null, questions: null },
      },
    };
    connection.notifications.fire(completed);
    connection.notifications.fire(delta('msg-2', 'still streaming'));

    router.detachWebview();
    connection.notifications.fire(delta('msg-2', ' while hidden'));
    const before = posted.length;
    assert.equal(posted.length, before, 'nothing is posted to a detached webview');

    await router.handleMessage({ type: 'ready' });
    assert.deepEqual(posted.slice(before), [
      { type: 'thread/opened', threadId: 'thr-1', model: 'mock-model' },
      { type: 'server/notification', notification: completed },
      { type: 'server/notification', notification: delta('msg-2', 'still streaming') },
      { type: 'server/notification', notification: delta('msg-2', ' while hidden') },
    ]);
    assert.equal(connection.calls.filter((call) => call.method === 'thread/start').length, 1, 'no second thread');
  });

  it('reports a failed start with the log action, and retries on the next send', async () => {
    const { router, connection, posted } = setup();
    connection.failNext = new Error('model unreachable');
    await router.handleMessage({ type: 'ready' });
    assert.deepEqual(posted, [
      { type: 'host/notice', severity: 'error', message: 'Codex could not start a thread: model unreachable', action: 'showLog' },
    ]);
    await router.handleMessage({ type: 'send', requestId: 'r1', text: 'Hi' });
    assert.deepEqual(
      connection.calls.map((call) => call.method),
      ['thread/start', 'thread/start', 'turn/start'],
    );
    assert.deepEqual(posted.at(-1), { type: 'response', requestId: 'r1', error: null });
  });

  it('closes the thread when the server stops, and refuses later sends', async () => {
    const { router, connection, posted } = setup();
    await router.handleMessage({ type: 'ready' });
    connection.closes.fire(new Error('The Codex server exited with code 1'));
    assert.deepEqual(posted.at(-1), {
      type: 'thread/closed',
      message: 'The Codex server exited with code 1. Start a new thread to continue.',
    });
    await router.handleMessage({ type: 'send', requestId: 'r1', text: 'Hi' });
    assert.deepEqual(posted.at(-1), {
      type: 'response',
      requestId: 'r1',
      error: { message: 'This thread has ended. Start a new thread to continue.' },
    });
  });

  it('runs allowed commands for the webview', async () => {
    const { router, commands } = setup();
    await router.handleMessage({ type: 'command', command: 'setApiKey' });
    assert.deepEqual(commands, ['setApiKey']);
  });

  it('interrupts a running turn and releases its lease when disposed', async () => {
    const { router, connection, counts } = setup();
    await router.handleMessage({ type: 'ready' });
    await router.handleMessage({ type: 'send', requestId: 'r1', text: 'Hi' });
    router.dispose();
    await waitFor(() => (connection.calls.at(-1)?.method === 'turn/interrupt' ? true : undefined), 'turn/interrupt');
    assert.deepEqual(counts(), { leases: 1, released: 1 });
  });

  it('tells an open thread that new settings apply to new threads', async () => {
    const { router, posted } = setup();
    await router.handleMessage({ type: 'ready' });
    router.serverSettingsChanged();
    assert.deepEqual(posted.at(-1), {
      type: 'host/notice',
      severity: 'info',
      message: 'Settings or the API key changed. They apply to new threads.',
      action: 'startThread',
    });
  });
});
