/**
 * The chat's state, built from host messages: transcript entries and the
 * session (phase, model, token usage, a transient retry notice). No DOM,
 * so it runs under Node in unit tests.
 *
 * Ordering rules (protocol §4.2): entries are keyed by item id, since several
 * items may be open at once; deltas append in arrival order; `item/completed`
 * is authoritative and replaces the accumulated state; `turn/completed`
 * closes whatever of its turn is still open (an item waiting for approval
 * gets no `item/completed` on interrupt). `thread/history` replaces
 * everything. Each mutation bumps the entry's `version` and marks it dirty,
 * so the view redraws only what changed, once per animation frame.
 */
import type { Static } from '@sinclair/typebox';
import type { ServerNotification, Thread, ThreadTokenUsage, TurnError } from '../../server/protocol';
import type { HostEvent } from '../host';
import type { ApprovalSettledMessage, HostCommand } from '../protocol';
import { approvalFromRequest } from './approval-state';
import { appendCapped, type ApprovalState, type TranscriptEntry } from './entries';
import { helpForTurnError, VSCODE_SETTING_NAMES, type SettingNames } from './error-help';
import { asRecord, emptyCommand, emptyFileChange, fieldsFromItem, fileChanges, keepStreamedContent, str, type EntryFields } from './item-entries';

export type SessionPhase = 'starting' | 'idle' | 'running' | 'closed';

export interface SessionState {
  phase: SessionPhase;
  model: string | null;
  turnId: string | null;
  threadName: string | null;
  /** The thread's working directory, when known (from `thread/history`): paths are shown relative to it. */
  cwd: string | null;
  /** A passing notice (the server is retrying); cleared by the next sign of progress. */
  transient: string | null;
  tokenUsage: ThreadTokenUsage | null;
}

export interface StoreChanges {
  /** Everything was replaced (`thread/history`): redraw from scratch. */
  reset: boolean;
  /** Changed or new entries, in transcript order. */
  entries: TranscriptEntry[];
  session: boolean;
}

type Fields<K extends TranscriptEntry['kind']> = Extract<EntryFields, { kind: K }>;

export class TranscriptStore {
  /** `settingNames`: how error hints name the model and base-URL settings in this host. */
  constructor(private readonly settingNames: SettingNames = VSCODE_SETTING_NAMES) {}

  entries: TranscriptEntry[] = [];
  readonly session: SessionState = {
    phase: 'starting',
    model: null,
    turnId: null,
    threadName: null,
    cwd: null,
    transient: null,
    tokenUsage: null,
  };
  private byKey = new Map<string, TranscriptEntry>();
  /** Transcript position of each entry, so sorting dirty entries stays cheap on long threads. */
  private positions = new Map<TranscriptEntry, number>();
  private approvals = new Map<string, ApprovalState>();
  private failedTurns = new Set<string>();
  private dirty = new Set<TranscriptEntry>();
  private sessionDirty = true;
  private resetPending = false;
  private counter = 0;

  apply(event: HostEvent): void {
    switch (event.type) {
      case 'thread/opened':
        this.updateSession({ phase: this.session.phase === 'running' ? 'running' : 'idle', model: event.model });
        return;
      case 'host/notice':
        this.addNotice(event.severity, event.message, event.action);
        // The thread did not start; a send retries the start, so let the user send.
        if (event.severity === 'error' && this.session.phase === 'starting') this.updateSession({ phase: 'idle' });
        return;
      case 'thread/closed':
        this.closeOpen(null);
        this.updateSession({ phase: 'closed', turnId: null, transient: null });
        this.addNotice('error', event.message, 'showLog');
        return;
      case 'server/notification':
        this.applyNotification(event.notification);
        return;
      case 'thread/history':
        this.loadHistory(event.thread);
        return;
      case 'approval/requested':
        this.requestApproval(event);
        return;
      case 'approval/settled':
        this.settleApproval(event);
        return;
      case 'files/searchResult':
        return; // the composer's, not the transcript's
    }
  }

