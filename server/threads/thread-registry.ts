/**
 * The loaded threads of the process, shared by every connection. Loads a
 * stored thread on demand (a turn that was running when the process died
 * comes back interrupted, and that is written down), and unloads a thread
 * once it has had no subscriber and no running turn for the idle time.
 */
import { RpcError, type Thread } from '../protocol';
import { log } from '../common/log';
import type { ThreadStore } from '../store/thread-store';
import type { IndexEntry } from '../store/thread-index';
import { LoadedThread } from './loaded-thread';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Broadcast {
  /** Sends a notification to every initialized connection. */
  (method: 'thread/status/changed' | 'thread/closed' | 'thread/archived' | 'thread/unarchived' | 'thread/name/updated', params: any): void;
}

export interface LoadOutcome {
  thread: LoadedThread;
  /** True when this call loaded it from disk. */
  loadedNow: boolean;
  /** Lines of the rollout that could not be read (torn by a crash). */
  skippedLines: number;
}

export class ThreadRegistry {
  private readonly loaded = new Map<string, LoadedThread>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: ThreadStore,
    private readonly broadcast: Broadcast,
    private readonly idleUnloadMs: number,
  ) {}

  /** Rejects ids that cannot be thread ids, with upstream's message. */
  static checkId(threadId: string): void {
    if (!UUID.test(threadId)) throw RpcError.invalidRequest(`invalid thread id: ${threadId}`);
  }

  add(thread: LoadedThread): void {
    this.loaded.set(thread.id, thread);
    thread.onSubscribersChanged(() => this.scheduleIdleCheck(thread));
    this.scheduleIdleCheck(thread);
  }

  getLoaded(threadId: string): LoadedThread | undefined {
    return this.loaded.get(threadId);
  }

  loadedIds(): string[] {
    return [...this.loaded.keys()];
  }

  /** The loaded thread, or throws `thread not found`. */
  require(threadId: string): LoadedThread {
    ThreadRegistry.checkId(threadId);
    const thread = this.loaded.get(threadId);
    if (!thread) throw RpcError.invalidRequest(`thread not found: ${threadId}`);
    return thread;
  }

  /** The loaded thread, loading it from disk if needed. */
  load(threadId: string): LoadOutcome {
    ThreadRegistry.checkId(threadId);
    const existing = this.loaded.get(threadId);
    if (existing) return { thread: existing, loadedNow: false, skippedLines: 0 };
    const stored = this.store.load(threadId);
    if (!stored) throw RpcError.invalidRequest(`thread not found: ${threadId}`);
    if (stored.archived) throw RpcError.invalidRequest(`thread is archived: ${threadId} (unarchive it first)`);
    const writer = this.store.writer(stored.metadata.path!);
    const thread = new LoadedThread(stored.metadata, stored.turns, stored.settings, writer, { materialized: true });
    thread.tokenUsage = stored.tokenUsage;
    thread.modelHistory = stored.modelHistory;
    thread.restoreApprovals(stored.approvals);
    if (stored.unfinishedTurnId) {
      // The process died mid-turn: record the end upstream reports.
      const turn = stored.turns.find((candidate) => candidate.id === stored.unfinishedTurnId)!;
      thread.persist({
        type: 'turn_completed',
        payload: { turnId: turn.id, status: 'interrupted', error: null, completedAt: turn.completedAt ?? thread.metadata.updatedAt, durationMs: null },
      });
      writer.sync();
    }
    this.add(thread);
    return { thread, loadedNow: true, skippedLines: stored.skippedLines };
  }

  /** A thread as `thread/read` and `thread/list` show it, without loading it. */
  describe(entry: IndexEntry): Thread {
    const loaded = this.loaded.get(entry.id);
    if (loaded) return loaded.snapshot(false);
    return { ...entry.metadata, status: { type: 'notLoaded' }, turns: [] };
  }

  /** Unloads now: closes the rollout and tells every client. */
  unload(thread: LoadedThread): void {
    if (!this.loaded.has(thread.id)) return;
    this.clearIdleTimer(thread.id);
    this.loaded.delete(thread.id);
    void thread.stopCommands();
    try {
      thread.rollout?.close();
    } catch (error) {
      log.error(`closing rollout of ${thread.id}: ${(error as Error).message}`);
    }
    const audience = new Set(thread.subscribers);
    thread.subscribers.clear();
    for (const connection of audience) connection.notify('thread/status/changed', { threadId: thread.id, status: { type: 'notLoaded' } });
    this.broadcast('thread/closed', { threadId: thread.id });
  }

  /** Re-checks idleness, e.g. after a turn ends. */
  scheduleIdleCheck(thread: LoadedThread): void {
    this.clearIdleTimer(thread.id);
    if (thread.subscribers.size > 0 || thread.activeTurn || !this.loaded.has(thread.id)) return;
    const timer = setTimeout(() => {
      this.idleTimers.delete(thread.id);
      if (thread.subscribers.size === 0 && !thread.activeTurn) {
        log.debug(`thread ${thread.id}: idle, unloading`);
        this.unload(thread);
      }
    }, this.idleUnloadMs);
    timer.unref();
    this.idleTimers.set(thread.id, timer);
  }

  all(): LoadedThread[] {
    return [...this.loaded.values()];
  }

  private clearIdleTimer(threadId: string): void {
    const timer = this.idleTimers.get(threadId);
    if (timer) clearTimeout(timer);
    this.idleTimers.delete(threadId);
  }
}
