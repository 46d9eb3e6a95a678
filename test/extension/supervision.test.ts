/**
 * Supervision with the REAL built server: a turn streams into the panel;
 * killing the server restarts it, resumes the thread and re-renders the
 * panel from `thread/history`; a panel restored after a window reload
 * reopens on its thread; a server that keeps crashing is given up on; no
 * server outlives its window.
 */
import './use-fake-vscode';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, afterEach, before, describe, it } from 'node:test';
import type { CodexWindow } from '../../extension/codex-window';
import { OPEN_THREADS_KEY } from '../../extension/chat/chat-panels';
import { startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { FakeWebviewPanel, panelSerializers, window as fakeWindow } from './fake-vscode';
import { BUILT_SERVER, processIsGone, waitFor } from './harness';
import { isType, notificationsOf, openThreadTab, posted, send, turnCompleted, waitForPosted, windowFixture, type WindowFixture } from './window-harness';

describe('supervision with the built server', { skip: !existsSync(BUILT_SERVER) && 'run `npm run build` first' }, () => {
  let model: MockModel;
  let fixture: WindowFixture;
  let codex: CodexWindow | undefined;
  const pids: number[] = [];

  before(async () => (model = await startMockModel()));
  after(() => model.close());

  afterEach(async () => {
    await codex?.shutdown();
    codex = undefined;
    for (const pid of pids.splice(0)) assert.equal(processIsGone(pid), true, `server ${pid} outlived its window`);
    await fixture?.remove();
    model.reset();
  });

  async function open(): Promise<CodexWindow> {
    fixture = await windowFixture(model.baseUrl);
    codex = fixture.open();
    return codex;
  }

  const serverPid = (window: CodexWindow) => {
    const [pid] = window.servers.processIds;
    assert.ok(pid, 'a server runs');
    pids.push(pid);
    return pid;
  };

  it('streams a turn into the panel, and after a crash restarts the server, resumes the thread and replays it', async () => {
    const window = await open();
    const panel = await openThreadTab(window);
    model.enqueue({ output: [textMessage('Hello from the model', { chunks: 4 })] });
    assert.deepEqual(await send(panel, 'Say hello'), { type: 'response', requestId: 'send-1', error: null });
    await turnCompleted(panel, 1);
    const deltas = notificationsOf(panel, 'item/agentMessage/delta').map((n) => (n.method === 'item/agentMessage/delta' ? n.params.delta : ''));
    assert.equal(deltas.join(''), 'Hello from the model');
    assert.equal(deltas.length, 4, 'streamed delta by delta');

    const firstPid = serverPid(window);
    const before = posted(panel).length;
    process.kill(firstPid, 'SIGKILL');
    const history = await waitForPosted(panel, isType('thread/history'), 'thread/history', before);
    assert.deepEqual(
      history.thread.turns.flatMap((turn) => turn.items.map((item) => item.type)),
      ['userMessage', 'agentMessage'],
    );
    const secondPid = serverPid(window);
    assert.notEqual(secondPid, firstPid);
    assert.deepEqual(
      posted(panel)
        .slice(before)
        .filter((message) => message.type !== 'server/notification')
        .map((message) => message.type),
      ['host/notice', 'thread/opened', 'thread/history'],
    );
    assert.equal(panelOf(window).session.status.phase, 'idle');

    model.enqueue({ output: [textMessage('Still here')] });
    await send(panel, 'Are you there?');
    await turnCompleted(panel, 2);
    assert.equal(model.requests.length, 2);
  });

  it('reopens a panel restored after a window reload on its thread', async () => {
    const first = await open();
    const panel = await openThreadTab(first);
    model.enqueue({ output: [textMessage('Remember me')] });
    await send(panel, 'First question');
    await turnCompleted(panel, 1);
    const threadId = panelOf(first).session.threadId;
    serverPid(first);
    await first.shutdown(); // the window reloads: the extension host goes away
    codex = undefined;
    assert.deepEqual(fixture.workspaceState.get(OPEN_THREADS_KEY), [threadId], 'the open thread is remembered');

    codex = fixture.open();
    const restoredWithState = new FakeWebviewPanel('codexThreads.chat', 'Codex: First question');
    await panelSerializers.get('codexThreads.chat')?.deserializeWebviewPanel(restoredWithState, { threadId, draft: '' });
    restoredWithState.webview.receive({ type: 'ready' });
    const history = await waitForPosted(restoredWithState, isType('thread/history'), 'thread/history');
    assert.equal(history.thread.id, threadId);
    assert.equal(history.thread.turns.length, 1);
    serverPid(codex);
  });

  it('restores a panel whose webview saved no thread id from the remembered open threads', async () => {
    const first = await open();
    const panel = await openThreadTab(first);
    model.enqueue({ output: [textMessage('Noted')] });
    await send(panel, 'Something to keep');
    await turnCompleted(panel, 1);
    const threadId = panelOf(first).session.threadId;
    serverPid(first);
    await first.shutdown();
    codex = fixture.open();
    const restored = new FakeWebviewPanel('codexThreads.chat', 'Codex');
    await panelSerializers.get('codexThreads.chat')?.deserializeWebviewPanel(restored, undefined);
    restored.webview.receive({ type: 'ready' });
    await waitForPosted(restored, isType('thread/history'), 'thread/history');
    assert.equal(codex.panels.current?.session.threadId, threadId);
    serverPid(codex);
  });

  it('gives up on a server that keeps crashing, with an error offering the log', async () => {
    fixture = await windowFixture(model.baseUrl);
    codex = fixture.open();
    // Tighter limits than the defaults: two crashes are tolerated, the third gives up.
    (codex.supervisor as unknown as { options: { maxCrashes: number } }).options.maxCrashes = 2;
    const panel = await openThreadTab(codex);
    for (let crash = 1; crash <= 3; crash++) {
      const pid = await waitFor(() => codex!.servers.processIds[0], 'a running server');
      pids.push(pid);
      const from = posted(panel).length;
      process.kill(pid, 'SIGKILL');
      // A thread without turns is not stored: after a restart the panel gets a new one.
      if (crash < 3) await waitForPosted(panel, isType('thread/opened'), 'the thread on the restarted server', from);
    }
    const closed = await waitForPosted(panel, isType('thread/closed'), 'thread/closed');
    assert.match(closed.message, /stopped by signal SIGKILL\. Start a new thread to continue\.$/);
    const error = await waitFor(() => fakeWindow.shown.find((shown) => shown.kind === 'error'), 'the give-up error');
    assert.match(error.message, /keeps crashing/);
    assert.deepEqual(error.rest, ['Show Log']);
  });
});

function panelOf(window: CodexWindow) {
  const panel = window.panels.current;
  assert.ok(panel);
  return panel;
}