  /** A notice that is not part of the host's history (e.g. a rejected send). */
  addNotice(severity: 'error' | 'info', text: string, action: HostCommand | null = null): void {
    this.insert({ key: `notice-${++this.counter}`, turnId: null, open: false, kind: 'notice', severity, text, action });
  }

  /** The user clicked an approval button: disable the card until the host settles it. */
  markAnswering(approvalKey: string, decision: unknown): void {
    const approval = this.approvals.get(approvalKey);
    if (!approval || approval.status !== 'pending') return;
    approval.status = 'answering';
    approval.decision = decision;
    this.touchKey(approval.itemId);
  }

  /** Approvals still waiting for an answer (the status line says so). */
  pendingApprovals(): number {
    let count = 0;
    for (const approval of this.approvals.values()) if (approval.status !== 'settled') count++;
    return count;
  }

  get(key: string): TranscriptEntry | undefined {
    return this.byKey.get(key);
  }

  /** Changes since the last call; clears them. */
  takeChanges(): StoreChanges {
    const position = (entry: TranscriptEntry) => this.positions.get(entry) ?? 0;
    const entries = [...this.dirty].sort((a, b) => position(a) - position(b));
    const changes = { reset: this.resetPending, entries, session: this.sessionDirty };
    this.dirty.clear();
    this.sessionDirty = false;
    this.resetPending = false;
    return changes;
  }

  private applyNotification(notification: ServerNotification): void {
    const params = notification.params as unknown as Record<string, unknown>;
    if (notification.method.startsWith('item/') && this.session.transient) this.updateSession({ transient: null });
    switch (notification.method) {
      case 'turn/started':
        this.updateSession({ phase: 'running', turnId: notification.params.turn.id, transient: null });
        return;
      case 'item/started':
      case 'item/completed':
        this.upsertItem(notification.params.item, notification.params.turnId, notification.method === 'item/started');
        return;
      case 'item/agentMessage/delta': {
        const entry = this.ensure(notification.params, { kind: 'agent', text: '', phase: null });
        entry.text += notification.params.delta;
        this.touch(entry);
        return;
      }
      case 'item/reasoning/summaryPartAdded':
      case 'item/reasoning/summaryTextDelta': {
        const entry = this.ensure(notification.params, { kind: 'reasoning', summary: [], content: [] });
        const index = notification.params.summaryIndex;
        while (entry.summary.length <= index) entry.summary.push('');
        if ('delta' in notification.params) entry.summary[index] += notification.params.delta;
        this.touch(entry);
        return;
      }
      case 'item/commandExecution/outputDelta': {
        const entry = this.ensure(notification.params, emptyCommand());
        const { text, truncated } = appendCapped(entry.output, notification.params.delta);
        entry.output = text;
        entry.outputTruncated ||= truncated;
        this.touch(entry);
        return;
      }
      case 'item/fileChange/outputDelta': {
        const entry = this.ensure(notification.params, emptyFileChange());
        entry.output = appendCapped(entry.output, notification.params.delta).text;
        this.touch(entry);
        return;
      }
      case 'item/fileChange/patchUpdated': {
        const entry = this.ensure(notification.params, emptyFileChange());
        entry.changes = fileChanges(notification.params.changes);
        this.touch(entry);
        return;
      }
      case 'turn/plan/updated': {
        const { turnId, explanation, plan } = notification.params;
        const key = `plan:${turnId}`;
        const existing = this.byKey.get(key);
        if (existing?.kind === 'turnPlan') {
          existing.explanation = explanation;
          existing.steps = plan;
          this.touch(existing);
        } else this.insert({ key, turnId, open: false, kind: 'turnPlan', explanation, steps: plan });
        return;
      }
      case 'thread/tokenUsage/updated':
        this.updateSession({ tokenUsage: notification.params.tokenUsage });
        return;
      case 'turn/completed': {
        const { turn } = notification.params;
        this.closeOpen(turn.id);
        this.clearApprovals(turn.id);
        if (turn.status === 'interrupted') this.addNotice('info', 'Stopped.');
        if (turn.status === 'failed' && !this.failedTurns.has(turn.id)) this.addTurnError(turn.id, turn.error);
        if (this.session.phase === 'running') this.updateSession({ phase: 'idle', turnId: null, transient: null });
        else this.updateSession({ transient: null });
        return;
      }
      case 'error': {
        const { error, willRetry, turnId } = notification.params;
        // A retry is not a failure: show it in passing; the turn goes on.
        if (willRetry) this.updateSession({ transient: `${error.message || 'The model connection dropped.'} Retrying…` });
        else if (!this.failedTurns.has(turnId)) this.addTurnError(turnId, error);
        return;
      }
      case 'warning':
        this.addNotice('info', notification.params.message);
        return;
      case 'thread/status/changed':
        if (notification.params.status.type === 'systemError') this.addNotice('error', 'The thread hit a system error.', 'showLog');
        return;
      case 'thread/name/updated':
        this.updateSession({ threadName: notification.params.threadName ?? null });
        return;
      default:
        this.applyExtraNotification(notification.method as string, params);
    }
  }

