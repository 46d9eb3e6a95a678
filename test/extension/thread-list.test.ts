/**
 * The activity-bar thread list and the turn controls, with the REAL built
 * server: rows from `thread/list`, filter, archived toggle, rename, archive,
 * fork, open; a send while a turn runs is queued; steer adds to the turn.
 */
import './use-fake-vscode';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { CodexWindow } from '../../extension/codex-window';
import type { ThreadNode } from '../../extension/threads/thread-tree';
import { startMockModel, textMessage, deltasMessage, type MockModel } from '../support/mock-model';
import { commands, webviewPanels, window as fakeWindow } from './fake-vscode';
import { BUILT_SERVER } from './harness';
import { isType, openThreadTab, send, turnCompleted, waitForPosted, windowFixture, type WindowFixture } from './window-harness';

describe('the thread list and turn controls with the built server', { skip: !existsSync(BUILT_SERVER) && 'run `npm run build` first' }, () => {
  let model: MockModel;
  let fixture: WindowFixture;
  let codex: CodexWindow;

  before(async () => (model = await startMockModel()));
  after(() => model.close());
  beforeEach(async () => {
    fixture = await windowFixture(model.baseUrl);
    codex = fixture.open();
  });
  afterEach(async () => {
    await codex.shutdown();
    await fixture.remove();
    model.reset();
  });

  async function rows(): Promise<Array<{ label: string; description?: string; contextValue?: string; node: ThreadNode }>> {
    const provider = codex.threads.provider;
    const nodes = await provider.getChildren();
    return nodes.map((node) => {
      const item = provider.getTreeItem(node) as unknown as { label: string; description?: string; contextValue?: string };
      return { label: item.label, description: item.description, contextValue: item.contextValue, node };
    });
  }

  async function threadWithPrompt(prompt: string): Promise<string> {
    const panel = await openThreadTab(codex);
    model.enqueue({ output: [textMessage('ok')] });
    await send(panel, prompt);
    await turnCompleted(panel, 1);
    return codex.panels.current!.session.threadId!;
  }

  it('lists threads newest first with their first prompt and age, filters, renames, archives and unarchives', async () => {
    await threadWithPrompt('Fix the build');
    await threadWithPrompt('Write the docs');
    assert.deepEqual(
      (await rows()).map(({ label, description, contextValue }) => ({ label, description, contextValue })),
      [
        { label: 'Write the docs', description: 'just now', contextValue: 'codexThreads.thread' },
        { label: 'Fix the build', description: 'just now', contextValue: 'codexThreads.thread' },
      ],
    );

    fakeWindow.inputBox = async () => 'docs';
    await commands.executeCommand('codexThreads.threads.filter');
    assert.deepEqual((await rows()).map((row) => row.label), ['Write the docs']);
    await commands.executeCommand('codexThreads.threads.clearFilter');

    const [docs, build] = await rows();
    fakeWindow.inputBox = async () => 'Documentation';
    await commands.executeCommand('codexThreads.threads.rename', docs.node);
    await waitForLabels(['Documentation', 'Fix the build']);

    await commands.executeCommand('codexThreads.threads.archive', build.node);
    await waitForLabels(['Documentation']);
    await commands.executeCommand('codexThreads.threads.showArchived');
    const archived = await rows();
    assert.deepEqual(archived.map(({ label, contextValue }) => ({ label, contextValue })), [{ label: 'Fix the build', contextValue: 'codexThreads.archivedThread' }]);
    await commands.executeCommand('codexThreads.threads.unarchive', archived[0].node);
    await commands.executeCommand('codexThreads.threads.showActive');
    await waitForLabels(['Documentation', 'Fix the build']);
  });

  /** The list reloads shortly after the server's notifications (debounced). */
  async function waitForLabels(expected: string[]): Promise<void> {
    let last: string[] = [];
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      last = (await rows()).map((row) => row.label);
      if (JSON.stringify(last) === JSON.stringify(expected)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(last, expected);
  }

  it('opens a listed thread in its tab (revealing it when open), and forks into a new tab', async () => {
    const threadId = await threadWithPrompt('Original question');
    const [row] = await rows();
    const tabs = webviewPanels.length;
    await commands.executeCommand('codexThreads.threads.open', row.node);
    assert.equal(webviewPanels.length, tabs, 'the open tab is revealed, not duplicated');
    assert.equal(webviewPanels.at(-1)!.reveals, 1);

    await commands.executeCommand('codexThreads.threads.fork', row.node);
    assert.equal(webviewPanels.length, tabs + 1);
    const forkTab = webviewPanels.at(-1)!;
    forkTab.webview.receive({ type: 'ready' });
    const history = await waitForPosted(forkTab, isType('thread/history'), 'thread/history of the fork');
    assert.notEqual(history.thread.id, threadId);
    assert.equal(history.thread.forkedFromId, threadId);
    assert.equal(history.thread.turns.length, 1);
  });

  it('queues a send while a turn runs and starts it when the turn ends; steers the running turn', async () => {
    const panel = await openThreadTab(codex);
    model.enqueue(
      { output: [deltasMessage(['slow ', 'answer'], { delayMs: 300 })] },
      { output: [textMessage('second')] },
    );
    await send(panel, 'first');
    await model.waitForRequests(1);
    const queued = send(panel, 'second, queued');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(model.requests.length, 1, 'not sent while the first turn runs');
    const answer = await queued;
    assert.equal(answer.type === 'response' && answer.error, null, 'answered once its turn started');
    await turnCompleted(panel, 2);
    assert.equal(model.requests.length, 2);

    model.enqueue({ output: [deltasMessage(['thinking ', 'slowly'], { delayMs: 300 })] }, { output: [textMessage('steered')] });
    await send(panel, 'third');
    panel.webview.receive({ type: 'steer', requestId: 'steer-1', text: 'and mention the steer' });
    await waitForPosted(panel, (message): message is never => message.type === 'response' && message.requestId === 'steer-1', 'the steer answer');
    await turnCompleted(panel, 3);
    const inputs = JSON.stringify(model.requests.at(-1)?.body.input);
    assert.match(inputs, /and mention the steer/);
  });
});
