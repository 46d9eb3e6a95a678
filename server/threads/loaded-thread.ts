/**
 * A thread held in memory: its metadata, its turns (with full items), its
 * effective settings, the connections subscribed to it and the turn that
 * is running, if any. Notifications for the thread fan out from here, and
 * every change is appended to its rollout (unless it is ephemeral).
 */
import {
  serializeNotification,
  type SerializedNotification,
  type ServerNotificationMethod,
  type ServerNotificationParams,
  type Thread,
  type ThreadStatus,
  type ThreadTokenUsage,
  type Turn,
} from '../protocol';
import type { ClientConnection } from '../rpc/client-connection';
import type { RolloutWriter } from '../store/rollout-file';
import type { HistoryEntry, RolloutRecord, ThreadMetadata, ThreadSettings } from '../store/rollout-records';
import { ApprovalMemory } from '../tools/command-analysis';
import { ExecSessions } from '../tools/exec';
import { ApprovalGate } from './tools/approval-gate';

export type { ThreadMetadata };

/** The part of a running turn the thread needs to know about. */
export interface ActiveTurn {
  readonly id: string;
  interrupt(): void;
  /** Resolves once the turn has completed (in any status). */
  readonly done: Promise<void>;
  /** A view of the turn so far (for forks and reads mid-turn). */
  snapshot(): Turn;
}

/** What the user allowed for the rest of the thread. */
export interface RememberedApprovals {
  commands: ApprovalMemory;
  /** Absolute paths approved with `acceptForSession` for file changes. */
  files: Set<string>;
}

export class LoadedThread {
  readonly subscribers = new Set<ClientConnection>();
  activeTurn: ActiveTurn | null = null;
  tokenUsage: ThreadTokenUsage | null = null;
  /** The conversation as the model saw it (messages, tool calls and outputs). */
  modelHistory: HistoryEntry[] = [];
  approvalMemory: RememberedApprovals = { commands: new ApprovalMemory(), files: new Set() };
  /** Commands left running in the background (session id → what they are), across turns. */
  readonly backgroundCommands = new Map<number, { command: string; cwd: string }>();
  readonly approvals: ApprovalGate;
  private execSessions: ExecSessions | null = null;
  /** Whether the rollout file holds this thread's `session_meta` yet. */
  materialized: boolean;
  private readonly subscriberListeners = new Set<() => void>();
  private readonly subscribedListeners = new Set<(connection: ClientConnection) => void>();

  constructor(
    public metadata: ThreadMetadata,
    public turns: Turn[],
    public settings: ThreadSettings,
    readonly rollout: RolloutWriter | null,
    options: { materialized: boolean },
  ) {
    this.materialized = options.materialized;
    this.approvals = new ApprovalGate(this, () => this.emitStatus());
  }

  /** The thread's command sessions (background terminals outlive a turn). */
  exec(): ExecSessions {
    this.execSessions ??= new ExecSessions();
    return this.execSessions;
  }

  /** Stops every command of the thread (unload, shutdown). */
  async stopCommands(): Promise<void> {
    await this.execSessions?.killAll();
    this.backgroundCommands.clear();
  }

  /** Updates what the user allowed, and records it so a restart keeps it. */
  rememberApproval(change: (memory: RememberedApprovals) => void): void {
    change(this.approvalMemory);
    this.persist({ type: 'approvals', payload: { commands: this.approvalMemory.commands.toJSON(), files: [...this.approvalMemory.files] } });
  }

  restoreApprovals(stored: unknown): void {
    const value = (stored ?? {}) as { commands?: unknown; files?: unknown };
    this.approvalMemory = {
      commands: ApprovalMemory.fromJSON(value.commands),
      files: new Set(Array.isArray(value.files) ? value.files.filter((path): path is string => typeof path === 'string') : []),
    };
  }

  /** Records one thing the model saw, in order. */
  recordModelItem(entry: HistoryEntry): void {
    this.modelHistory.push(entry);
    this.persist({ type: 'model_item', payload: entry });
  }

  get id(): string {
    return this.metadata.id;
  }

  status(): ThreadStatus {
    if (!this.activeTurn) return { type: 'idle' };
    return { type: 'active', activeFlags: this.approvals.waiting ? ['waitingOnApproval'] : [] };
  }

  /** The wire view; a running turn is included as it stands. */
  snapshot(includeTurns: boolean): Thread {
    let turns: Turn[] = [];
    if (includeTurns) {
      turns = this.turns.map((turn) => ({ ...turn, items: turn.items.slice() }));
      if (this.activeTurn) turns.push(this.activeTurn.snapshot());
    }
    return { ...this.metadata, status: this.status(), turns };
  }

  /** Completed turns plus the running one, as history readers see them. */
  history(): Turn[] {
    return this.activeTurn ? [...this.turns, this.activeTurn.snapshot()] : this.turns;
  }

  subscribe(connection: ClientConnection): void {
    if (this.subscribers.has(connection)) return;
    this.subscribers.add(connection);
    connection.onClose(() => this.unsubscribe(connection));
    this.notifySubscriberChange();
    for (const listener of this.subscribedListeners) listener(connection);
  }

  /** Called with each connection that subscribes (e.g. to re-send pending approvals). */
  onSubscribed(listener: (connection: ClientConnection) => void): void {
    this.subscribedListeners.add(listener);
  }

  unsubscribe(connection: ClientConnection): boolean {
    const removed = this.subscribers.delete(connection);
    if (removed) this.notifySubscriberChange();
    return removed;
  }

  onSubscribersChanged(listener: () => void): void {
    this.subscriberListeners.add(listener);
  }

  emit<M extends ServerNotificationMethod>(method: M, params: ServerNotificationParams<M>): void {
    if (this.subscribers.size > 1) {
      let notification: SerializedNotification | undefined;
      try {
        notification = serializeNotification(method, params);
      } catch {
        // Unserializable: each connection's own path logs it and carries on.
      }
      if (notification) {
        for (const connection of this.subscribers) connection.notifySerialized(notification);
        return;
      }
    }
    for (const connection of this.subscribers) connection.notify(method, params);
  }

  emitStatus(): void {
    this.emit('thread/status/changed', { threadId: this.id, status: this.status() });
  }

  /** Appends a record, writing `session_meta` first if this is the first one. */
  persist(record: RolloutRecord): void {
    if (!this.rollout) return;
    if (!this.materialized) {
      this.materialized = true;
      this.rollout.append({ type: 'session_meta', payload: { metadata: this.metadata, settings: this.settings } });
    }
    this.rollout.append(record);
  }

  private notifySubscriberChange(): void {
    for (const listener of this.subscriberListeners) listener();
  }
}