  /** Notifications other servers send that our protocol types do not list (raw reasoning, plan deltas). */
  private applyExtraNotification(method: string, params: Record<string, unknown>): void {
    const ids = { itemId: str(params.itemId), turnId: str(params.turnId) };
    if (!ids.itemId) return;
    if (method === 'item/reasoning/textDelta') {
      const entry = this.ensure(ids, { kind: 'reasoning', summary: [], content: [] });
      const index = typeof params.contentIndex === 'number' ? params.contentIndex : 0;
      while (entry.content.length <= index) entry.content.push('');
      entry.content[index] += str(params.delta);
      this.touch(entry);
    } else if (method === 'item/plan/delta') {
      const entry = this.ensure(ids, { kind: 'plan', text: '' });
      entry.text += str(params.delta);
      this.touch(entry);
    }
  }

  private upsertItem(raw: unknown, turnId: string, open: boolean): void {
    const item = asRecord(raw);
    const key = str(item.id) || `item-${++this.counter}`;
    const fields = fieldsFromItem(item);
    const existing = this.byKey.get(key);
    if (existing && existing.kind === fields.kind) keepStreamedContent(existing, fields, open);
    // A user message is whole when it starts; nothing streams into it.
    this.put(key, turnId, open && fields.kind !== 'user', fields);
  }

  /** The entry a delta belongs to; a delta before its `item/started` should not happen, but must not lose text. */
  private ensure<K extends TranscriptEntry['kind']>(ids: { itemId: string; turnId: string }, empty: Fields<K>): Extract<TranscriptEntry, { kind: K }> {
    const existing = this.byKey.get(ids.itemId);
    if (existing?.kind === empty.kind) return existing as Extract<TranscriptEntry, { kind: K }>;
    return this.put(ids.itemId, ids.turnId, true, empty) as Extract<TranscriptEntry, { kind: K }>;
  }

  private loadHistory(thread: Thread): void {
    this.entries = [];
    this.byKey = new Map();
    this.positions = new Map();
    this.approvals = new Map();
    this.failedTurns = new Set();
    this.dirty.clear();
    this.resetPending = true;
    const turns = Array.isArray(thread.turns) ? thread.turns : [];
    const last = turns.at(-1);
    for (const turn of turns) {
      const running = turn.status === 'inProgress';
      for (const item of Array.isArray(turn.items) ? turn.items : []) {
        // Stored items are final, except tool items of a turn still running.
        const status = asRecord(item).status;
        this.upsertItem(item, turn.id, running && status === 'inProgress');
      }
      if (turn.status === 'interrupted') this.addNotice('info', 'Stopped.');
      if (turn.status === 'failed') this.addTurnError(turn.id, turn.error);
    }
    const running = last?.status === 'inProgress';
    this.updateSession({
      phase: this.session.phase === 'closed' ? 'closed' : running ? 'running' : 'idle',
      turnId: running ? last.id : null,
      model: thread.model ?? this.session.model,
      threadName: thread.name ?? null,
      cwd: thread.cwd || null,
      transient: null,
    });
    this.dirty.clear(); // the reset redraws everything anyway
  }

