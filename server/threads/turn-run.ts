/**
 * One running turn: announces it, records the user's input, drives the
 * agent loop (model ↔ tools), turns model events into items and
 * notifications, and ends the turn exactly once as completed, interrupted or
 * failed.
 *
 * Lifecycle on the wire (what clients may rely on):
 *   thread/status/changed(active) → turn/started → item/started(userMessage)
 *   → item/completed(userMessage) → … items, deltas, approvals …
 *   → thread/status/changed(idle) → turn/completed (→ serverRequest/resolved
 *   for approvals cleared by an interrupt)
 */
import { runAgent } from '../agent/agent-loop';
import { needsCompaction, summarizeHistory } from '../agent/compaction';
import { repairConversation } from '../agent/conversation-repair';
import type { ModelClient, ModelEvent, ModelItem, ToolCall } from '../agent/model-events';
import { uuidv7 } from '../common/ids';
import { log } from '../common/log';
import type { AgentMessageItem, ReasoningItem, ThreadItem, Turn, TurnError, UserInput } from '../protocol';
import type { Sandbox } from '../sandbox/sandbox';
import { TurnDiffTracker } from '../tools/apply-patch';
import { toolSpecs } from '../tools/tool-specs';
import type { ActiveTurn, LoadedThread } from './loaded-thread';
import { runToolCall } from './tools/tool-router';
import type { TurnContext } from './tools/turn-context';
import { TurnItems } from './turn-items';
import { addUsage } from './token-usage';
import { compactThread } from './compaction';
import { endTurn, reportTurnFailure, turnView } from './turn-end';

export interface TurnRunOptions {
  thread: LoadedThread;
  input: UserInput[];
  clientUserMessageId: string | null;
  modelClient: ModelClient;
  sandbox: Sandbox;
  /** Instructions for the model (base + developer + AGENTS.md), resolved at turn start. */
  instructions: string;
  /** Called once the turn has ended and been recorded. */
  onFinished(): void;
}

export class TurnRun implements ActiveTurn {
  readonly id = uuidv7();
  readonly done: Promise<void>;
  private readonly abort = new AbortController();
  private readonly startedAtMs = Date.now();
  private readonly items: TurnItems;
  private readonly diffTracker = new TurnDiffTracker();
  private resolveDone!: () => void;
  /** Steered input not yet sent to the model: it follows the current response. */
  private pendingSteer: ModelItem[] = [];
  private cancelled = false;

