/**
 * ThreadItem → transcript entry fields. Items come from the server through
 * the host unvalidated (an external server, e.g. the official one, may send
 * types or fields we do not know), so every field is read defensively and a
 * malformed item becomes a generic entry, never an exception.
 */
import type { CommandAction, FileUpdateChange } from '../../server/protocol';
import { appendCapped, type ItemStatus, type TranscriptEntry } from './entries';
import { describeItem } from './item-label';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An entry without the store's bookkeeping (key, turn, open, version, approvals). */
export type EntryFields = DistributiveOmit<TranscriptEntry, 'key' | 'turnId' | 'open' | 'version' | 'approvals'>;

/** Above this, a generic item's JSON is cut: it is a debugging aid, not content. */
const MAX_DETAILS_CHARS = 20_000;
const STATUSES: readonly ItemStatus[] = ['inProgress', 'completed', 'failed', 'declined'];

export function fieldsFromItem(raw: unknown): EntryFields {
  const item = asRecord(raw);
  switch (item.type) {
    case 'userMessage': {
      const { text, mentions } = userContent(item.content);
      return { kind: 'user', text, mentions };
    }
    case 'agentMessage':
      return { kind: 'agent', text: str(item.text), phase: item.phase === 'commentary' || item.phase === 'final_answer' ? item.phase : null };
    case 'reasoning':
      return { kind: 'reasoning', summary: strings(item.summary), content: strings(item.content) };
    case 'plan':
      return { kind: 'plan', text: str(item.text) };
    case 'commandExecution': {
      const { text, truncated } = appendCapped('', str(item.aggregatedOutput));
      return {
        kind: 'command',
        command: str(item.command),
        cwd: str(item.cwd),
        status: status(item.status),
        output: text,
        outputTruncated: truncated,
        exitCode: int(item.exitCode),
        durationMs: int(item.durationMs),
        actions: Array.isArray(item.commandActions) ? (item.commandActions.filter(isRecord) as CommandAction[]) : [],
      };
    }
    case 'fileChange':
      return { kind: 'fileChange', changes: fileChanges(item.changes), status: status(item.status), output: '' };
    default:
      return { kind: 'generic', itemType: typeof item.type === 'string' ? item.type : 'unknown', label: describeItem(item), details: details(item) };
  }
}

/** The text of a user message, with mentions and attachments as readable placeholders. */
export function userContent(content: unknown): { text: string; mentions: string[] } {
  const parts: string[] = [];
  const mentions: string[] = [];
  for (const input of Array.isArray(content) ? content : []) {
    const part = asRecord(input);
    if (part.type === 'text') parts.push(str(part.text));
    else if (part.type === 'mention') mentions.push(str(part.path) || str(part.name));
    else if (part.type === 'localImage') parts.push(`[image: ${str(part.path)}]`);
    else if (part.type === 'skill') parts.push(`[skill: ${str(part.name)}]`);
    else parts.push(`[${typeof part.type === 'string' ? part.type : 'attachment'}]`);
  }
  return { text: parts.join('\n'), mentions };
}

export function fileChanges(value: unknown): FileUpdateChange[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((change) => {
    const kind = asRecord(change.kind);
    const type = kind.type === 'add' || kind.type === 'delete' ? kind.type : 'update';
    return {
      path: str(change.path),
      kind: type === 'update' ? { type, move_path: typeof kind.move_path === 'string' ? kind.move_path : null } : { type },
      diff: str(change.diff),
    };
  });
}

/**
 * `item/started` of an item we already know (a replay, or an approval placeholder) must not wipe
 * what deltas brought; `item/completed` replaces, except where it carries nothing to replace with
 * (a declined command's null output, the patch tool's output that items do not carry).
 */
export function keepStreamedContent(existing: TranscriptEntry, fields: EntryFields, open: boolean): void {
  if (existing.kind === 'agent' && fields.kind === 'agent' && open && !fields.text) fields.text = existing.text;
  if (existing.kind === 'reasoning' && fields.kind === 'reasoning' && open) {
    if (!fields.summary.length) fields.summary = existing.summary;
    if (!fields.content.length) fields.content = existing.content;
  }
  if (existing.kind === 'plan' && fields.kind === 'plan' && open && !fields.text) fields.text = existing.text;
  if (existing.kind === 'command' && fields.kind === 'command' && !fields.output) {
    fields.output = existing.output;
    fields.outputTruncated = existing.outputTruncated;
  }
  if (existing.kind === 'fileChange' && fields.kind === 'fileChange') {
    fields.output = existing.output;
    if (!fields.changes.length) fields.changes = existing.changes;
  }
}

export function emptyCommand(): Extract<EntryFields, { kind: 'command' }> {
  return { kind: 'command', command: '', cwd: '', status: 'inProgress', output: '', outputTruncated: false, exitCode: null, durationMs: null, actions: [] };
}

export function emptyFileChange(): Extract<EntryFields, { kind: 'fileChange' }> {
  return { kind: 'fileChange', changes: [], status: 'inProgress', output: '' };
}

function details(item: Record<string, unknown>): string | null {
  const { type: _type, id: _id, startedAtMs: _started, completedAtMs: _completed, ...rest } = item;
  if (Object.keys(rest).length === 0) return null;
  let json: string;
  try {
    json = JSON.stringify(rest, null, 2);
  } catch {
    return null;
  }
  return json.length > MAX_DETAILS_CHARS ? `${json.slice(0, MAX_DETAILS_CHARS)}\n…` : json;
}

function status(value: unknown): ItemStatus {
  return STATUSES.includes(value as ItemStatus) ? (value as ItemStatus) : 'inProgress';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(str) : [];
}

function int(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
