/**
 * The chat's state, built from host messages: the transcript entries and
 * the session (starting / idle / running / closed). No DOM here, so it is
 * unit-testable under Node.
 *
 * Entries are keyed by item id (protocol §4.2: several items may be open at
 * once). Deltas append in arrival order; `item/completed` replaces the text
 * (it is authoritative); `turn/completed` closes every item of its turn that
 * is still open. Mutations are recorded as dirty keys so the view can redraw
 * only what changed, once per animation frame.
 */
import type { ServerNotification, TurnError, UserInput } from '../server/protocol';
import { helpForTurnError } from './error-help';
import type { HostEvent } from './host';
import { describeItem } from './item-label';
import type { HostCommand } from './protocol';

export type EntryKind = 'user' | 'agent' | 'item' | 'notice';

export interface TranscriptEntry {
  key: string;
  kind: EntryKind;
  text: string;
  /** Still receiving content (agent message streaming, tool running). */
  open: boolean;
  turnId: string | null;
  /** Notices only. */
  severity?: 'error' | 'info';
  /** Notices only: the button that helps. */
  action?: HostCommand;
}

export type SessionPhase = 'starting' | 'idle' | 'running' | 'closed';

export interface SessionState {
  phase: SessionPhase;
  model: string | null;
  turnId: string | null;
}

export interface StoreChanges {
  /** Changed or new entries, in transcript order. */
  entries: TranscriptEntry[];
  session: boolean;
}

export class TranscriptStore {
  readonly entries: TranscriptEntry[] = [];
  readonly session: SessionState = { phase: 'starting', model: null, turnId: null };
  private readonly byKey = new Map<string, TranscriptEntry>();
  /** Transcript position of each entry, so ordering dirty entries stays cheap on long threads. */
  private readonly positions = new Map<TranscriptEntry, number>();
  private readonly failedTurns = new Set<string>();
  private readonly dirty = new Set<TranscriptEntry>();
  private sessionDirty = true;
  private noticeCount = 0;

  apply(event: HostEvent): void {
    switch (event.type) {
      case 'thread/opened':
        this.updateSession({ phase: 'idle', model: event.model });
        return;
      case 'host/notice':
        this.addNotice(event.severity, event.message, event.action);
        // The thread did not start; a send retries the start, so let the user send.
        if (event.severity === 'error' && this.session.phase === 'starting') this.updateSession({ phase: 'idle' });
        return;
      case 'thread/closed':
        this.closeOpenEntries(null);
        this.updateSession({ phase: 'closed', turnId: null });
        this.addNotice('error', event.message, 'showLog');
        return;
      case 'server/notification':
        this.applyNotification(event.notification);
        return;
    }
  }

  /** A notice that is not part of the host's history (e.g. a rejected send). */
  addNotice(severity: 'error' | 'info', text: string, action?: HostCommand): void {
    this.upsert({ key: `notice-${++this.noticeCount}`, kind: 'notice', text, open: false, turnId: null, severity, action });
  }

  /** Changes since the last call; clears them. */
  takeChanges(): StoreChanges {
    const position = (entry: TranscriptEntry) => this.positions.get(entry) ?? 0;
    const entries = [...this.dirty].sort((a, b) => position(a) - position(b));
    const changes = { entries, session: this.sessionDirty };
    this.dirty.clear();
    this.sessionDirty = false;
    return changes;
  }

  private applyNotification(notification: ServerNotification): void {
    switch (notification.method) {
      case 'turn/started':
        this.updateSession({ phase: 'running', turnId: notification.params.turn.id });
        return;
      case 'item/started':
      case 'item/completed': {
        const { item, turnId } = notification.params;
        const open = notification.method === 'item/started';
        if (item.type === 'userMessage') this.upsert({ key: item.id, kind: 'user', text: userText(item.content), open: false, turnId });
        else if (item.type === 'agentMessage') {
          // At start the text is '' and deltas follow; at completion it is the whole message.
          const existing = this.byKey.get(item.id);
          const text = open && existing ? existing.text : item.text;
          this.upsert({ key: item.id, kind: 'agent', text, open, turnId });
        } else this.upsert({ key: item.id, kind: 'item', text: describeItem(item), open, turnId });
        return;
      }
      case 'item/agentMessage/delta': {
        const { itemId, delta, turnId } = notification.params;
        const entry = this.byKey.get(itemId);
        // A delta before its item/started should not happen; tolerate it rather than drop text.
        if (entry) {
          entry.text += delta;
          this.dirty.add(entry);
        } else this.upsert({ key: itemId, kind: 'agent', text: delta, open: true, turnId });
        return;
      }
      case 'turn/completed': {
        const { turn } = notification.params;
        this.closeOpenEntries(turn.id);
        if (turn.status === 'interrupted') this.addNotice('info', 'Stopped.');
        if (turn.status === 'failed' && !this.failedTurns.has(turn.id)) this.addTurnError(turn.id, turn.error);
        if (this.session.phase === 'running') this.updateSession({ phase: 'idle', turnId: null });
        return;
      }
      case 'error': {
        const { error, willRetry, turnId } = notification.params;
        if (willRetry) this.addNotice('info', `${error.message} Retrying…`);
        else if (!this.failedTurns.has(turnId)) this.addTurnError(turnId, error);
        return;
      }
      case 'warning':
        this.addNotice('info', notification.params.message);
        return;
      case 'thread/status/changed':
        if (notification.params.status.type === 'systemError') {
          this.addNotice('error', 'The thread hit a system error.', 'showLog');
        }
        return;
      default:
        // Notifications this view does not show yet (token usage, reasoning deltas…).
        return;
    }
  }

  private addTurnError(turnId: string, error: TurnError | null): void {
    this.failedTurns.add(turnId);
    const help = helpForTurnError(error ?? { codexErrorInfo: null });
    const message = error?.message ?? 'The turn failed.';
    this.addNotice('error', help.hint ? `${message} ${help.hint}` : message, help.action);
  }

  /** Ends open entries of `turnId` (all turns when null): protocol §4.2 rule 3. */
  private closeOpenEntries(turnId: string | null): void {
    for (const entry of this.entries) {
      if (entry.open && (turnId === null || entry.turnId === turnId)) {
        entry.open = false;
        this.dirty.add(entry);
      }
    }
  }

  private upsert(next: TranscriptEntry): void {
    const existing = this.byKey.get(next.key);
    if (existing) Object.assign(existing, next);
    else {
      this.positions.set(next, this.entries.push(next) - 1);
      this.byKey.set(next.key, next);
    }
    this.dirty.add(existing ?? next);
  }

  private updateSession(patch: Partial<SessionState>): void {
    Object.assign(this.session, patch);
    this.sessionDirty = true;
  }
}

function userText(content: UserInput[]): string {
  return content
    .map((input) => (input.type === 'text' ? input.text : `[${input.type}]`))
    .join('\n');
}
