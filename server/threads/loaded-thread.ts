/**
 * A thread held in memory: its metadata, its turns (with full items), its
 * effective settings, the connections subscribed to it and the turn that
 * is running, if any. Notifications for the thread fan out from here.
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
import type { RolloutWriter } from '../store/rollout-store';
import type { ThreadSettings } from './thread-settings';

export type ThreadMetadata = Omit<Thread, 'status' | 'turns'>;

/** The part of a running turn the thread needs to know about. */
export interface ActiveTurn {
  readonly id: string;
  readonly waitingOnApproval: boolean;
  interrupt(): void;
  /** Resolves once the turn has completed (in any status). */
  readonly done: Promise<void>;
}

export class LoadedThread {
  readonly subscribers = new Set<ClientConnection>();
  activeTurn: ActiveTurn | null = null;
  tokenUsage: ThreadTokenUsage | null = null;

  constructor(
    public metadata: ThreadMetadata,
    public readonly turns: Turn[],
    public settings: ThreadSettings,
    readonly rollout: RolloutWriter | null,
  ) {}

  get id(): string {
    return this.metadata.id;
  }

  status(): ThreadStatus {
    if (!this.activeTurn) return { type: 'idle' };
    return { type: 'active', activeFlags: this.activeTurn.waitingOnApproval ? ['waitingOnApproval'] : [] };
  }

  snapshot(includeTurns: boolean): Thread {
    return { ...this.metadata, status: this.status(), turns: includeTurns ? this.turns.map(cloneTurn) : [] };
  }

  subscribe(connection: ClientConnection): void {
    if (this.subscribers.has(connection)) return;
    this.subscribers.add(connection);
    connection.onClose(() => this.subscribers.delete(connection));
  }

  emit<M extends ServerNotificationMethod>(method: M, params: ServerNotificationParams<M>): void {
    for (const connection of this.subscribers) connection.notify(method, params);
  }

  emitStatus(): void {
    this.emit('thread/status/changed', { threadId: this.id, status: this.status() });
  }
}

function cloneTurn(turn: Turn): Turn {
  return { ...turn, items: turn.items.slice() };
}
