/**
 * The items of one turn: which are open, which completed, in order. Starting
 * an item announces it; completing one records it in the rollout and
 * announces its final state (authoritative for clients).
 */
import type { ThreadItem } from '../protocol';
import type { LoadedThread } from './loaded-thread';

export class TurnItems {
  readonly completed: ThreadItem[] = [];
  private readonly open = new Map<string, ThreadItem>();

  constructor(
    private readonly thread: LoadedThread,
    private readonly turnId: string,
  ) {}

  start(item: ThreadItem): void {
    this.open.set(item.id, item);
    this.thread.emit('item/started', {
      item: { ...item },
      threadId: this.thread.id,
      turnId: this.turnId,
      startedAtMs: item.startedAtMs ?? Date.now(),
    });
  }

  /** The open item with this id, to update as deltas arrive. */
  get<T extends ThreadItem>(id: string): T | undefined {
    return this.open.get(id) as T | undefined;
  }

  complete(item: ThreadItem): void {
    this.open.delete(item.id);
    const final = { ...item, completedAtMs: item.completedAtMs ?? Date.now() };
    this.completed.push(final);
    this.thread.persist({ type: 'item_completed', payload: { turnId: this.turnId, item: final } });
    this.thread.emit('item/completed', {
      item: final,
      threadId: this.thread.id,
      turnId: this.turnId,
      completedAtMs: final.completedAtMs,
      contentTokenCount: null,
    });
  }

  /**
   * At the end of an interrupted turn: keep what open items showed (a message
   * cut short keeps its text) in history, without announcing them; clients
   * finalize open items on `turn/completed`, as upstream expects.
   */
  closeOpen(): void {
    for (const item of this.open.values()) {
      const closed = closeItem(item);
      this.completed.push(closed);
      this.thread.persist({ type: 'item_completed', payload: { turnId: this.turnId, item: closed } });
    }
    this.open.clear();
  }

  all(): ThreadItem[] {
    return [...this.completed, ...[...this.open.values()].map((item) => ({ ...item }))];
  }
}

function closeItem(item: ThreadItem): ThreadItem {
  const completedAtMs = Date.now();
  if (item.type === 'commandExecution' || item.type === 'fileChange') {
    return { ...item, status: item.status === 'inProgress' ? 'failed' : item.status, completedAtMs };
  }
  return { ...item, completedAtMs };
}
