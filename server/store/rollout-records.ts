/**
 * What a rollout file holds: one JSON record per line, appended as the
 * thread lives. Replaying the records in order rebuilds the thread. The
 * format is ours (the wire behaviour is what must match upstream).
 */
import type { ModelItem } from '../agent/model-events';
import type { ApprovalsReviewer, AskForApproval, SandboxPolicy, Thread, ThreadItem, ThreadTokenUsage, TurnError, TurnStatus } from '../protocol';

/** A thread's stored description: the wire `Thread` without status and turns. */
export type ThreadMetadata = Omit<Thread, 'status' | 'turns'>;

/** The effective settings of a thread, persisted so a resume restores them. */
export interface ThreadSettings {
  model: string;
  modelProvider: string;
  serviceTier: string | null;
  cwd: string;
  approvalPolicy: AskForApproval;
  approvalsReviewer: ApprovalsReviewer;
  sandbox: SandboxPolicy;
  reasoningEffort: string | null;
  reasoningSummary: string | null;
  baseInstructions: string | null;
  developerInstructions: string | null;
  /** The model's context window in tokens, when known: drives automatic compaction. */
  modelContextWindow?: number | null;
}

export type RolloutRecord =
  | { type: 'session_meta'; payload: { metadata: ThreadMetadata; settings: ThreadSettings } }
  | { type: 'settings'; payload: ThreadSettings }
  | { type: 'turn_started'; payload: { turnId: string; startedAtMs: number } }
  | { type: 'item_completed'; payload: { turnId: string; item: ThreadItem } }
  | {
      type: 'turn_completed';
      payload: { turnId: string; status: TurnStatus; error: TurnError | null; completedAt: number; durationMs: number | null };
    }
  | { type: 'thread_name'; payload: { name: string } }
  | { type: 'reverted'; payload: { beforeTurnId: string } }
  | { type: 'token_usage'; payload: ThreadTokenUsage }
  /** What the model saw, in order (messages, tool calls, tool outputs). */
  | { type: 'model_item'; payload: HistoryEntry }
  /** Compaction: the model's history is replaced by a summary from here on. */
  | { type: 'compacted'; payload: { turnId: string; replacement: ModelItem[] } }
  /** What the user allowed for the rest of the thread (commands, prefixes, files). */
  | { type: 'approvals'; payload: unknown };

export interface HistoryEntry {
  turnId: string;
  item: ModelItem;
}

/** A record as written: with the time it was written. */
export type StampedRecord = RolloutRecord & { timestamp: string };
