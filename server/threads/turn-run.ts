/**
 * One running turn: announces it, records the user's input, drives the
 * agent, turns its events into items and notifications, persists completed
 * items, and ends the turn exactly once as completed, interrupted or failed.
 *
 * Lifecycle on the wire (what clients may rely on):
 *   thread/status/changed(active) → turn/started → item/started(userMessage)
 *   → item/completed(userMessage) → … items and deltas …
 *   → thread/status/changed(idle) → turn/completed
 */
import { runAgent } from '../agent/agent-loop';
import { ModelError } from '../agent/model-error';
import type { ConversationEntry, ModelClient, ModelEvent } from '../agent/model-events';
import { BASE_INSTRUCTIONS } from '../agent/instructions';
import { log } from '../common/log';
import { uuidv7 } from '../common/ids';
import type { AgentMessageItem, ReasoningItem, ThreadItem, Turn, TurnError, UserInput } from '../protocol';
import type { ActiveTurn, LoadedThread } from './loaded-thread';

export interface TurnRunOptions {
  thread: LoadedThread;
  input: UserInput[];
  clientUserMessageId: string | null;
  modelClient: ModelClient;
  /** Called once the turn has ended and been recorded. */
  onFinished(): void;
}

export class TurnRun implements ActiveTurn {
  readonly id = uuidv7();
  readonly done: Promise<void>;
  waitingOnApproval = false;
  private readonly abort = new AbortController();
  private readonly startedAtMs = Date.now();
  private readonly items: ThreadItem[] = [];
  private readonly open = new Map<string, ThreadItem>();
  private resolveDone!: () => void;
  private steeredInputWaiting = false;
  /** This turn's conversation in the order the model should see it. */
  private readonly modelHistory: ConversationEntry[] = [];
  /** Steered input not yet sent to the model: it follows the current response. */
  private pendingSteer: ConversationEntry[] = [];

