import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServerLease } from '../../extension/app-server/app-server-client';
import { ChatRouter, type FileSearchResult } from '../../extension/chat/chat-router';
import { textInput } from '../../extension/chat/user-input';
import type { ServerNotification } from '../../server/protocol';
import type { HostCommand, HostToWebviewMessage } from '../../webview/protocol';
import { fakeThread, fakeTurn, threadServer, turnCompleted, type FakeConnection } from './fake-connection';
import { memoryLogger, waitFor } from './harness';

function setup(options: { threadId?: string; reconnect?: () => Promise<ServerLease | undefined> } = {}) {
  const connection = threadServer();
  const posted: HostToWebviewMessage[] = [];
  const commands: HostCommand[] = [];
  const answers: Array<[string, unknown]> = [];
  const diffs: Array<[string, string]> = [];
  let leases = 0;
  let released = 0;
  const router = new ChatRouter({
    post: (message) => posted.push(message),
    session: {
      threadId: options.threadId,
      connect: async () => {
        leases += 1;
        return { client: connection, dispose: () => (released += 1) };
      },
      reconnect: options.reconnect ?? (async () => undefined),
      startParams: () => ({ cwd: '/work', model: 'mock-model' }),
      resumeOverrides: () => ({}),
    },
    toInput: (text, mentions) => [textInput(text), ...(mentions ?? []).map((mention) => textInput(`@${mention}`))],
    searchFiles: async (query): Promise<FileSearchResult[]> => [{ path: `src/${query}.ts`, label: `${query}.ts` }],
    answerApproval: (key, decision) => void answers.push([key, decision]),
    openDiff: async (threadId, itemId) => void diffs.push([threadId, itemId]),
    runCommand: (command) => commands.push(command),
    logger: memoryLogger(),
  });
  return { router, connection, posted, commands, answers, diffs, counts: () => ({ leases, released }) };
}

const delta = (itemId: string, text: string): ServerNotification => ({
  method: 'item/agentMessage/delta',
  params: { threadId: 'thr-1', turnId: 'turn-1', itemId, delta: text },
});