  private requestApproval(message: Extract<HostEvent, { type: 'approval/requested' }>): void {
    const approval = approvalFromRequest(message);
    if (!approval) return;
    const previous = this.approvals.get(approval.key);
    // A replayed request after the user already clicked keeps the click (the settle is on its way).
    if (previous && previous.status !== 'pending') return;
    this.approvals.set(approval.key, approval);
    let entry = this.byKey.get(approval.itemId);
    if (!entry) {
      const params = asRecord(message.params);
      const placeholder: EntryFields =
        approval.kind === 'command'
          ? { ...emptyCommand(), command: approval.command ?? '', cwd: approval.cwd ?? '' }
          : { ...emptyFileChange(), changes: fileChanges(params.changes) };
      entry = this.put(approval.itemId, approval.turnId, true, placeholder);
    }
    entry.approvals = [...entry.approvals.filter((other) => other.key !== approval.key), approval];
    this.touch(entry);
    this.sessionDirty = true;
  }

  private settleApproval(message: Static<typeof ApprovalSettledMessage>): void {
    const approval = this.approvals.get(message.approvalKey);
    if (!approval) return;
    approval.status = 'settled';
    approval.decision = message.decision ?? null;
    this.touchKey(approval.itemId);
    this.sessionDirty = true;
  }

  /** The turn ended: its requests can no longer be answered (the host's settle may follow; this is the fallback). */
  private clearApprovals(turnId: string): void {
    for (const approval of this.approvals.values()) {
      if (approval.status === 'settled' || (approval.turnId !== null && approval.turnId !== turnId)) continue;
      approval.status = 'settled';
      approval.decision = null;
      this.touchKey(approval.itemId);
      this.sessionDirty = true;
    }
  }

  private addTurnError(turnId: string, error: TurnError | null): void {
    this.failedTurns.add(turnId);
    const help = helpForTurnError(error ?? { codexErrorInfo: null }, this.settingNames);
    const message = error?.message || 'The turn failed.';
    this.addNotice('error', help.hint ? `${message} ${help.hint}` : message, help.action);
  }

  /** Ends open entries of `turnId` (all turns when null): protocol §4.2 rule 3. */
  private closeOpen(turnId: string | null): void {
    for (let index = this.entries.length - 1; index >= 0; index--) {
      const entry = this.entries[index];
      if (!entry.open || (turnId !== null && entry.turnId !== turnId)) continue;
      // A tool item keeps its `inProgress` status: the view shows "did not finish" for a closed one.
      entry.open = false;
      this.touch(entry);
    }
  }

  /** Creates or replaces the entry `key`, keeping its approvals and its place. */
  private put(key: string, turnId: string | null, open: boolean, fields: EntryFields): TranscriptEntry {
    const existing = this.byKey.get(key);
    if (!existing) return this.insert({ ...fields, key, turnId, open });
    for (const field of Object.keys(existing)) {
      if (!['key', 'version', 'approvals', 'turnId'].includes(field)) delete (existing as unknown as Record<string, unknown>)[field];
    }
    Object.assign(existing, fields, { open });
    existing.turnId ??= turnId;
    this.touch(existing);
    return existing;
  }

  private insert(fields: NewEntry): TranscriptEntry {
    const entry = { ...fields, version: 1, approvals: [] } as TranscriptEntry;
    this.positions.set(entry, this.entries.push(entry) - 1);
    this.byKey.set(entry.key, entry);
    this.dirty.add(entry);
    return entry;
  }

  private touchKey(key: string): void {
    const entry = this.byKey.get(key);
    if (entry) this.touch(entry);
  }

  private touch(entry: TranscriptEntry): void {
    entry.version++;
    this.dirty.add(entry);
  }

  private updateSession(patch: Partial<SessionState>): void {
    Object.assign(this.session, patch);
    this.sessionDirty = true;
  }
}

type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type NewEntry = Without<TranscriptEntry, 'version' | 'approvals'>;