  constructor(private readonly options: TurnRunOptions) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.items = new TurnItems(options.thread, this.id);
  }

  /** The turn as `turn/start` returns it: not started yet. */
  initialView(): Turn {
    return { ...this.view('inProgress', null), startedAt: null, itemsView: 'notLoaded' };
  }

  interrupt(): void {
    this.abort.abort();
  }

  /** Adds input to the running turn; the model sees it on its next request. */
  steer(input: UserInput[], clientUserMessageId: string | null): void {
    const item = this.recordUserMessage(input, clientUserMessageId);
    this.pendingSteer.push(...userModelItems(item));
  }

  /** The turn as it stands, open items included (for forks and reads mid-turn). */
  snapshot(): Turn {
    return { ...this.view('inProgress', null), items: this.items.all(), itemsView: 'full' };
  }

  /** Runs the turn to its end. Never throws: failures end the turn `failed`. */
  async run(): Promise<void> {
    const { thread } = this.options;
    thread.emitStatus();
    thread.emit('turn/started', { threadId: thread.id, turn: { ...this.view('inProgress', null), itemsView: 'notLoaded' } });
    thread.persist({ type: 'turn_started', payload: { turnId: this.id, startedAtMs: this.startedAtMs } });
    const userItem = this.recordUserMessage(this.options.input, this.options.clientUserMessageId);
    for (const item of userModelItems(userItem)) thread.recordModelItem({ turnId: this.id, item });

    let status: Turn['status'] = 'completed';
    let error: TurnError | null = null;
    try {
      await runAgent({
        client: this.options.modelClient,
        prepare: () => this.compactIfNeeded(),
        buildRequest: () => {
          for (const item of this.pendingSteer) thread.recordModelItem({ turnId: this.id, item });
          this.pendingSteer = [];
          return {
            model: thread.settings.model,
            instructions: this.options.instructions,
            conversation: repairConversation(thread.modelHistory.map((entry) => entry.item)),
            tools: toolSpecs({ customTools: this.options.modelClient.supportsCustomTools }),
            reasoningEffort: thread.settings.reasoningEffort,
            reasoningSummary: thread.settings.reasoningSummary,
          };
        },
        signal: this.abort.signal,
        onEvent: (event) => this.handle(event),
        runTool: (call) => this.runTool(call),
        shouldContinue: () => this.pendingSteer.length > 0,
      });
      if (this.abort.signal.aborted) status = 'interrupted';
    } catch (caught) {
      if (this.abort.signal.aborted) {
        status = 'interrupted';
      } else {
        status = 'failed';
        error = reportTurnFailure(thread, this.id, caught, 'Internal error');
      }
    }
    this.finish(status, error);
  }

  /** Before a request: compact the history when the last request nearly filled the window. */
  private async compactIfNeeded(): Promise<void> {
    const { thread } = this.options;
    if (!needsCompaction(thread.tokenUsage?.last.inputTokens ?? null, thread.settings.modelContextWindow ?? null)) return;
    await compactThread(thread, this.options.modelClient, this.id, this.items, this.abort.signal, { keepCurrentTurn: true });
    // The next request is measured afresh.
    if (thread.tokenUsage) thread.tokenUsage = { ...thread.tokenUsage, last: { ...thread.tokenUsage.last, inputTokens: 0 } };
  }

  private async runTool(call: ToolCall): Promise<void> {
    const { thread } = this.options;
    thread.recordModelItem({
      turnId: this.id,
      item:
        call.kind === 'function'
          ? { type: 'functionCall', callId: call.callId, name: call.name, arguments: call.arguments }
          : { type: 'customToolCall', callId: call.callId, name: call.name, input: call.input },
    });
    const context: TurnContext = {
      thread,
      turnId: this.id,
      signal: this.abort.signal,
      sandbox: this.options.sandbox,
      items: this.items,
      diffTracker: this.diffTracker,
      cancelTurn: () => {
        this.cancelled = true;
        this.abort.abort();
      },
    };
    const output = await runToolCall(context, call);
    thread.recordModelItem({
      turnId: this.id,
      item: call.kind === 'function' ? { type: 'functionCallOutput', callId: call.callId, output } : { type: 'customToolCallOutput', callId: call.callId, output },
    });
  }

  private recordUserMessage(input: UserInput[], clientId: string | null): ThreadItem {
    const now = Date.now();
    const item: ThreadItem = {
      type: 'userMessage',
      id: uuidv7(),
      clientId,
      content: input.map((part) => (part.type === 'text' ? { ...part, text_elements: part.text_elements ?? [] } : part)),
      startedAtMs: now,
      completedAtMs: null,
    };
    this.items.start(item);
    this.items.complete({ ...item, completedAtMs: now });
    const { thread } = this.options;
    if (!thread.metadata.preview) thread.metadata.preview = input.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
    return item;
  }

  private handle(event: ModelEvent): void {
    const { thread } = this.options;
    const scope = { threadId: thread.id, turnId: this.id };
    switch (event.type) {
      case 'messageStarted':
        this.items.start({
          type: 'agentMessage',
          id: event.id,
          text: '',
          phase: null,
          memoryCitation: null,
          moderation: null,
          delivery: null,
          questions: null,
          startedAtMs: Date.now(),
          completedAtMs: null,
        });
        return;
      case 'messageDelta': {
        const item = this.items.get<AgentMessageItem>(event.id);
        if (item) item.text += event.delta;
        thread.emit('item/agentMessage/delta', { ...scope, itemId: event.id, delta: event.delta });
        return;
      }
      case 'messageCompleted': {
        const item = this.items.get<AgentMessageItem>(event.id);
        if (!item) return;
        this.items.complete({ ...item, text: event.text, completedAtMs: Date.now() });
        if (event.text) thread.recordModelItem({ turnId: this.id, item: { type: 'message', role: 'assistant', text: event.text } });
        return;
      }
      case 'reasoningStarted':
        this.items.start({ type: 'reasoning', id: event.id, summary: [], content: [], startedAtMs: Date.now(), completedAtMs: null });
        return;
      case 'reasoningSummaryPartAdded': {
        const item = this.items.get<ReasoningItem>(event.id);
        if (item) item.summary[event.summaryIndex] = item.summary[event.summaryIndex] ?? '';
        thread.emit('item/reasoning/summaryPartAdded', { ...scope, itemId: event.id, summaryIndex: event.summaryIndex });
        return;
      }
      case 'reasoningSummaryDelta': {
        const item = this.items.get<ReasoningItem>(event.id);
        if (item) item.summary[event.summaryIndex] = (item.summary[event.summaryIndex] ?? '') + event.delta;
        thread.emit('item/reasoning/summaryTextDelta', { ...scope, itemId: event.id, delta: event.delta, summaryIndex: event.summaryIndex });
        return;
      }
      case 'reasoningCompleted': {
        const item = this.items.get<ReasoningItem>(event.id);
        if (item) this.items.complete({ ...item, summary: event.summary, completedAtMs: Date.now() });
        return;
      }
      case 'toolCall':
        return; // run by the agent loop once the response is complete
      case 'retrying':
        // The request failed before any output and will be sent again: upstream's transient notice.
        thread.emit('error', { error: event.error, willRetry: true, ...scope });
        return;
      case 'completed': {
        if (!event.usage) return;
        thread.tokenUsage = addUsage(thread.tokenUsage, event.usage, thread.settings.modelContextWindow ?? null);
        thread.persist({ type: 'token_usage', payload: thread.tokenUsage });
        thread.emit('thread/tokenUsage/updated', { ...scope, tokenUsage: thread.tokenUsage });
        return;
      }
    }
  }

  private finish(status: Turn['status'], error: TurnError | null): void {
    this.items.closeOpen();
    const items = this.items.completed.slice();
    const lastMessage = [...items].reverse().find((item) => item.type === 'agentMessage');
    endTurn(this.options.thread, this.view(status, error), items, this.startedAtMs, {
      summaryItems: lastMessage ? [lastMessage] : [],
      onFinished: this.options.onFinished,
    });
    if (this.cancelled) log.info(`turn ${this.id}: cancelled by the user from an approval`);
    this.resolveDone();
  }

  private view(status: Turn['status'], error: TurnError | null): Turn {
    return turnView(this.id, this.startedAtMs, status, error);
  }
}

/** A user message as the model sees it. */
function userModelItems(item: ThreadItem): ModelItem[] {
  if (item.type !== 'userMessage') return [];
  const text = item.content
    .flatMap((part) => (part.type === 'text' ? [part.text] : part.type === 'mention' || part.type === 'skill' ? [`${part.name} (${part.path})`] : []))
    .join('\n');
  return text ? [{ type: 'message', role: 'user', text }] : [];
}
