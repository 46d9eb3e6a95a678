/**
 * Thread operations behind the `thread/*` methods: create, resume, fork,
 * read, list, archive, rename, unsubscribe, revert. Loaded threads live in
 * the registry; stored ones are reached through the store and its index.
 */
import { resolve } from 'node:path';
import { uuidv7 } from '../common/ids';
import type { ServerSettings } from '../config/settings';
import {
  RpcError,
  type Thread,
  type ThreadForkParams,
  type ThreadListParams,
  type ThreadListResponse,
  type ThreadResumeParams,
  type ThreadSessionResponse,
  type ThreadStartParams,
  type Turn,
} from '../protocol';
import type { ClientConnection } from '../rpc/client-connection';
import type { HistoryEntry, ThreadMetadata } from '../store/rollout-records';
import type { ThreadStore } from '../store/thread-store';
import { LoadedThread } from './loaded-thread';
import { listThreads } from './thread-listing';
import { ThreadRegistry, type Broadcast } from './thread-registry';
import { applyOverrides, defaultSettings, type ThreadSettings } from './thread-settings';

export interface ThreadManagerDeps {
  settings: ServerSettings;
  store: ThreadStore;
  broadcast: Broadcast;
}

export interface ResumeOutcome {
  response: ThreadSessionResponse & { turnsBackwardsCursor: null; itemsBackwardsCursor: null };
  thread: LoadedThread;
  loadedNow: boolean;
  skippedLines: number;
}

export class ThreadManager {
  readonly registry: ThreadRegistry;

  constructor(private readonly deps: ThreadManagerDeps) {
    this.registry = new ThreadRegistry(deps.store, deps.broadcast, deps.settings.idleUnloadMs);
  }

  start(params: ThreadStartParams, connection: ClientConnection): { response: ThreadSessionResponse; thread: LoadedThread } {
    const cwd = resolve(params.cwd ?? process.cwd());
    const settings = applyOverrides(defaultSettings(this.deps.settings, cwd), params);
    const thread = this.create(settings, connection, { ephemeral: params.ephemeral ?? false, threadSource: params.threadSource ?? null });
    return { response: sessionResponse(thread, false), thread };
  }

  resume(params: ThreadResumeParams, connection: ClientConnection): ResumeOutcome {
    const { thread, loadedNow, skippedLines } = this.registry.load(params.threadId);
    const updated = applyOverrides(thread.settings, params);
    if (JSON.stringify(updated) !== JSON.stringify(thread.settings)) {
      thread.settings = updated;
      thread.metadata.model = updated.model;
      thread.persist({ type: 'settings', payload: updated });
    }
    thread.subscribe(connection);
    return {
      response: { ...sessionResponse(thread, !params.excludeTurns), turnsBackwardsCursor: null, itemsBackwardsCursor: null },
      thread,
      loadedNow,
      skippedLines,
    };
  }

  fork(params: ThreadForkParams, connection: ClientConnection): { response: ThreadSessionResponse; thread: LoadedThread } {
    const source = this.history(params.threadId);
    let turns = source.turns;
    if (params.lastTurnId) {
      const index = turns.findIndex((turn) => turn.id === params.lastTurnId);
      if (index === -1) throw RpcError.invalidRequest(`turn not found: ${params.lastTurnId}`);
      if (turns[index].status === 'inProgress') throw RpcError.invalidRequest(`turn ${params.lastTurnId} is still in progress`);
      turns = turns.slice(0, index + 1);
    }
    // A turn still running in the source is copied as it stands, interrupted.
    const copied: Turn[] = turns.map((turn) =>
      turn.status === 'inProgress'
        ? { ...turn, items: turn.items.slice(), status: 'interrupted', error: null, completedAt: Math.floor(Date.now() / 1000) }
        : { ...turn, items: turn.items.slice() },
    );
    const settings = applyOverrides(source.settings, params);
    const thread = this.create(settings, connection, {
      ephemeral: params.ephemeral ?? false,
      threadSource: params.threadSource ?? null,
      forkedFromId: source.metadata.id,
      preview: source.metadata.preview,
      turns: copied,
      modelHistory: source.modelHistory.filter((entry) => copied.some((turn) => turn.id === entry.turnId)),
    });
    return { response: sessionResponse(thread, !params.excludeTurns), thread };
  }

