/**
 * Turn operations behind `turn/start`, `turn/steer` and `turn/interrupt`.
 * A thread runs at most one turn at a time; steering adds input to it.
 */
import { resolve } from 'node:path';
import { buildInstructions } from '../agent/instructions';
import type { ModelClient } from '../agent/model-events';
import type { Sandbox } from '../sandbox/sandbox';
import type { ThreadSettings } from '../store/rollout-records';
import { RpcError, type Turn, type TurnStartParams, type TurnSteerParams } from '../protocol';
import type { ThreadManager } from './thread-manager';
import { CompactionTurn } from './compaction-turn';
import { TurnRun } from './turn-run';

export class TurnControl {
  constructor(
    private readonly threads: ThreadManager,
    /** The model client for a thread's settings (its provider). */
    private readonly clientFor: (settings: ThreadSettings) => ModelClient,
    private readonly sandbox: Sandbox,
  ) {}

  /** Creates the turn and returns it with the function that runs it. */
  start(params: TurnStartParams): { turn: Turn; run: () => Promise<void> } {
    const thread = this.threads.registry.require(params.threadId);
    if (thread.activeTurn) {
      throw RpcError.invalidRequest(
        `a turn is already running on thread ${thread.id}: use turn/steer to add input, or turn/interrupt to stop it`,
      );
    }
    const before = JSON.stringify(thread.settings);
    const { settings } = thread;
    if (params.model) settings.model = thread.metadata.model = params.model;
    if (params.cwd) settings.cwd = thread.metadata.cwd = resolve(params.cwd);
    if (params.approvalPolicy) settings.approvalPolicy = params.approvalPolicy;
    if (params.approvalsReviewer) settings.approvalsReviewer = params.approvalsReviewer;
    if (params.sandboxPolicy) settings.sandbox = params.sandboxPolicy;
    if (params.effort !== undefined) settings.reasoningEffort = thread.metadata.reasoningEffort = params.effort;
    if (params.summary !== undefined) settings.reasoningSummary = params.summary;
    if (params.serviceTier !== undefined) settings.serviceTier = params.serviceTier;
    if (thread.materialized && JSON.stringify(settings) !== before) thread.persist({ type: 'settings', payload: settings });

    const instructions = buildInstructions({ cwd: settings.cwd, base: settings.baseInstructions, developer: settings.developerInstructions });
    const run = new TurnRun({
      thread,
      input: params.input,
      clientUserMessageId: params.clientUserMessageId ?? null,
      modelClient: this.clientFor(thread.settings),
      sandbox: this.sandbox,
      instructions: instructions.text,
      onFinished: () => {
        this.threads.remember(thread);
        this.threads.registry.scheduleIdleCheck(thread);
      },
    });
    thread.activeTurn = run;
    return {
      turn: run.initialView(),
      run: () => {
        // `run()` records the turn's start synchronously. A thread's first turn
        // puts it in the index right away (so it is listed while it runs);
        // later turns update the index once, when they end.
        const firstTurn = thread.turns.length === 0;
        const running = run.run();
        if (firstTurn) this.threads.remember(thread);
        return running;
      },
    };
  }

  /** `thread/compact/start`: returns the action that runs the compaction turn. */
  compact(threadId: string): () => void {
    const thread = this.threads.registry.require(threadId);
    if (thread.activeTurn) throw RpcError.invalidRequest(`a turn is already running on thread ${thread.id}: wait for it or interrupt it first`);
    if (thread.modelHistory.length === 0) throw RpcError.invalidRequest(`thread ${thread.id} has nothing to compact yet`);
    const turn = new CompactionTurn(thread, this.clientFor(thread.settings), () => {
      this.threads.remember(thread);
      this.threads.registry.scheduleIdleCheck(thread);
    });
    thread.activeTurn = turn;
    return () => void turn.run();
  }

  steer(params: TurnSteerParams): { turnId: string } {
    const thread = this.threads.registry.require(params.threadId);
    const active = thread.activeTurn;
    if (active instanceof CompactionTurn) throw RpcError.invalidRequest('the active turn is a compaction and cannot be steered');
    if (!(active instanceof TurnRun)) throw RpcError.invalidRequest('no active turn to steer');
    if (active.id !== params.expectedTurnId) {
      throw RpcError.invalidRequest(`expected turn ${params.expectedTurnId} is not the active turn ${active.id}`);
    }
    if (params.input.length === 0) throw RpcError.invalidParams('Invalid params for turn/steer: input must not be empty', { field: 'input' });
    active.steer(params.input, params.clientUserMessageId ?? null);
    return { turnId: active.id };
  }

  /** Validates, and returns the action to run once the response is out. */
  interrupt(threadId: string, turnId: string): () => void {
    const thread = this.threads.registry.require(threadId);
    const active = thread.activeTurn;
    if (!active) throw RpcError.invalidRequest('no active turn to interrupt');
    if (active.id !== turnId) throw RpcError.invalidRequest(`turn not found: ${turnId}`);
    return () => active.interrupt();
  }
}
