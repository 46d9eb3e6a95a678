/**
 * The web runtime's page (dist/web.js + dist/web.css, served by
 * `codex-threads app-server --listen http://…`): the chat app of the VS
 * Code webview, hosted by the same ChatRouter and ThreadSession the
 * extension uses, running in the page over an HTTP/SSE connection.
 *
 * On load: trade the address's token for a cookie, start the app, and let
 * its `ready` open the thread named by `?thread=` (resumed with its history,
 * including a turn still running) or start a new one, whose id then goes
 * into the address so reopening it resumes the thread.
 *
 * The page offers only what it can do: no `@` file mentions (the server
 * has no file search for it) and no diff editor (the inline diff is the
 * review); its header and layout are a web page's (page-header.ts,
 * web-page.css), not a VS Code panel's.
 *
 * Closing the tab disposes nothing on purpose: disposing the session would
 * interrupt the running turn, and turns belong to threads, not to tabs.
 * The server ends the tab's session after its grace period.
 */
import '../styles/web-theme.css';
import type { ClientInfo } from '../../extension/app-server/app-server-client';
import { ChatRouter } from '../../extension/chat/chat-router';
import { startApp } from '../main';
// After main's stylesheets, so the page's layout rules come later in dist/web.css and win ties.
import '../styles/web-page.css';
import { exchangeToken, type Fetch } from './access';
import { HttpConnection } from './http-connection';
import { InPageHost } from './in-page-host';
import { LiveConnection } from './live-connection';
import { readPageAddress, threadAddress, withoutToken } from './page-address';
import { PageHeader } from './page-header';
import { pageLogger as logger } from './page-logger';
import { createPageApprovals } from './page-approvals';
import { ThreadPicker } from './thread-picker';
import { commandGuidance, INLINE_DIFF_NOTICE, reconnectingNotice, SERVER_SETTING_NAMES } from './web-commands';
import { createWebLeases } from './web-leases';

declare const CODEX_THREADS_VERSION: string | undefined;

const CLIENT_INFO: ClientInfo = {
  name: 'codex_threads_web',
  title: 'Codex Threads (web)',
  version: typeof CODEX_THREADS_VERSION === 'string' ? CODEX_THREADS_VERSION : '0.0.0-dev',
};

function start(): void {
  const address = readPageAddress(location.href);
  const fetchImpl: Fetch = (input, init) => fetch(input, init);
  // A refused token may still leave a cookie from an earlier visit, so a failure here only logs:
  // the connection's own access check has the last word, and its error reaches the transcript.
  const signedIn = (address.token ? exchangeToken(address.token, fetchImpl) : Promise.resolve()).then(
    () => address.token && history.replaceState(history.state, '', withoutToken(location.href)),
    (error: Error) => logger.warn(error.message),
  );

  const host = new InPageHost(sessionStorageIfAllowed());
  // The bridge shows through the router, built below; it is called only once a connection exists, after that.
  const approvals = createPageApprovals((message) => chat.show(message), logger);
  // The chat's connection, lent to the thread picker: listing threads needs no session of its own.
  const live = new LiveConnection();
  const leases = createWebLeases({
    open: async () => {
      await signedIn;
      return HttpConnection.open({ fetch: fetchImpl, createSource: (url) => new EventSource(url), logger }, CLIENT_INFO);
    },
    onConnection: (connection) => {
      const attached = [approvals.attach(connection), live.attach(connection)];
      return { dispose: () => attached.forEach((item) => item.dispose()) };
    },
    logger,
  });
  const chat: ChatRouter = new ChatRouter({
    post: (message) => host.deliver(message),
    session: {
      threadId: address.threadId,
      connect: leases.connect,
      reconnect: leases.reconnect,
      // The server's own defaults: its cwd, config.toml's model, approval policy and sandbox.
      startParams: () => ({}),
      resumeOverrides: () => ({}),
      reconnectingNotice,
    },
    // No `@` mentions in the page (file search finds nothing), so the text is the whole input.
    toInput: (text) => [{ type: 'text', text, text_elements: [] }],
    searchFiles: async () => [],
    answerApproval: (key, decision) => void approvals.answer(key, decision, 'inline'),
    // Unused by the page's own UI (startApp below offers no diff editor); answers a stray `diff/open` anyway.
    openDiff: async (): Promise<void> => chat.show(INLINE_DIFF_NOTICE),
    runCommand: (command) => {
      if (command === 'startThread') location.assign(threadAddress(location.href, undefined));
      else chat.show(commandGuidance(command));
    },
    logger,
  });
  const picker = new ThreadPicker({ list: (params) => live.request('thread/list', params), hrefFor: pageAddressOf });
  const header = new PageHeader([picker.element]);
  const showHeader = (title: string) => header.show(title, pageAddressOf(undefined));
  chat.session.onDidChangeStatus((status) => {
    picker.setCurrent(status.threadId);
    document.title = status.title ? `${status.title} · Codex Threads` : 'Codex Threads';
    const url = threadAddress(location.href, status.threadId);
    if (status.threadId && url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', url);
    showHeader(status.title);
  });
  showHeader('');
  host.onAppMessage((message) => void chat.handleMessage(message));
  const app = document.getElementById('app');
  document.body.insertBefore(header.element, app);
  startApp(host.api, { fileMentions: false, diffEditor: false, settingNames: SERVER_SETTING_NAMES });
}

/**
 * This page for `threadId`, or for a new thread ("New thread", the picker's
 * links): never with the token, since links get copied and the cookie carries access.
 */
function pageAddressOf(threadId: string | undefined): string {
  return withoutToken(new URL(threadAddress(location.href, threadId), location.href).href);
}

function sessionStorageIfAllowed(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined; // storage blocked by the browser's settings
  }
}

start();