  read(threadId: string, includeTurns: boolean): Thread {
    ThreadRegistry.checkId(threadId);
    const loaded = this.registry.getLoaded(threadId);
    if (loaded) return loaded.snapshot(includeTurns);
    const entry = this.deps.store.entry(threadId);
    if (!entry) throw RpcError.invalidRequest(`thread not loaded: ${threadId}`);
    if (!includeTurns) return this.registry.describe(entry);
    const stored = this.deps.store.load(threadId);
    if (!stored) throw RpcError.invalidRequest(`thread not loaded: ${threadId}`);
    return { ...stored.metadata, status: { type: 'notLoaded' }, turns: stored.turns };
  }

  list(params: ThreadListParams): ThreadListResponse {
    const { index } = this.deps.store;
    return listThreads(index.values(), params, (entry) => this.registry.describe(entry), () => index.sortedByCreated());
  }

  /** Every turn of a thread, loaded or stored, with its settings. */
  history(threadId: string): { metadata: ThreadMetadata; settings: ThreadSettings; turns: Turn[]; modelHistory: HistoryEntry[] } {
    ThreadRegistry.checkId(threadId);
    const loaded = this.registry.getLoaded(threadId);
    if (loaded) return { metadata: loaded.metadata, settings: loaded.settings, turns: loaded.history(), modelHistory: loaded.modelHistory };
    const stored = this.deps.store.load(threadId);
    if (!stored) throw RpcError.invalidRequest(`thread not found: ${threadId}`);
    return stored;
  }

  /** Interrupts a running turn, unloads, and moves the rollout aside. */
  async archive(threadId: string): Promise<void> {
    ThreadRegistry.checkId(threadId);
    const loaded = this.registry.getLoaded(threadId);
    if (loaded) {
      if (loaded.activeTurn) {
        const running = loaded.activeTurn;
        running.interrupt();
        await running.done;
      }
      if (!loaded.materialized && loaded.rollout) loaded.persist({ type: 'settings', payload: loaded.settings });
      this.remember(loaded);
      this.registry.unload(loaded);
    }
    const entry = this.deps.store.entry(threadId);
    if (!entry) throw RpcError.invalidRequest(`thread not found: ${threadId}`);
    if (entry.archived) return;
    this.deps.store.archive(threadId);
  }

  unarchive(threadId: string): Thread {
    ThreadRegistry.checkId(threadId);
    const entry = this.deps.store.unarchive(threadId);
    if (!entry) throw RpcError.invalidRequest(`thread not found: ${threadId}`);
    return this.registry.describe(entry);
  }

  setName(threadId: string, rawName: string): void {
    ThreadRegistry.checkId(threadId);
    const name = rawName.trim();
    if (!name) throw RpcError.invalidParams('Invalid params for thread/name/set: name must not be empty', { field: 'name' });
    const loaded = this.registry.getLoaded(threadId);
    if (loaded) {
      loaded.metadata.name = name;
      loaded.persist({ type: 'thread_name', payload: { name } });
      this.remember(loaded);
      return;
    }
    const entry = this.deps.store.entry(threadId);
    if (!entry) throw RpcError.invalidRequest(`thread not found: ${threadId}`);
    this.deps.store.appendToStored(threadId, { type: 'thread_name', payload: { name } });
    this.deps.store.index.put({ ...entry.metadata, name }, entry.archived, entry.path);
  }

  unsubscribe(threadId: string, connection: ClientConnection): 'notLoaded' | 'notSubscribed' | 'unsubscribed' {
    ThreadRegistry.checkId(threadId);
    const loaded = this.registry.getLoaded(threadId);
    if (!loaded) return 'notLoaded';
    return loaded.unsubscribe(connection) ? 'unsubscribed' : 'notSubscribed';
  }

