/**
 * The host side of one chat panel's webview.
 *
 * Webview messages are validated (the webview is an untrusted edge), then
 * handed to the panel's ThreadSession or to the window's services
 * (approvals, diffs, file search). Everything the webview renders is also
 * kept in `history`, so a webview that is re-created (hidden without
 * `retainContextWhenHidden`, then shown) gets a replay after its next
 * `ready`. Deltas of a completed item are dropped from the history, since
 * `item/completed` carries the authoritative state; a `thread/history`
 * (resume after a reload or a server restart) supersedes everything before
 * it except approvals still pending, which are posted again after it.
 *
 * Host-free: the panel adapter injects `post`, the session's ports and the services.
 */
import { Value } from '@sinclair/typebox/value';
import type { Thread, UserInput } from '../../server/protocol';
import { HostCommand, WebviewToHostMessage, type HostToWebviewMessage } from '../../webview/protocol';
import { DisposableStore, type Disposable } from '../common/disposable';
import type { Logger } from '../common/logger';
import { errorMessage, ThreadSession, type ThreadSessionOptions } from './thread-session';

export interface FileSearchResult {
  /** Workspace-relative (prefixed by the folder's name in a multi-root window). */
  path: string;
  label: string;
}

export interface ChatRouterOptions {
  /** Delivers a message to the webview; called only after its `ready`. */
  post(message: HostToWebviewMessage): void;
  /** The session's ports (its `show` is this router). */
  session: Omit<ThreadSessionOptions, 'show' | 'logger'>;
  /** The composer's text and `@` mentions as the turn's input. */
  toInput(text: string, mentions: readonly string[] | undefined): UserInput[];
  searchFiles(query: string): Promise<FileSearchResult[]>;
  /** An inline approval button was clicked (the approval router decides whether it still counts). */
  answerApproval(approvalKey: string, decision: unknown): void;
  openDiff(threadId: string, itemId: string): Promise<void>;
  /** A whole thread was replayed (its file changes become reviewable). */
  onHistory?(thread: Thread): void;
  runCommand(command: HostCommand): void;
  logger: Logger;
}

export class ChatRouter implements Disposable {
  private readonly disposables = new DisposableStore();
  readonly session: ThreadSession;
  private history: HostToWebviewMessage[] = [];
  private webviewReady = false;
  private started = false;

  constructor(private readonly options: ChatRouterOptions) {
    this.session = this.disposables.add(
      new ThreadSession({ ...options.session, show: (message) => this.show(message), logger: options.logger }),
    );
  }

  /** The webview went away (hidden, not retained): post nothing until it says `ready` again. */
  detachWebview(): void {
    this.webviewReady = false;
  }

  /** The server's launch inputs changed: they apply to new threads only. */
  serverSettingsChanged(): void {
    if (!this.session.threadId) return;
    this.show({
      type: 'host/notice',
      severity: 'info',
      message: 'Settings or the API key changed. They apply to new threads.',
      action: 'startThread',
    });
  }

  /** Prompts from the host itself ("Ask about selection"): the same path as the composer's Send. */
  async sendPrompt(text: string): Promise<void> {
    this.started = true;
    await this.session.send(this.options.toInput(text, undefined));
  }

  /**
   * Posts a message that is part of what the webview shows, and keeps it
   * for replay. The session and the approval router speak through this.
   */
  show(message: HostToWebviewMessage): void {
    if (this.disposables.isDisposed) return;
    if (message.type === 'thread/history') return this.resetTo(message);
    if (message.type === 'server/notification' && message.notification.method === 'item/completed') {
      this.dropDeltas(message.notification.params.item.id);
    }
    this.history.push(message);
    if (this.webviewReady) this.options.post(message);
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
        if (!this.started) {
          this.started = true;
          await this.session.open().catch((error: unknown) => this.reportOpenFailure(error));
        }
        return;
      case 'send':
        return this.respond(raw.requestId, () => this.session.send(this.options.toInput(raw.text, raw.mentions)));
      case 'steer':
        return this.respond(raw.requestId, () => this.session.steer(this.options.toInput(raw.text, undefined)));
      case 'interrupt':
        return this.respond(raw.requestId, () => this.session.interrupt());
      case 'command':
        this.options.runCommand(raw.command);
        return;
      case 'approval/answer':
        this.options.answerApproval(raw.approvalKey, raw.decision);
        return;
      case 'diff/open': {
        const threadId = this.session.threadId;
        if (!threadId) return;
        await this.options.openDiff(threadId, raw.itemId).catch((error: unknown) =>
          this.show({ type: 'host/notice', severity: 'error', message: `Could not open the diff: ${errorMessage(error)}` }),
        );
        return;
      }
      case 'files/search':
        return this.searchFiles(raw.requestId, raw.query);
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private reportOpenFailure(error: unknown): void {
    this.show({ type: 'host/notice', severity: 'error', message: errorMessage(error), action: 'showLog' });
  }

  /** Answers with `files/searchResult`, then settles the request with a `response` like every other request. */
  private async searchFiles(requestId: string, query: string): Promise<void> {
    await this.respond(requestId, async () => {
      const files = await this.options.searchFiles(query);
      if (this.webviewReady && !this.disposables.isDisposed) this.options.post({ type: 'files/searchResult', requestId, files });
    });
  }

  /** A whole-thread replay replaces the history; approvals still pending survive it and are posted again. */
  private resetTo(replay: HostToWebviewMessage & { type: 'thread/history' }): void {
    this.options.onHistory?.(replay.thread);
    const settled = new Set(this.history.flatMap((message) => (message.type === 'approval/settled' ? [message.approvalKey] : [])));
    const pending = this.history.filter((message) => message.type === 'approval/requested' && !settled.has(message.approvalKey));
    const opened = this.history.filter((message) => message.type === 'thread/opened').slice(-1);
    this.history = [...opened, replay, ...pending];
    if (!this.webviewReady) return;
    this.options.post(replay);
    for (const message of pending) this.options.post(message);
  }

  /** Streamed pieces of an item are redundant once `item/completed` carries its final state. */
  private dropDeltas(itemId: string): void {
    this.history = this.history.filter(
      (message) =>
        !(
          message.type === 'server/notification' &&
          /delta$/i.test(message.notification.method) &&
          (message.notification.params as { itemId?: unknown }).itemId === itemId
        ),
    );
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
