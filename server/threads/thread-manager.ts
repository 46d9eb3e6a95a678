/**
 * Owns the loaded threads: creates them, looks them up, starts and
 * interrupts their turns. One instance per server process, shared by every
 * connection, so that several clients see the same threads.
 */
import { resolve } from 'node:path';
import type { ModelClient } from '../agent/model-events';
import { uuidv7 } from '../common/ids';
import type { ServerSettings } from '../config/settings';
import { RpcError, type ThreadSessionResponse, type ThreadStartParams, type Turn, type TurnStartParams } from '../protocol';
import type { ClientConnection } from '../rpc/client-connection';
import type { RolloutStore } from '../store/rollout-store';
import { LoadedThread } from './loaded-thread';
import { sandboxPolicyFor, type ThreadSettings } from './thread-settings';
import { TurnRun } from './turn-run';

export interface ThreadManagerDeps {
  settings: ServerSettings;
  store: RolloutStore;
  modelClient: ModelClient;
}

export class ThreadManager {
  private readonly loaded = new Map<string, LoadedThread>();

  constructor(private readonly deps: ThreadManagerDeps) {}

  start(params: ThreadStartParams, connection: ClientConnection): { response: ThreadSessionResponse; thread: LoadedThread } {
    const { settings, store } = this.deps;
    const id = uuidv7();
    const nowMs = Date.now();
    const now = Math.floor(nowMs / 1000);
    const cwd = resolve(params.cwd ?? process.cwd());
    const ephemeral = params.ephemeral ?? false;
    const threadSettings: ThreadSettings = {
      model: params.model ?? settings.model,
      modelProvider: params.modelProvider ?? settings.modelProvider,
      serviceTier: params.serviceTier ?? null,
      cwd,
      approvalPolicy: params.approvalPolicy ?? 'on-request',
      approvalsReviewer: params.approvalsReviewer ?? 'user',
      sandbox: sandboxPolicyFor(params.sandbox ?? 'read-only', cwd),
      reasoningEffort: typeof params.config?.model_reasoning_effort === 'string' ? params.config.model_reasoning_effort : null,
      reasoningSummary: null,
      baseInstructions: params.baseInstructions ?? null,
      developerInstructions: params.developerInstructions ?? null,
    };
    const path = ephemeral ? null : store.pathFor(id, nowMs);
    const thread = new LoadedThread(
      {
        id,
        sessionId: id,
        preview: '',
        name: null,
        ephemeral,
        modelProvider: threadSettings.modelProvider,
        model: threadSettings.model,
        reasoningEffort: threadSettings.reasoningEffort,
        createdAt: now,
        updatedAt: now,
        recencyAt: now,
        path,
        cwd,
        cliVersion: settings.version,
        originator: connection.clientInfo?.name ?? null,
        source: 'vscode',
        forkedFromId: null,
        parentThreadId: null,
        agentNickname: null,
        agentRole: null,
        threadSource: params.threadSource ?? null,
        gitInfo: null,
        historyMode: 'paginated',
        projectId: null,
        section: null,
        sectionEnteredAt: null,
      },
      [],
      threadSettings,
      path ? store.writer(path) : null,
    );
    this.loaded.set(id, thread);
    thread.subscribe(connection);
    return { response: this.sessionResponse(thread), thread };
  }

  get(threadId: string): LoadedThread {
    const thread = this.loaded.get(threadId);
    if (!thread) throw RpcError.invalidRequest(`thread not found: ${threadId}`);
    return thread;
  }

  /** Creates the turn and returns it with the function that runs it. */
  startTurn(params: TurnStartParams): { turn: Turn; run: () => Promise<void> } {
    const thread = this.get(params.threadId);
    if (thread.activeTurn) {
      throw RpcError.invalidRequest(
        `a turn is already in progress on thread ${thread.id}: use turn/steer to add input, or turn/interrupt to stop it`,
      );
    }
    if (params.model) thread.settings.model = thread.metadata.model = params.model;
    if (params.cwd) thread.settings.cwd = resolve(params.cwd);
    if (params.approvalPolicy) thread.settings.approvalPolicy = params.approvalPolicy;
    if (params.sandboxPolicy) thread.settings.sandbox = params.sandboxPolicy;
    if (params.effort !== undefined) thread.settings.reasoningEffort = params.effort;
    if (params.summary !== undefined) thread.settings.reasoningSummary = params.summary;
    const isFirstTurn = thread.turns.length === 0;
    if (isFirstTurn) {
      thread.rollout?.append({ type: 'session_meta', payload: { ...thread.metadata, settings: thread.settings } });
    }
    const run = new TurnRun({
      thread,
      input: params.input,
      clientUserMessageId: params.clientUserMessageId ?? null,
      modelClient: this.deps.modelClient,
    });
    thread.activeTurn = run;
    return { turn: run.initialView(), run: () => run.run() };
  }

  interruptTurn(threadId: string, turnId: string): () => void {
    const thread = this.get(threadId);
    const active = thread.activeTurn;
    if (!active) throw RpcError.invalidRequest('no active turn to interrupt');
    if (active.id !== turnId) throw RpcError.invalidRequest(`turn not found: ${turnId}`);
    return () => active.interrupt();
  }

  /** Interrupts every running turn and waits for them to end (shutdown). */
  async shutdown(): Promise<void> {
    const running = [...this.loaded.values()].flatMap((thread) => (thread.activeTurn ? [thread.activeTurn] : []));
    for (const turn of running) turn.interrupt();
    await Promise.all(running.map((turn) => turn.done));
  }

  private sessionResponse(thread: LoadedThread): ThreadSessionResponse {
    const { settings } = thread;
    return {
      thread: thread.snapshot(false),
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
}
