/**
 * Turn operations behind `turn/start`, `turn/steer` and `turn/interrupt`.
 * A thread runs at most one turn at a time; steering adds input to it.
 */
import { resolve } from 'node:path';
import type { ModelClient } from '../agent/model-events';
import { RpcError, type Turn, type TurnStartParams, type TurnSteerParams } from '../protocol';
import type { ThreadManager } from './thread-manager';
import { TurnRun } from './turn-run';

export class TurnControl {
  constructor(
    private readonly threads: ThreadManager,
    private readonly modelClient: ModelClient,
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

    const run = new TurnRun({
      thread,
      input: params.input,
      clientUserMessageId: params.clientUserMessageId ?? null,
      modelClient: this.modelClient,
      onFinished: () => {
        this.threads.remember(thread);
        this.threads.registry.scheduleIdleCheck(thread);
      },
    });
    thread.activeTurn = run;
    return {
      turn: run.initialView(),
      run: () => {
        // `run()` records the turn's start synchronously; list it right away.
        const running = run.run();
        this.threads.remember(thread);
        return running;
      },
    };
  }

  steer(params: TurnSteerParams): { turnId: string } {
    const thread = this.threads.registry.require(params.threadId);
    const active = thread.activeTurn;
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
