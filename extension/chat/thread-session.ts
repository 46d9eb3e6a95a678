/**
 * The server side of one chat panel: one thread on a leased server.
 *
 * Lifecycle: `open()` starts a new thread, or resumes a known one (a panel
 * restored after a window reload, a thread opened from the list) and
 * replays it as `thread/history`. While a turn runs, `send` waits in a
 * TurnQueue and `steer` adds to the turn. When the server dies, the session
 * asks `reconnect()` for a lease on the restarted server, resumes the
 * thread and replays it; when none comes, the thread is closed for good.
 * What the webview should show leaves through `show`; the state the status
 * bar needs through `onDidChangeStatus`.
 *
 * Host-free: the panel adapter injects connect/reconnect and the params.
 */
import type { RequestParams, ServerNotification, Thread, ThreadStatus, TurnStatus, UserInput } from '../../server/protocol';
import type { HostToWebviewMessage } from '../../webview/protocol';
import type { ServerLease } from '../app-server/app-server-client';
import { DisposableStore, Emitter, type Disposable } from '../common/disposable';
import type { Logger } from '../common/logger';
import { notificationThreadId } from './notification-thread';
import { TurnQueue } from './turn-queue';

export type SessionPhase = 'starting' | 'idle' | 'working' | 'waitingForApproval' | 'reconnecting' | 'failed' | 'closed';

export interface SessionStatus {
  phase: SessionPhase;
  threadId: string | undefined;
  /** The thread's name, else its first prompt; '' before either exists. */
  title: string;
  /** Tokens the thread has used (`thread/tokenUsage/updated`); null before the first report. */
  totalTokens: number | null;
  contextWindow: number | null;
}

export interface ThreadSessionOptions {
  /** Resume this thread instead of starting a new one. */
  threadId?: string;
  /** Leases the server the thread lives on. */
  connect(): Promise<ServerLease>;
  /** After the server died: a lease on its successor, or undefined when it will not come back. */
  reconnect(): Promise<ServerLease | undefined>;
  startParams(): RequestParams<'thread/start'>;
  /** Overrides sent with `thread/resume` (e.g. read-only in an untrusted workspace). */
  resumeOverrides(): Omit<RequestParams<'thread/resume'>, 'threadId'>;
  show(message: HostToWebviewMessage): void;
  /**
   * The notice shown while `reconnect()` runs, from why the server went.
   * Default: VS Code's wording (its supervisor restarts the server); a host
   * that only reconnects (the web page) says so instead.
   */
  reconnectingNotice?(reason: Error): string;
  logger: Logger;
}

type Lifecycle = 'new' | 'opening' | 'open' | 'reconnecting' | 'failed' | 'closed';