const responses = (posted: HostToWebviewMessage[]) => posted.filter((message) => message.type === 'response');

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
    await router.handleMessage({ type: 'send', requestId: 'r2', text: 'hi', mentions: 'src/a.ts' });
    await router.handleMessage('ready');
    assert.deepEqual(connection.calls, []);
    assert.deepEqual(posted, []);
  });

  it('turns send into turn/start with the text and the mentions as input, and answers the request', async () => {
    const { router, connection, posted } = setup();
    await router.handleMessage({ type: 'ready' });
    await router.handleMessage({ type: 'send', requestId: 'r1', text: 'Hi there', mentions: ['src/a.ts'] });
    assert.deepEqual(connection.calls[1], {
      method: 'turn/start',
      params: { threadId: 'thr-1', input: [textInput('Hi there'), textInput('@src/a.ts')] },
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

  it('queues a send while a turn runs and starts it, answered, when the turn completes', async () => {
    const { router, connection, posted } = setup();
    await router.handleMessage({ type: 'ready' });
    await router.handleMessage({ type: 'send', requestId: 'r1', text: 'one' });
    const queued = router.handleMessage({ type: 'send', requestId: 'r2', text: 'two' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(connection.methods(), ['thread/start', 'turn/start'], 'nothing sent while the turn runs');
    assert.deepEqual(responses(posted).map((message) => message.requestId), ['r1'], 'the queued send is not answered yet');
    connection.fire(turnCompleted('turn-1'));
    await queued;
    assert.deepEqual(connection.calls.at(-1), { method: 'turn/start', params: { threadId: 'thr-1', input: [textInput('two')] } });
    assert.deepEqual(posted.at(-1), { type: 'response', requestId: 'r2', error: null });
  });

  it('drops the queue with an error when the running turn is stopped', async () => {
    const { router, connection, posted } = setup();
    await router.handleMessage({ type: 'ready' });
    await router.handleMessage({ type: 'send', requestId: 'r1', text: 'one' });
    const queued = router.handleMessage({ type: 'send', requestId: 'r2', text: 'two' });
    await new Promise((resolve) => setImmediate(resolve));
    connection.fire(turnCompleted('turn-1', 'interrupted'));
    await queued;
    assert.deepEqual(posted.at(-1), {
      type: 'response',
      requestId: 'r2',
      error: { message: 'Not sent: the turn was stopped before this queued message.' },
    });
    assert.equal(connection.methods().filter((method) => method === 'turn/start').length, 1);
  });

  it('steers the running turn, and starts a turn when none runs', async () => {
    const { router, connection, posted } = setup();
    await router.handleMessage({ type: 'ready' });
    await router.handleMessage({ type: 'steer', requestId: 'r0', text: 'start with this' });
    assert.deepEqual(connection.calls.at(-1), { method: 'turn/start', params: { threadId: 'thr-1', input: [textInput('start with this')] } });
    await router.handleMessage({ type: 'steer', requestId: 'r1', text: 'also this' });
    assert.deepEqual(connection.calls.at(-1), {
      method: 'turn/steer',
      params: { threadId: 'thr-1', input: [textInput('also this')], expectedTurnId: 'turn-1' },
    });
    assert.deepEqual(posted.at(-1), { type: 'response', requestId: 'r1', error: null });
  });

  it("forwards only its own thread's notifications, and thread-less warnings", async () => {
    const { router, connection, posted } = setup();
    await router.handleMessage({ type: 'ready' });
    connection.fire(delta('msg-1', 'mine'));
    connection.fire({ ...delta('msg-2', 'theirs'), params: { ...delta('msg-2', 'x').params, threadId: 'thr-2' } } as ServerNotification);
    connection.fire({ method: 'warning', params: { threadId: null, message: 'heads up' } });
    assert.deepEqual(
      posted.slice(1).map((message) => message.type === 'server/notification' && message.notification),
      [delta('msg-1', 'mine'), { method: 'warning', params: { threadId: null, message: 'heads up' } }],
    );
  });

  it('replays the history to a re-created webview, without the deltas of completed items', async () => {
    const { router, connection, posted } = setup();
    await router.handleMessage({ type: 'ready' });
    connection.fire(delta('msg-1', 'Hel'));
    connection.fire(delta('msg-1', 'lo'));
    const completed: ServerNotification = {
      method: 'item/completed',
      params: {
        threadId: 'thr-1',
        turnId: 'turn-1',
        completedAtMs: 1,
        item: { type: 'agentMessage', id: 'msg-1', text: 'Hello', phase: null, memoryCitation: null, moderation: null, delivery: null, questions: null },
      },
    };
    connection.fire(completed);
    connection.fire(delta('msg-2', 'still streaming'));

    router.detachWebview();
    connection.fire(delta('msg-2', ' while hidden'));
    const before = posted.length;
    assert.equal(posted.length, before, 'nothing is posted to a detached webview');

    await router.handleMessage({ type: 'ready' });
    assert.deepEqual(posted.slice(before), [
      { type: 'thread/opened', threadId: 'thr-1', model: 'mock-model' },
      { type: 'server/notification', notification: completed },
      { type: 'server/notification', notification: delta('msg-2', 'still streaming') },
      { type: 'server/notification', notification: delta('msg-2', ' while hidden') },
    ]);
    assert.equal(connection.methods().filter((method) => method === 'thread/start').length, 1, 'no second thread');
  });

  it('resumes a known thread on ready and posts its history', async () => {
    const { router, connection, posted } = setup({ threadId: 'thr-9' });
    const thread = fakeThread('thr-9', { preview: 'Earlier question', turns: [fakeTurn('turn-7', 'completed')] });
    connection.answers['thread/resume'] = { thread, model: 'mock-model' };
    await router.handleMessage({ type: 'ready' });
    assert.deepEqual(connection.calls, [{ method: 'thread/resume', params: { threadId: 'thr-9' } }]);
    assert.deepEqual(posted, [
      { type: 'thread/opened', threadId: 'thr-9', model: 'mock-model' },
      { type: 'thread/history', thread },
    ]);
    assert.equal(router.session.status.title, 'Earlier question');
  });

  it('keeps pending approvals across a history replay and posts them again after it', async () => {
    const { router, posted } = setup();
    await router.handleMessage({ type: 'ready' });
    const requested = (key: string): HostToWebviewMessage => ({
      type: 'approval/requested',
      approvalKey: key,
      method: 'item/commandExecution/requestApproval',
      params: { threadId: 'thr-1' },
    });
    router.show(requested('a1'));
    router.show(requested('a2'));
    router.show({ type: 'approval/settled', approvalKey: 'a1', decision: 'accept' });
    const history: HostToWebviewMessage = { type: 'thread/history', thread: fakeThread('thr-1') };
    const before = posted.length;
    router.show(history);
    assert.deepEqual(posted.slice(before), [history, requested('a2')]);
    router.detachWebview();
    const replayFrom = posted.length;
    await router.handleMessage({ type: 'ready' });
    assert.deepEqual(posted.slice(replayFrom), [{ type: 'thread/opened', threadId: 'thr-1', model: 'mock-model' }, history, requested('a2')]);
  });

  it('hands inline approval answers, diff requests and file searches to the services', async () => {
    const { router, posted, answers, diffs } = setup();
    await router.handleMessage({ type: 'ready' });
    await router.handleMessage({ type: 'approval/answer', approvalKey: 'approval-1', decision: 'accept' });
    await router.handleMessage({ type: 'diff/open', itemId: 'call_1' });
    await router.handleMessage({ type: 'files/search', requestId: 'r5', query: 'main' });
    assert.deepEqual(answers, [['approval-1', 'accept']]);
    assert.deepEqual(diffs, [['thr-1', 'call_1']]);
    assert.deepEqual(posted.slice(-2), [
      { type: 'files/searchResult', requestId: 'r5', files: [{ path: 'src/main.ts', label: 'main.ts' }] },
      { type: 'response', requestId: 'r5', error: null },
    ]);
  });

  it('reports a failed start with the log action, and retries on the next send', async () => {
    const { router, connection, posted } = setup();
    connection.failures['thread/start'] = new Error('model unreachable');
    await router.handleMessage({ type: 'ready' });
    assert.deepEqual(posted, [
      { type: 'host/notice', severity: 'error', message: 'Codex could not start the thread: model unreachable', action: 'showLog' },
    ]);
    await router.handleMessage({ type: 'send', requestId: 'r1', text: 'Hi' });
    assert.deepEqual(connection.methods(), ['thread/start', 'thread/start', 'turn/start']);
    assert.deepEqual(posted.at(-1), { type: 'response', requestId: 'r1', error: null });
  });

  it('closes the thread when the server stops and does not come back, and refuses later sends', async () => {
    const { router, connection, posted } = setup();
    await router.handleMessage({ type: 'ready' });
    connection.closes.fire(new Error('The Codex server exited with code 1'));
    await waitFor(() => (posted.at(-1)?.type === 'thread/closed' ? true : undefined), 'thread/closed');
    assert.deepEqual(posted.slice(-2), [
      { type: 'host/notice', severity: 'info', message: 'The Codex server exited with code 1. Restarting it…' },
      { type: 'thread/closed', message: 'The Codex server exited with code 1. Start a new thread to continue.' },
    ]);
    await router.handleMessage({ type: 'send', requestId: 'r1', text: 'Hi' });
    assert.deepEqual(posted.at(-1), {
      type: 'response',
      requestId: 'r1',
      error: { message: 'This thread has ended. Start a new thread to continue.' },
    });
  });

  it('resumes the thread on the restarted server and replays it', async () => {
    const replacement = threadServer();
    const { router, connection, posted } = setup({ reconnect: async () => ({ client: replacement, dispose: () => undefined }) });
    await router.handleMessage({ type: 'ready' });
    await router.handleMessage({ type: 'send', requestId: 'r1', text: 'Hi' });
    connection.closes.fire(new Error('The Codex server was stopped by signal SIGKILL'));
    await waitFor(() => (posted.at(-1)?.type === 'thread/history' ? true : undefined), 'thread/history');
    assert.deepEqual(replacement.calls, [{ method: 'thread/resume', params: { threadId: 'thr-1' } }]);
    assert.equal(router.session.status.phase, 'idle');
    await router.handleMessage({ type: 'send', requestId: 'r2', text: 'again' });
    assert.deepEqual(replacement.methods(), ['thread/resume', 'turn/start'], 'the running turn of the dead server is forgotten');
  });

  it('runs allowed commands for the webview', async () => {
    const { router, commands } = setup();
    await router.handleMessage({ type: 'command', command: 'setApiKey' });
    assert.deepEqual(commands, ['setApiKey']);
  });

  it('interrupts a running turn, unsubscribes and releases its lease when disposed', async () => {
    const { router, connection, counts } = setup();
    await router.handleMessage({ type: 'ready' });
    await router.handleMessage({ type: 'send', requestId: 'r1', text: 'Hi' });
    router.dispose();
    await waitFor(() => (connection.calls.at(-1)?.method === 'thread/unsubscribe' ? true : undefined), 'thread/unsubscribe');
    assert.deepEqual(connection.methods().slice(-2), ['turn/interrupt', 'thread/unsubscribe']);
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