  /** Drops `beforeTurnId` and every later turn from the thread's history. */
  revert(threadId: string, beforeTurnId: string): LoadedThread {
    const { thread } = this.registry.load(threadId);
    if (thread.activeTurn) throw RpcError.invalidRequest(`cannot revert while a turn is running on thread ${threadId}: interrupt it first`);
    const index = thread.turns.findIndex((turn) => turn.id === beforeTurnId);
    if (index === -1) throw RpcError.invalidRequest(`turn not found: ${beforeTurnId}`);
    thread.turns = thread.turns.slice(0, index);
    const kept = new Set(thread.turns.map((turn) => turn.id));
    thread.modelHistory = thread.modelHistory.filter((entry) => kept.has(entry.turnId));
    thread.persist({ type: 'reverted', payload: { beforeTurnId } });
    thread.metadata.updatedAt = Math.floor(Date.now() / 1000);
    this.remember(thread);
    return thread;
  }

  /** Keeps the index in step with a loaded thread (after a turn, a rename…). */
  remember(thread: LoadedThread): void {
    if (thread.materialized && thread.metadata.path) this.deps.store.remember(thread.metadata);
  }

  /** Interrupts every running turn and waits for them to end (shutdown). */
  async shutdown(): Promise<void> {
    const running = this.registry.all().flatMap((thread) => (thread.activeTurn ? [thread.activeTurn] : []));
    for (const turn of running) turn.interrupt();
    await Promise.all(running.map((turn) => turn.done));
    await Promise.all(this.registry.all().map((thread) => thread.stopCommands()));
    for (const thread of this.registry.all()) thread.rollout?.close();
    this.deps.store.index.close();
  }

  private create(
    settings: ThreadSettings,
    connection: ClientConnection,
    options: {
      ephemeral: boolean;
      threadSource: string | null;
      forkedFromId?: string;
      preview?: string;
      turns?: Turn[];
      modelHistory?: HistoryEntry[];
    },
  ): LoadedThread {
    const id = uuidv7();
    const nowMs = Date.now();
    const now = Math.floor(nowMs / 1000);
    const path = options.ephemeral ? null : this.deps.store.newRolloutPath(id, nowMs);
    const metadata: ThreadMetadata = {
      id,
      sessionId: id,
      preview: options.preview ?? '',
      name: null,
      ephemeral: options.ephemeral,
      modelProvider: settings.modelProvider,
      model: settings.model,
      reasoningEffort: settings.reasoningEffort,
      createdAt: now,
      updatedAt: now,
      recencyAt: now,
      path,
      cwd: settings.cwd,
      cliVersion: this.deps.settings.version,
      originator: connection.clientInfo?.name ?? null,
      source: 'vscode',
      forkedFromId: options.forkedFromId ?? null,
      parentThreadId: null,
      agentNickname: null,
      agentRole: null,
      threadSource: options.threadSource,
      gitInfo: null,
      historyMode: 'paginated',
      projectId: null,
      section: null,
      sectionEnteredAt: null,
    };
    const turns = options.turns ?? [];
    const thread = new LoadedThread(metadata, turns, settings, path ? this.deps.store.writer(path) : null, { materialized: false });
    // A fork has history from the start, so it is written at once.
    for (const turn of turns) {
      thread.persist({ type: 'turn_started', payload: { turnId: turn.id, startedAtMs: (turn.startedAt ?? now) * 1000 } });
      for (const item of turn.items) thread.persist({ type: 'item_completed', payload: { turnId: turn.id, item } });
      thread.persist({
        type: 'turn_completed',
        payload: { turnId: turn.id, status: turn.status, error: turn.error, completedAt: turn.completedAt ?? now, durationMs: turn.durationMs },
      });
    }
    for (const entry of options.modelHistory ?? []) thread.recordModelItem(entry);
    if (turns.length) {
      thread.rollout?.sync();
      this.remember(thread);
    }
    this.registry.add(thread);
    thread.subscribe(connection);
    return thread;
  }
}

function sessionResponse(thread: LoadedThread, includeTurns: boolean): ThreadSessionResponse {
  const { settings } = thread;
  return {
    thread: thread.snapshot(includeTurns),
    model: settings.model,
    modelProvider: settings.modelProvider,
    serviceTier: settings.serviceTier,
    cwd: settings.cwd,
    approvalPolicy: settings.approvalPolicy,
    approvalsReviewer: settings.approvalsReviewer,
    sandbox: settings.sandbox,
    reasoningEffort: settings.reasoningEffort,
    instructionSources: [],
  };
}