  constructor(private readonly options: TurnRunOptions) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
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
    this.pendingSteer.push(...toConversation([item]));
    this.steeredInputWaiting = true;
  }

  /** The turn as it stands, open items included (for forks and reads mid-turn). */
  snapshot(): Turn {
    const items = [...this.items, ...[...this.open.values()].map((item) => ({ ...item }))];
    return { ...this.view('inProgress', null), items, itemsView: 'full' };
  }

  /** Runs the turn to its end. Never throws: failures end the turn `failed`. */
  async run(): Promise<void> {
    const { thread } = this.options;
    thread.emitStatus();
    thread.emit('turn/started', { threadId: thread.id, turn: { ...this.view('inProgress', null), itemsView: 'notLoaded' } });
    thread.persist({ type: 'turn_started', payload: { turnId: this.id, startedAtMs: this.startedAtMs } });
    this.modelHistory.push(...toConversation([this.recordUserMessage(this.options.input, this.options.clientUserMessageId)]));

    let status: Turn['status'] = 'completed';
    let error: TurnError | null = null;
    try {
      await runAgent({
        client: this.options.modelClient,
        buildRequest: () => {
          this.steeredInputWaiting = false;
          this.modelHistory.push(...this.pendingSteer);
          this.pendingSteer = [];
          return {
            model: thread.settings.model,
            instructions: [thread.settings.baseInstructions ?? BASE_INSTRUCTIONS, thread.settings.developerInstructions]
              .filter(Boolean)
              .join('\n\n'),
            conversation: this.conversation(),
            reasoningEffort: thread.settings.reasoningEffort,
          };
        },
        signal: this.abort.signal,
        onEvent: (event) => this.handle(event),
        shouldContinue: () => this.steeredInputWaiting,
      });
      if (this.abort.signal.aborted) status = 'interrupted';
    } catch (caught) {
      if (this.abort.signal.aborted) {
        status = 'interrupted';
      } else {
        status = 'failed';
        error = caught instanceof ModelError
          ? caught.toTurnError()
          : { message: `Internal error: ${(caught as Error)?.message ?? caught}`, codexErrorInfo: 'other', additionalDetails: null };
        if (!(caught instanceof ModelError)) log.error(`turn ${this.id}: ${(caught as Error)?.stack ?? caught}`);
        thread.emit('error', { error, willRetry: false, threadId: thread.id, turnId: this.id });
      }
    }
    this.finish(status, error);
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
    this.startItem(item);
    this.completeItem({ ...item, completedAtMs: now });
    const { thread } = this.options;
    if (!thread.metadata.preview) {
      thread.metadata.preview = input.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
    }
    return item;
  }

  /** The whole conversation so far, as the model sees it, this turn's input last. */
  private conversation(): ConversationEntry[] {
    const entries: ConversationEntry[] = [];
    for (const turn of this.options.thread.turns) entries.push(...toConversation(turn.items));
    entries.push(...this.modelHistory);
    return entries;
  }

  private handle(event: ModelEvent): void {
    const { thread } = this.options;
    const scope = { threadId: thread.id, turnId: this.id };
    switch (event.type) {
      case 'messageStarted':
        this.startItem({
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
        const item = this.open.get(event.id) as AgentMessageItem | undefined;
        if (item) item.text += event.delta;
        thread.emit('item/agentMessage/delta', { ...scope, itemId: event.id, delta: event.delta });
        return;
      }
      case 'messageCompleted': {
        const item = this.open.get(event.id) as AgentMessageItem | undefined;
        if (!item) return;
        this.completeItem({ ...item, text: event.text, completedAtMs: Date.now() });
        if (event.text) this.modelHistory.push({ role: 'assistant', text: event.text });
        return;
      }
      case 'reasoningStarted':
        this.startItem({ type: 'reasoning', id: event.id, summary: [], content: [], startedAtMs: Date.now(), completedAtMs: null });
        return;
      case 'reasoningSummaryPartAdded': {
        const item = this.open.get(event.id) as ReasoningItem | undefined;
        if (item) item.summary[event.summaryIndex] = item.summary[event.summaryIndex] ?? '';
        thread.emit('item/reasoning/summaryPartAdded', { ...scope, itemId: event.id, summaryIndex: event.summaryIndex });
        return;
      }
      case 'reasoningSummaryDelta': {
        const item = this.open.get(event.id) as ReasoningItem | undefined;
        if (item) item.summary[event.summaryIndex] = (item.summary[event.summaryIndex] ?? '') + event.delta;
        thread.emit('item/reasoning/summaryTextDelta', {
          ...scope,
          itemId: event.id,
          delta: event.delta,
          summaryIndex: event.summaryIndex,
        });
        return;
      }
      case 'reasoningCompleted': {
        const item = this.open.get(event.id) as ReasoningItem | undefined;
        if (!item) return;
        this.completeItem({ ...item, summary: event.summary, completedAtMs: Date.now() });
        return;
      }
      case 'completed': {
        if (!event.usage) return;
        const total = thread.tokenUsage?.total;
        thread.tokenUsage = {
          total: total
            ? {
                totalTokens: total.totalTokens + event.usage.totalTokens,
                inputTokens: total.inputTokens + event.usage.inputTokens,
                cachedInputTokens: total.cachedInputTokens + event.usage.cachedInputTokens,
                cacheWriteInputTokens: total.cacheWriteInputTokens + event.usage.cacheWriteInputTokens,
                outputTokens: total.outputTokens + event.usage.outputTokens,
                reasoningOutputTokens: total.reasoningOutputTokens + event.usage.reasoningOutputTokens,
              }
            : event.usage,
          last: event.usage,
          modelContextWindow: null,
        };
        thread.persist({ type: 'token_usage', payload: thread.tokenUsage });
        thread.emit('thread/tokenUsage/updated', { ...scope, tokenUsage: thread.tokenUsage });
        return;
      }
    }
  }

  private startItem(item: ThreadItem): void {
    this.open.set(item.id, item);
    const { thread } = this.options;
    thread.emit('item/started', { item: { ...item }, threadId: thread.id, turnId: this.id, startedAtMs: item.startedAtMs ?? Date.now() });
  }

  private completeItem(item: ThreadItem): void {
    this.open.delete(item.id);
    this.items.push(item);
    const { thread } = this.options;
    const completedAtMs = item.completedAtMs ?? Date.now();
    thread.persist({ type: 'item_completed', payload: { turnId: this.id, item } });
    thread.emit('item/completed', { item, threadId: thread.id, turnId: this.id, completedAtMs, contentTokenCount: null });
  }

  private finish(status: Turn['status'], error: TurnError | null): void {
    const { thread } = this.options;
    // Items still open (a message cut off by an interrupt) keep what they
    // streamed so far, so history shows what the user saw.
    for (const item of this.open.values()) {
      const closed = { ...item, completedAtMs: Date.now() };
      this.items.push(closed);
      thread.persist({ type: 'item_completed', payload: { turnId: this.id, item: closed } });
    }
    this.open.clear();
    const final = this.view(status, error);
    final.completedAt = Math.floor(Date.now() / 1000);
    final.durationMs = Date.now() - this.startedAtMs;
    thread.turns.push({ ...final, items: this.items.slice(), itemsView: 'full' });
    thread.metadata.updatedAt = final.completedAt;
    thread.metadata.recencyAt = final.completedAt;
    thread.activeTurn = null;
    thread.persist({
      type: 'turn_completed',
      payload: { turnId: this.id, status, error, completedAt: final.completedAt, durationMs: final.durationMs },
    });
    try {
      thread.rollout?.sync();
    } catch (syncError) {
      log.error(`turn ${this.id}: fsync failed: ${(syncError as Error).message}`);
    }
    this.options.onFinished();
    thread.emitStatus();
    const lastMessage = [...this.items].reverse().find((item) => item.type === 'agentMessage');
    thread.emit('turn/completed', {
      threadId: thread.id,
      turn: { ...final, items: lastMessage ? [lastMessage] : [], itemsView: 'summary' },
    });
    this.resolveDone();
  }

  private view(status: Turn['status'], error: TurnError | null): Turn {
    return {
      id: this.id,
      rootTurnId: this.id,
      items: [],
      status,
      error,
      startedAt: Math.floor(this.startedAtMs / 1000),
      completedAt: null,
      durationMs: null,
    };
  }
}

function toConversation(items: ThreadItem[]): ConversationEntry[] {
  const entries: ConversationEntry[] = [];
  for (const item of items) {
    if (item.type === 'userMessage') {
      const text = item.content.flatMap((input) => (input.type === 'text' ? [input.text] : [])).join('\n');
      if (text) entries.push({ role: 'user', text });
    } else if (item.type === 'agentMessage' && item.text) {
      entries.push({ role: 'assistant', text: item.text });
    }
  }
  return entries;
}
