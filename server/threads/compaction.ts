/**
 * Compacting a thread's model history, shown as a `contextCompaction` item:
 * inline, before a request that would overflow the context window, or as
 * its own turn on `thread/compact/start`.
 */
import type { ModelClient } from '../agent/model-events';
import { summarizeHistory } from '../agent/compaction';
import { uuidv7 } from '../common/ids';
import type { LoadedThread } from './loaded-thread';
import type { TurnItems } from './turn-items';

export async function compactThread(
  thread: LoadedThread,
  client: ModelClient,
  turnId: string,
  items: TurnItems,
  signal: AbortSignal,
  options: { keepCurrentTurn: boolean },
): Promise<void> {
  const now = Date.now();
  const item = { type: 'contextCompaction' as const, id: uuidv7(), startedAtMs: now, completedAtMs: null };
  items.start(item);
  // Keep the current turn's own user messages after the summary, so the model still sees the request it is answering.
  const keepLast = options.keepCurrentTurn
    ? thread.modelHistory.filter((entry) => entry.turnId === turnId && entry.item.type === 'message' && entry.item.role === 'user').map((entry) => entry.item)
    : [];
  const { replacement } = await summarizeHistory(client, { model: thread.settings.model, history: thread.modelHistory.map((entry) => entry.item), keepLast }, signal);
  if (signal.aborted) return;
  thread.modelHistory = replacement.map((entry) => ({ turnId, item: entry }));
  thread.persist({ type: 'compacted', payload: { turnId, replacement } });
  items.complete({ ...item, completedAtMs: Date.now() });
  thread.emit('thread/compacted', { threadId: thread.id, turnId });
}
