/**
 * Ending a turn, the same way for every kind of turn: record it in the
 * thread and its rollout (flushed to disk), report the thread idle, then
 * `turn/completed`, then any approvals the end cleared.
 */
import { ModelError } from '../agent/model-error';
import { log } from '../common/log';
import type { ThreadItem, Turn, TurnError } from '../protocol';
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

/** The wire view of a turn that has not ended yet (no items: clients build those from item events). */
export function turnView(id: string, startedAtMs: number, status: Turn['status'], error: TurnError | null): Turn {
  return { id, rootTurnId: id, items: [], status, error, startedAt: Math.floor(startedAtMs / 1000), completedAt: null, durationMs: null };
}

/**
 * A turn failed: the user gets upstream's `error` notification with what to
 * do (a model error says it itself; anything else is ours, logged in full).
 */
export function reportTurnFailure(thread: LoadedThread, turnId: string, caught: unknown, what: string): TurnError {
  if (caught instanceof ModelError) {
    const error = caught.toTurnError();
    thread.emit('error', { error, willRetry: false, threadId: thread.id, turnId });
    return error;
  }
  log.error(`turn ${turnId}: ${(caught as Error)?.stack ?? caught}`);
  const error: TurnError = { message: `${what}: ${(caught as Error)?.message ?? caught}`, codexErrorInfo: 'other', additionalDetails: null };
  thread.emit('error', { error, willRetry: false, threadId: thread.id, turnId });
  return error;
}
