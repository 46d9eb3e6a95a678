/**
 * What the transcript shows, one entry per thread item (plus notices and the
 * turn's plan). Entries are plain data built by the store from host
 * messages; views read them and never write them. `version` grows on every
 * change, so a view (or the virtual list's height cache) can tell a stale
 * rendering from a fresh one without deep comparison.
 */
import type { CommandAction, FileUpdateChange, TurnPlanStep } from '../../server/protocol';
import type { HostCommand } from '../protocol';
import type { DecisionOption } from './decisions';

export type ItemStatus = 'inProgress' | 'completed' | 'failed' | 'declined';

/** An approval request shown on its item; the first answer (inline, modal, another client) wins. */
export interface ApprovalState {
  /** The host's key (`approval/requested.approvalKey`). */
  key: string;
  kind: 'command' | 'fileChange';
  itemId: string;
  turnId: string | null;
  reason: string | null;
  /** Command approvals: what would run, and where. */
  command: string | null;
  cwd: string | null;
  /** File-change approvals: a session-wide write grant under this root, when asked. */
  grantRoot: string | null;
  /** Network approvals: the host the command wants to reach. */
  networkHost: string | null;
  options: DecisionOption[];
  /** `answering`: the user clicked; waiting for the host's `approval/settled`. */
  status: 'pending' | 'answering' | 'settled';
  /** The decision clicked here or reported by the host (null when the server cleared it). */
  decision: unknown;
}

interface EntryBase {
  /** The item id (deltas and approvals refer to it), or a synthetic key for notices and plans. */
  key: string;
  turnId: string | null;
  /** Still receiving content; closed by `item/completed` or the end of its turn. */
  open: boolean;
  version: number;
  approvals: ApprovalState[];
}

export interface UserEntry extends EntryBase {
  kind: 'user';
  text: string;
  /** Files the message mentioned (`mention` inputs). */
  mentions: string[];
}

export interface AgentEntry extends EntryBase {
  kind: 'agent';
  text: string;
  phase: 'commentary' | 'final_answer' | null;
}

export interface ReasoningEntry extends EntryBase {
  kind: 'reasoning';
  summary: string[];
  content: string[];
}

export interface CommandEntry extends EntryBase {
  kind: 'command';
  command: string;
  cwd: string;
  status: ItemStatus;
  /** Output so far (live deltas), replaced by `aggregatedOutput` at completion; capped to its tail. */
  output: string;
  /** True when the head of the output was dropped to keep memory bounded. */
  outputTruncated: boolean;
  exitCode: number | null;
  durationMs: number | null;
  actions: CommandAction[];
}

export interface FileChangeEntry extends EntryBase {
  kind: 'fileChange';
  changes: FileUpdateChange[];
  status: ItemStatus;
  /** The patch tool's own output (`item/fileChange/outputDelta`), e.g. its error. */
  output: string;
}

/** A `plan` item: the model's plan as markdown text. */
export interface PlanEntry extends EntryBase {
  kind: 'plan';
  text: string;
}

/** The turn's checklist from `turn/plan/updated` (one entry per turn, updated in place). */
export interface TurnPlanEntry extends EntryBase {
  kind: 'turnPlan';
  explanation: string | null;
  steps: TurnPlanStep[];
}

/** Any item this view has no dedicated rendering for (newer servers, rare types). */
export interface GenericEntry extends EntryBase {
  kind: 'generic';
  itemType: string;
  label: string;
  /** The item's other fields as pretty JSON, for a collapsed "details" section. */
  details: string | null;
}

export interface NoticeEntry extends EntryBase {
  kind: 'notice';
  severity: 'error' | 'info';
  text: string;
  /** The button that helps. */
  action: HostCommand | null;
}

export type TranscriptEntry =
  | UserEntry
  | AgentEntry
  | ReasoningEntry
  | CommandEntry
  | FileChangeEntry
  | PlanEntry
  | TurnPlanEntry
  | GenericEntry
  | NoticeEntry;

export type EntryKind = TranscriptEntry['kind'];

/** The largest command output kept per item (its tail); a runaway `yes` must not exhaust the webview. */
export const MAX_OUTPUT_CHARS = 256 * 1024;

/** Appends `delta` to `output`, keeping at most `MAX_OUTPUT_CHARS` of the tail. */
export function appendCapped(output: string, delta: string): { text: string; truncated: boolean } {
  const text = output + delta;
  if (text.length <= MAX_OUTPUT_CHARS) return { text, truncated: false };
  return { text: text.slice(text.length - MAX_OUTPUT_CHARS), truncated: true };
}
