/**
 * A thread held in memory: its metadata, its turns (with full items), its
 * effective settings, the connections subscribed to it and the turn that
 * is running, if any. Notifications for the thread fan out from here, and
 * every change is appended to its rollout (unless it is ephemeral).
 */
import type {
  ServerNotificationMethod,
  ServerNotificationParams,
  Thread,
  ThreadStatus,
  ThreadTokenUsage,
  Turn,
} from '../protocol';
import type { ClientConnection } from '../rpc/client-connection';
import type { RolloutWriter } from '../store/rollout-file';
import type { RolloutRecord, ThreadMetadata, ThreadSettings } from '../store/rollout-records';

export type { ThreadMetadata };

/** The part of a running turn the thread needs to know about. */
export interface ActiveTurn {
  readonly id: string;
  readonly waitingOnApproval: boolean;
  interrupt(): void;
  /** Resolves once the turn has completed (in any status). */
  readonly done: Promise<void>;
  /** A view of the turn so far (for forks and reads mid-turn). */
  snapshot(): Turn;
}

export class LoadedThread {
  readonly subscribers = new Set<ClientConnection>();
  activeTurn: ActiveTurn | null = null;
  tokenUsage: ThreadTokenUsage | null = null;
  /** Whether the rollout file holds this thread's `session_meta` yet. */
  materialized: boolean;
  private readonly subscriberListeners = new Set<() => void>();

  constructor(
    public metadata: ThreadMetadata,
    public turns: Turn[],
    public settings: ThreadSettings,
    readonly rollout: RolloutWriter | null,
    options: { materialized: boolean },
  ) {
    this.materialized = options.materialized;
  }

  get id(): string {
    return this.metadata.id;
  }

  status(): ThreadStatus {
    if (!this.activeTurn) return { type: 'idle' };
    return { type: 'active', activeFlags: this.activeTurn.waitingOnApproval ? ['waitingOnApproval'] : [] };
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
