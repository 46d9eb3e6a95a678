/**
 * Rebuilds a thread from its rollout records. Tolerant by design: a torn or
 * unknown line is skipped (and reported), an item recorded twice is kept
 * once, and a turn that never recorded its end (the server died) comes
 * back `interrupted`, as upstream reports it.
 */
import type { ThreadTokenUsage, Turn } from '../protocol';
import type { HistoryEntry, StampedRecord, ThreadMetadata, ThreadSettings } from './rollout-records';

export interface ReplayedThread {
  metadata: ThreadMetadata;
  settings: ThreadSettings;
  turns: Turn[];
  tokenUsage: ThreadTokenUsage | null;
  /** The turn that was running when the process died, if any. */
  unfinishedTurnId: string | null;
  /** The model's view of the conversation (after the last compaction). */
  modelHistory: HistoryEntry[];
  /** The latest remembered approvals, as stored. */
  approvals: unknown;
}

export function replayRollout(records: StampedRecord[]): ReplayedThread | null {
  const meta = records.find((record) => record.type === 'session_meta');
  if (!meta || meta.type !== 'session_meta') return null;
  const metadata: ThreadMetadata = { ...meta.payload.metadata };
  let settings: ThreadSettings = { ...meta.payload.settings };
  let turns: Turn[] = [];
  const itemIds = new Map<string, Set<string>>();
  let tokenUsage: ThreadTokenUsage | null = null;
  let lastActivity = metadata.updatedAt;
  let modelHistory: HistoryEntry[] = [];
  let approvals: unknown = null;

  for (const record of records) {
    const at = Math.floor(Date.parse(record.timestamp) / 1000);
    switch (record.type) {
      case 'settings':
        settings = { ...record.payload };
        break;
      case 'turn_started': {
        if (turns.some((turn) => turn.id === record.payload.turnId)) break;
        turns.push({
          id: record.payload.turnId,
          rootTurnId: record.payload.turnId,
          items: [],
          itemsView: 'full',
          status: 'inProgress',
          error: null,
          startedAt: Math.floor(record.payload.startedAtMs / 1000),
          completedAt: null,
          durationMs: null,
        });
        itemIds.set(record.payload.turnId, new Set());
        break;
      }
      case 'item_completed': {
        const turn = turns.find((candidate) => candidate.id === record.payload.turnId);
        const seen = itemIds.get(record.payload.turnId);
        if (!turn || !seen || seen.has(record.payload.item.id)) break;
        seen.add(record.payload.item.id);
        turn.items.push(record.payload.item);
        if (!metadata.preview && record.payload.item.type === 'userMessage') {
          metadata.preview = record.payload.item.content.flatMap((input) => (input.type === 'text' ? [input.text] : [])).join('\n');
        }
        break;
      }
      case 'turn_completed': {
        const turn = turns.find((candidate) => candidate.id === record.payload.turnId);
        if (!turn) break;
        turn.status = record.payload.status;
        turn.error = record.payload.error;
        turn.completedAt = record.payload.completedAt;
        turn.durationMs = record.payload.durationMs;
        break;
      }
      case 'thread_name':
        metadata.name = record.payload.name;
        break;
      case 'reverted': {
        const index = turns.findIndex((turn) => turn.id === record.payload.beforeTurnId);
        if (index !== -1) {
          const kept = new Set(turns.slice(0, index).map((turn) => turn.id));
          turns = turns.slice(0, index);
          modelHistory = modelHistory.filter((entry) => kept.has(entry.turnId));
        }
        break;
      }
      case 'token_usage':
        tokenUsage = record.payload;
        break;
      case 'model_item':
        modelHistory.push(record.payload);
        break;
      case 'compacted':
        modelHistory = record.payload.replacement.map((item) => ({ turnId: record.payload.turnId, item }));
        break;
      case 'approvals':
        approvals = record.payload;
        break;
    }
    if (Number.isFinite(at)) lastActivity = Math.max(lastActivity, at);
  }

  let unfinishedTurnId: string | null = null;
  for (const turn of turns) {
    if (turn.status !== 'inProgress') continue;
    turn.status = 'interrupted';
    turn.error = null;
    unfinishedTurnId = turn.id;
  }
  metadata.updatedAt = lastActivity;
  metadata.recencyAt = lastActivity;
  if (settings.model) metadata.model = settings.model;
  return { metadata, settings, turns, tokenUsage, unfinishedTurnId, modelHistory, approvals };
}
