/**
 * What the page's thread says when its server connection is lost: the
 * session's reconnect notice is injected (ThreadSession `reconnectingNotice`),
 * and the page's wording says it reconnects, where VS Code's says the
 * server restarts (that default is checked in test/extension/chat-router).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ThreadSession } from '../../extension/chat/thread-session';
import { nullLogger } from '../../extension/common/logger';
import type { HostToWebviewMessage } from '../../webview/protocol';
import { reconnectingNotice } from '../../webview/web/web-commands';
import { threadServer } from '../extension/fake-connection';
import { waitFor } from '../extension/harness';

describe("the page's reconnect notice", () => {
  it('says the page reconnects, then replays the thread on the new session', async () => {
    const lost = threadServer();
    const next = threadServer();
    const shown: HostToWebviewMessage[] = [];
    const session = new ThreadSession({
      connect: async () => ({ client: lost, dispose: () => undefined }),
      reconnect: async () => ({ client: next, dispose: () => undefined }),
      startParams: () => ({}),
      resumeOverrides: () => ({}),
      show: (message) => shown.push(message),
      reconnectingNotice,
      logger: nullLogger,
    });
    await session.open();
    lost.closes.fire(new Error('The Codex server restarted or forgot this page'));
    await waitFor(() => (shown.at(-1)?.type === 'thread/history' ? true : undefined), 'thread/history');
    const notices = shown.filter((message) => message.type === 'host/notice');
    assert.deepEqual(notices, [{ type: 'host/notice', severity: 'info', message: 'The Codex server restarted or forgot this page. Reconnecting…' }]);
    session.dispose();
  });
});
