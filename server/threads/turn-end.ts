/**
 * Ending a turn, the same way for every kind of turn: record it in the
 * thread and its rollout (flushed to disk), report the thread idle, then
 * `turn/completed`, then any approvals the end cleared.
 */
import { log } from '../common/log';
import type { ThreadItem, Turn } from '../protocol';
import type { LoadedThread } from './loaded-thread';

export function endTurn(
  thread: LoadedThread,
  turn: Turn,
  items: ThreadItem[],
  startedAtMs: number,
  options: { summaryItems: ThreadItem[]; onFinished(): void },
): void {
  const completedAt = Math.floor(Date.now() / 1000);
  const final: Turn = { ...turn, completedAt, durationMs: Date.now() - startedAtMs };
  thread.turns.push({ ...final, items, itemsView: 'full' });
  thread.metadata.updatedAt = completedAt;
  thread.metadata.recencyAt = completedAt;
  thread.activeTurn = null;
  thread.persist({
    type: 'turn_completed',
    payload: { turnId: turn.id, status: turn.status, error: turn.error, completedAt, durationMs: final.durationMs },
  });
  try {
    thread.rollout?.sync();
  } catch (error) {
    log.error(`turn ${turn.id}: fsync failed: ${(error as Error).message}`);
  }
  options.onFinished();
  thread.emitStatus();
  thread.emit('turn/completed', { threadId: thread.id, turn: { ...final, items: options.summaryItems, itemsView: 'summary' } });
  thread.approvals.flushDeferred();
}