export class ThreadSession implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly statusEmitter = this.disposables.add(new Emitter<SessionStatus>());
  /** Fires whenever `status` changes. */
  readonly onDidChangeStatus = this.statusEmitter.event;
  private readonly queue = new TurnQueue();
  private lifecycle: Lifecycle = 'new';
  /** The open or reconnect in progress (never rejects); callers wait for it. */
  private pending: Promise<void> | undefined;
  /** Why the last open failed, for the callers that waited on it. */
  private failure: string | undefined;
  private lease: ServerLease | undefined;
  /** The lease and its listeners, dropped together when the server goes. */
  private scope: DisposableStore | undefined;
  private id: string | undefined;
  private activeTurnId: string | undefined;
  private turnStarting = false;
  /** Whether the thread is known to have turns (a thread without any is not stored, so it cannot be resumed). */
  private hasTurns = false;
  private everOpened = false;
  private serverStatus: ThreadStatus = { type: 'idle' };
  private title = '';
  private workingDirectory: string | undefined;
  private totalTokens: number | null = null;
  private contextWindow: number | null = null;

  constructor(private readonly options: ThreadSessionOptions) {
    this.id = options.threadId;
  }

  get threadId(): string | undefined {
    return this.id;
  }

  /** The thread's working directory, once the server told it. */
  get cwd(): string | undefined {
    return this.workingDirectory;
  }

  get isTurnRunning(): boolean {
    return this.activeTurnId !== undefined;
  }

  get status(): SessionStatus {
    return {
      phase: this.phase(),
      threadId: this.id,
      title: this.title,
      totalTokens: this.totalTokens,
      contextWindow: this.contextWindow,
    };
  }

  /**
   * Starts or resumes the thread (or waits for the open or reconnect in
   * progress); rejects with a message for the user. Each call makes at most
   * one attempt of its own, so a failed start is retried by the next send.
   */
  async open(): Promise<void> {
    let attempted = false;
    for (;;) {
      if (this.lifecycle === 'open') return;
      if (this.lifecycle === 'closed') throw new Error('This thread has ended. Start a new thread to continue.');
      if (this.disposables.isDisposed) throw new Error('The panel was closed');
      if (this.pending) {
        await this.pending;
        continue;
      }
      if (attempted) throw new Error(this.failure ?? 'The thread is not open');
      attempted = true;
      this.track(this.connectAndAttach());
    }
  }

  /** Starts a turn, or queues the prompt while one runs; resolves once its turn has started. */
  async send(input: UserInput[]): Promise<void> {
    await this.open();
    if (this.activeTurnId || this.turnStarting || this.queue.size > 0) return this.queue.push(input);
    return this.startTurn(input);
  }

  /** Adds input to the running turn; with no turn running (it just ended) the input starts the next one. */
  async steer(input: UserInput[]): Promise<void> {
    await this.open();
    const expectedTurnId = this.activeTurnId;
    if (!expectedTurnId || !this.lease || !this.id) return this.send(input);
    try {
      await this.lease.client.request('turn/steer', { threadId: this.id, input, expectedTurnId });
    } catch (error) {
      if (this.activeTurnId === expectedTurnId) throw error;
      return this.send(input); // the turn ended while the steer was on its way
    }
  }

  async interrupt(): Promise<void> {
    const { lease, id, activeTurnId } = this;
    if (!lease || !id || !activeTurnId) throw new Error('No turn is running');
    await lease.client.request('turn/interrupt', { threadId: id, turnId: activeTurnId });
  }

  dispose(): void {
    if (this.disposables.isDisposed) return;
    const { lease, id, activeTurnId } = this;
    if (lease && id) {
      // The panel closed: stop the model rather than let it run for nobody, and let the server unload the thread.
      const stop = activeTurnId ? lease.client.request('turn/interrupt', { threadId: id, turnId: activeTurnId }) : Promise.resolve();
      void stop
        .catch(() => undefined)
        .then(() => lease.client.request('thread/unsubscribe', { threadId: id }))
        .catch(() => undefined);
    }
    this.queue.clear(new Error('The panel was closed'));
    this.scope?.dispose();
    this.disposables.dispose();
  }

  /** Runs `work` as the pending operation; it is cleared only if nothing replaced it meanwhile. */
  private track(work: Promise<void>): void {
    const pending: Promise<void> = work.finally(() => {
      if (this.pending === pending) this.pending = undefined;
    });
    this.pending = pending;
  }

  private async connectAndAttach(): Promise<void> {
    this.setLifecycle('opening');
    this.failure = undefined;
    const scope = new DisposableStore();
    try {
      const lease = scope.add(await this.options.connect());
      await this.attach(lease, scope);
    } catch (error) {
      scope.dispose();
      if (this.scope === scope) {
        this.lease = undefined;
        this.scope = undefined;
      }
      if (this.lifecycle !== 'opening') return; // the server died meanwhile and serverLost() took over, or the panel closed
      this.failure = `Codex could not ${this.id ? 'open' : 'start'} the thread: ${errorMessage(error)}`;
      this.options.logger.error(this.failure);
      this.setLifecycle('failed');
    }
  }

  /** Subscribes to `lease`'s server and starts or resumes the thread on it. */
  private async attach(lease: ServerLease, scope: DisposableStore): Promise<void> {
    if (this.disposables.isDisposed) throw new Error('The panel was closed');
    this.lease = lease;
    this.scope = scope;
    scope.add(lease.client.onNotification((notification) => this.handleNotification(notification)));
    scope.add(lease.client.onDidClose((reason) => this.serverLost(lease, reason)));
    if (this.id) {
      try {
        const result = await lease.client.request('thread/resume', { threadId: this.id, ...this.options.resumeOverrides() });
        this.assertCurrent(lease);
        this.adoptThread(result.thread);
        this.hasTurns = result.thread.turns.length > 0;
        this.activeTurnId = [...result.thread.turns].reverse().find((turn) => turn.status === 'inProgress')?.id;
        this.setLifecycle('open');
        this.options.show({ type: 'thread/opened', threadId: result.thread.id, model: result.model });
        this.options.show({ type: 'thread/history', thread: result.thread });
        return;
      } catch (error) {
        this.assertCurrent(lease);
        if (this.hasTurns) throw error;
        // Nothing of it can be lost: a thread without turns is never stored, so it is gone after a restart.
        this.options.logger.info(`Could not resume thread ${this.id} (${errorMessage(error)}); starting a new one`);
        if (!this.everOpened) {
          this.options.show({ type: 'host/notice', severity: 'info', message: `The previous thread could not be reopened (${errorMessage(error)}). This is a new thread.` });
        }
        this.id = undefined;
      }
    }
    const result = await lease.client.request('thread/start', this.options.startParams());
    this.assertCurrent(lease);
    this.id = result.thread.id;
    this.adoptThread(result.thread);
    this.setLifecycle('open');
    this.options.show({ type: 'thread/opened', threadId: result.thread.id, model: result.model });
  }

  /** A request outlived its server or its panel: stop here, silently (serverLost or dispose reports it). */
  private assertCurrent(lease: ServerLease): void {
    if (this.lease !== lease || this.disposables.isDisposed) throw new Error('superseded');
  }

  private serverLost(lease: ServerLease, reason: Error): void {
    if (this.lease !== lease || this.disposables.isDisposed) return;
    this.lease = undefined;
    this.scope?.dispose();
    this.scope = undefined;
    this.activeTurnId = undefined;
    this.queue.clear(new Error('Not sent: the Codex server stopped.'));
    if (!this.id) {
      this.failure = reason.message;
      this.setLifecycle('failed'); // no thread yet: the next send starts one on a new server
      return;
    }
    this.setLifecycle('reconnecting');
    const message = this.options.reconnectingNotice?.(reason) ?? `${reason.message}. Restarting it…`;
    this.options.show({ type: 'host/notice', severity: 'info', message });
    this.track(this.reconnect(reason));
  }

  private async reconnect(reason: Error): Promise<void> {
    const next = await this.options.reconnect().catch(() => undefined);
    if (this.disposables.isDisposed || this.lifecycle !== 'reconnecting') {
      next?.dispose();
      return;
    }
    if (!next) return this.close(reason.message);
    const scope = new DisposableStore();
    scope.add(next);
    try {
      await this.attach(next, scope);
    } catch (error) {
      scope.dispose();
      if (this.lease === next) this.close(`Codex could not reopen the thread: ${errorMessage(error)}`);
    }
  }

  private close(message: string): void {
    this.lease = undefined;
    this.scope?.dispose();
    this.scope = undefined;
    this.activeTurnId = undefined;
    this.setLifecycle('closed');
    this.options.show({ type: 'thread/closed', message: `${message}. Start a new thread to continue.` });
  }

  private async startTurn(input: UserInput[]): Promise<void> {
    const { lease, id } = this;
    if (!lease || !id) throw new Error('The thread is not open');
    this.turnStarting = true;
    try {
      const { turn } = await lease.client.request('turn/start', { threadId: id, input });
      // The response precedes `turn/started`, so the turn is known before any of its events.
      if (turn.status === 'inProgress') this.activeTurnId = turn.id;
      this.hasTurns = true;
      this.emitStatus();
    } catch (error) {
      this.queue.clear(new Error(`Not sent: ${errorMessage(error)}`));
      throw error;
    } finally {
      this.turnStarting = false;
    }
  }

  private handleNotification(notification: ServerNotification): void {
    const threadId = notificationThreadId(notification);
    if (threadId !== null && threadId !== this.id) return;
    switch (notification.method) {
      case 'turn/started':
        this.activeTurnId = notification.params.turn.id;
        this.hasTurns = true;
        break;
      case 'turn/completed':
        if (notification.params.turn.id === this.activeTurnId) this.activeTurnId = undefined;
        break;
      case 'thread/status/changed':
        this.serverStatus = notification.params.status;
        break;
      case 'thread/tokenUsage/updated':
        this.totalTokens = notification.params.tokenUsage.total.totalTokens;
        this.contextWindow = notification.params.tokenUsage.modelContextWindow;
        break;
      case 'thread/name/updated':
        if (notification.params.threadName) this.title = notification.params.threadName;
        break;
      case 'item/started': {
        const item = notification.params.item;
        if (!this.title && item.type === 'userMessage') this.title = previewOf(item.content);
        break;
      }
    }
    this.options.show({ type: 'server/notification', notification });
    this.emitStatus();
    if (notification.method === 'turn/completed' && !this.activeTurnId) this.startQueued(notification.params.turn.status);
  }

  /** A turn ended: the next queued prompt starts if it ended normally; a stopped or failed turn drops the queue. */
  private startQueued(status: TurnStatus): void {
    if (this.queue.size === 0) return;
    if (status !== 'completed') {
      this.queue.clear(new Error(`Not sent: the turn ${status === 'interrupted' ? 'was stopped' : 'failed'} before this queued message.`));
      return;
    }
    const next = this.queue.shift();
    if (next) this.startTurn(next.input).then(next.resolve, next.reject);
  }

  private adoptThread(thread: Thread): void {
    this.serverStatus = thread.status;
    this.workingDirectory = thread.cwd;
    this.title = thread.name || thread.preview || this.title;
  }

  private phase(): SessionPhase {
    switch (this.lifecycle) {
      case 'new':
      case 'opening':
        return 'starting';
      case 'reconnecting':
      case 'failed':
      case 'closed':
        return this.lifecycle;
    }
    if (this.serverStatus.type === 'active') {
      return this.serverStatus.activeFlags.includes('waitingOnApproval') ? 'waitingForApproval' : 'working';
    }
    return this.activeTurnId || this.turnStarting ? 'working' : 'idle';
  }

  private setLifecycle(lifecycle: Lifecycle): void {
    this.lifecycle = lifecycle;
    if (lifecycle === 'open') this.everOpened = true;
    if (lifecycle !== 'open') this.serverStatus = { type: 'idle' };
    this.emitStatus();
  }

  private emitStatus(): void {
    if (!this.disposables.isDisposed) this.statusEmitter.fire(this.status);
  }
}

function previewOf(content: UserInput[]): string {
  const text = content.find((part) => part.type === 'text');
  return text && text.type === 'text' ? text.text.replace(/\s+/g, ' ').trim().slice(0, 80) : '';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
