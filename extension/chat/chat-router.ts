/**
 * The host side of one chat panel: one webview, one thread.
 *
 * Webview messages are validated (the webview is an untrusted edge), then
 * turned into server requests; the thread's server notifications go back to
 * the webview. Everything the webview renders is also kept in `history`, so
 * a webview that is re-created (hidden without `retainContextWhenHidden`,
 * then shown) gets a replay after its next `ready`. Deltas of a completed
 * item are dropped from the history, since `item/completed` carries the
 * authoritative text.
 *
 * Host-free: the panel adapter injects `post`, `connect` and `runCommand`.
 */
import { Value } from '@sinclair/typebox/value';
import type { RequestParams, ServerNotification } from '../../server/protocol';
import { HostCommand, WebviewToHostMessage, type HostToWebviewMessage } from '../../webview/protocol';
import type { ServerLease } from '../app-server/app-server-client';
import { DisposableStore, type Disposable } from '../common/disposable';
import type { Logger } from '../common/logger';
import { notificationThreadId } from './notification-thread';

export interface ChatRouterOptions {
  /** Delivers a message to the webview; called only after its `ready`. */
  post(message: HostToWebviewMessage): void;
  /** Leases the server this panel's thread lives on. */
  connect(): Promise<ServerLease>;
  /** The `thread/start` params (cwd, model), read when the thread starts. */
  threadStartParams(): RequestParams<'thread/start'>;
  runCommand(command: HostCommand): void;
  logger: Logger;
}

type ThreadState = 'new' | 'starting' | 'open' | 'failed' | 'closed';

export class ChatRouter implements Disposable {
  private readonly disposables = new DisposableStore();
  private history: HostToWebviewMessage[] = [];
  private webviewReady = false;
  private state: ThreadState = 'new';
  private opening: Promise<void> | undefined;
  private lease: ServerLease | undefined;
  private threadId: string | undefined;
  private activeTurnId: string | undefined;

  constructor(private readonly options: ChatRouterOptions) {}

  /** The webview went away (hidden, not retained): post nothing until it says `ready` again. */
  detachWebview(): void {
    this.webviewReady = false;
  }

  /** The server's launch inputs changed: they apply to new threads only. */
  serverSettingsChanged(): void {
    if (this.state !== 'open') return;
    this.record({
      type: 'host/notice',
      severity: 'info',
      message: 'Settings or the API key changed. They apply to new threads.',
      action: 'startThread',
    });
  }

  async handleMessage(raw: unknown): Promise<void> {
    if (this.disposables.isDisposed) return;
    if (!Value.Check(WebviewToHostMessage, raw)) {
      const first = Value.Errors(WebviewToHostMessage, raw).First();
      this.options.logger.warn(`Ignoring an invalid webview message${first ? ` (${first.path} ${first.message})` : ''}`);
      return;
    }
    switch (raw.type) {
      case 'ready':
        this.webviewReady = true;
        for (const message of this.history) this.options.post(message);
        if (this.state === 'new') await this.openThread().catch((error: unknown) => this.reportOpenFailure(error));
        return;
      case 'send':
        return this.respond(raw.requestId, () => this.startTurn(raw.text));
      case 'interrupt':
        return this.respond(raw.requestId, () => this.interrupt());
      case 'command':
        this.options.runCommand(raw.command);
        return;
    }
  }

  dispose(): void {
    // The panel closed mid-turn: stop the model rather than let it run for nobody.
    if (this.lease && this.threadId && this.activeTurnId) {
      this.lease.client
        .request('turn/interrupt', { threadId: this.threadId, turnId: this.activeTurnId })
        .catch(() => undefined);
    }
    this.disposables.dispose();
  }

  private reportOpenFailure(error: unknown): void {
    this.record({ type: 'host/notice', severity: 'error', message: errorMessage(error), action: 'showLog' });
  }

  /** Starts the thread; rejects with a message for the user. Shared by concurrent callers. */
  private openThread(): Promise<void> {
    this.opening ??= this.doOpenThread().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async doOpenThread(): Promise<void> {
    this.state = 'starting';
    // The lease and its listeners share one scope, so a failed start drops them together.
    const scope = new DisposableStore();
    try {
      const lease = scope.add(await this.options.connect());
      if (this.disposables.isDisposed) {
        scope.dispose();
        return;
      }
      scope.add(lease.client.onNotification((notification) => this.forward(notification)));
      scope.add(lease.client.onDidClose((reason) => this.closeThread(reason)));
      const result = await lease.client.request('thread/start', this.options.threadStartParams());
      if (this.disposables.isDisposed) {
        scope.dispose();
        return;
      }
      this.lease = lease;
      this.disposables.add(scope);
      this.threadId = result.thread.id;
      this.state = 'open';
      this.record({ type: 'thread/opened', threadId: result.thread.id, model: result.model });
    } catch (error) {
      scope.dispose();
      this.state = 'failed';
      const message = `Codex could not start a thread: ${errorMessage(error)}`;
      this.options.logger.error(message);
      throw new Error(message);
    }
  }

  private async startTurn(text: string): Promise<void> {
    if (this.state === 'closed') throw new Error('This thread has ended. Start a new thread to continue.');
    if (this.state !== 'open') await this.openThread();
    const { lease, threadId } = this;
    if (!lease || !threadId) throw new Error('The thread is not open');
    if (this.activeTurnId) throw new Error('A turn is already running. Stop it or wait for it to finish.');
    const { turn } = await lease.client.request('turn/start', {
      threadId,
      input: [{ type: 'text', text, text_elements: [] }],
    });
    // The response precedes `turn/started`, so the turn is known before any of its events.
    if (turn.status === 'inProgress') this.activeTurnId = turn.id;
  }

  private async interrupt(): Promise<void> {
    const { lease, threadId, activeTurnId } = this;
    if (!lease || !threadId || !activeTurnId) throw new Error('No turn is running');
    await lease.client.request('turn/interrupt', { threadId, turnId: activeTurnId });
  }

  private forward(notification: ServerNotification): void {
    const threadId = notificationThreadId(notification);
    if (threadId !== null && threadId !== this.threadId) return;
    if (notification.method === 'turn/started') this.activeTurnId = notification.params.turn.id;
    if (notification.method === 'turn/completed' && notification.params.turn.id === this.activeTurnId) {
      this.activeTurnId = undefined;
    }
    if (notification.method === 'item/completed') this.dropDeltas(notification.params.item.id);
    this.record({ type: 'server/notification', notification });
  }

  private closeThread(reason: Error): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.activeTurnId = undefined;
    this.record({ type: 'thread/closed', message: `${reason.message}. Start a new thread to continue.` });
  }

  private dropDeltas(itemId: string): void {
    this.history = this.history.filter(
      (message) =>
        !(
          message.type === 'server/notification' &&
          message.notification.method === 'item/agentMessage/delta' &&
          message.notification.params.itemId === itemId
        ),
    );
  }

  /** Posts a message that is part of what the webview shows, and keeps it for replay. */
  private record(message: HostToWebviewMessage): void {
    this.history.push(message);
    if (this.webviewReady) this.options.post(message);
  }

  private async respond(requestId: string, action: () => Promise<void>): Promise<void> {
    let error: { message: string } | null = null;
    try {
      await action();
    } catch (caught) {
      error = { message: errorMessage(caught) };
    }
    // Answers are not replayed: a re-created webview has no pending requests.
    if (this.webviewReady && !this.disposables.isDisposed) this.options.post({ type: 'response', requestId, error });
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
