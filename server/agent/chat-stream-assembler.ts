/**
 * Turns streamed Chat Completions chunks into our model events. Text deltas
 * pass straight through (one message item per response, with an id we make
 * up, since chat chunks carry none per item); reasoning text from
 * OpenAI-compatible servers (`reasoning_content` from vLLM and DeepSeek,
 * `reasoning` from Ollama and OpenRouter) becomes a reasoning item with one
 * summary part; tool calls arrive as fragments keyed by `index` and are
 * emitted whole at the end, in index order.
 */
import { randomUUID } from 'node:crypto';
import type { TokenUsageBreakdown } from '../protocol';
import { ModelError, streamedFailure } from './model-error';
import type { ModelEvent } from './model-events';

/** The parts of a chunk we read; OpenAI-compatible servers add the reasoning fields and `error`. */
export interface ChatChunk {
  choices?: Array<{
    index?: number;
    delta?: {
      content?: string | null;
      refusal?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: Array<{ index?: number; id?: string | null; function?: { name?: string | null; arguments?: string | null } }> | null;
    } | null;
    finish_reason?: string | null;
  }> | null;
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    total_tokens?: number;
    prompt_tokens_details?: { cached_tokens?: number | null } | null;
    completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  } | null;
  error?: { message?: string; code?: string | number | null; type?: string | null } | string | null;
}

interface PendingCall {
  id: string;
  name: string;
  arguments: string;
}

export class ChatStreamAssembler {
  /** The reason the model stopped (`stop`, `tool_calls`, `length`…), once a chunk said it. */
  finishReason: string | null = null;
  private messageId: string | null = null;
  private text = '';
  private reasoningId: string | null = null;
  private reasoning = '';
  private readonly calls: PendingCall[] = [];
  private usage: TokenUsageBreakdown | null = null;

  constructor(private readonly newId: (prefix: string) => string = (prefix) => `${prefix}_${randomUUID()}`) {}

  /** The events one chunk produces. Throws a ModelError for an `error` chunk. */
  push(chunk: ChatChunk): ModelEvent[] {
    const events: ModelEvent[] = [];
    if (chunk.error) throw chunkError(chunk.error);
    if (chunk.usage) this.usage = toUsage(chunk.usage);
    const choice = chunk.choices?.find((candidate) => (candidate.index ?? 0) === 0);
    if (!choice) return events;
    const delta = choice.delta;
    if (delta) {
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (typeof reasoning === 'string' && reasoning) {
        if (!this.reasoningId) {
          this.reasoningId = this.newId('rs');
          events.push({ type: 'reasoningStarted', id: this.reasoningId }, { type: 'reasoningSummaryPartAdded', id: this.reasoningId, summaryIndex: 0 });
        }
        this.reasoning += reasoning;
        events.push({ type: 'reasoningSummaryDelta', id: this.reasoningId, summaryIndex: 0, delta: reasoning });
      }
      const content = (delta.content ?? '') + (delta.refusal ?? '');
      if (content) {
        this.closeReasoning(events);
        if (!this.messageId) {
          this.messageId = this.newId('msg');
          events.push({ type: 'messageStarted', id: this.messageId });
        }
        this.text += content;
        events.push({ type: 'messageDelta', id: this.messageId, delta: content });
      }
      if (delta.tool_calls?.length) {
        this.closeReasoning(events);
        for (const fragment of delta.tool_calls) this.addCallFragment(fragment);
      }
    }
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
    return events;
  }

  /** The closing events: open items completed, the tool calls, then `completed` with the usage. */
  finish(): ModelEvent[] {
    if (this.finishReason === 'length') {
      throw new ModelError(
        'The model stopped early: it reached its token limit (the context window or max_tokens of the server).',
        'contextWindowExceeded',
        'finish_reason: length',
      );
    }
    if (this.finishReason === 'content_filter') {
      throw new ModelError("The model provider's content filter stopped the answer.", 'other', 'finish_reason: content_filter');
    }
    const events: ModelEvent[] = [];
    this.closeReasoning(events);
    if (this.messageId) events.push({ type: 'messageCompleted', id: this.messageId, text: this.text });
    for (const call of this.calls) {
      if (!call) continue; // a sparse index
      events.push({ type: 'toolCall', call: { kind: 'function', callId: call.id || this.newId('call'), name: call.name, arguments: call.arguments || '{}' } });
    }
    events.push({ type: 'completed', usage: this.usage });
    return events;
  }

  private closeReasoning(events: ModelEvent[]): void {
    if (!this.reasoningId) return;
    events.push({ type: 'reasoningCompleted', id: this.reasoningId, summary: [this.reasoning] });
    this.reasoningId = null;
    this.reasoning = '';
  }

  private addCallFragment(fragment: NonNullable<NonNullable<NonNullable<ChatChunk['choices']>[number]['delta']>['tool_calls']>[number]): void {
    // Fragments are keyed by `index`. A server that omits it (older Ollama) sends each call whole:
    // then an id, or a name when the last call already has one, starts a new call.
    let index = fragment.index;
    if (typeof index !== 'number') {
      const last = this.calls.length - 1;
      const byId = fragment.id ? this.calls.findIndex((call) => call?.id === fragment.id) : -1;
      const startsNew = fragment.id ? byId === -1 : Boolean(fragment.function?.name && this.calls[last]?.name);
      index = byId !== -1 ? byId : startsNew || last === -1 ? this.calls.length : last;
    }
    const call = (this.calls[index] ??= { id: '', name: '', arguments: '' });
    if (fragment.id && !call.id) call.id = fragment.id;
    const name = fragment.function?.name;
    // Usually sent once; some servers repeat it on every fragment.
    if (name && name !== call.name) call.name += name;
    if (fragment.function?.arguments) call.arguments += fragment.function.arguments;
  }
}

function chunkError(error: NonNullable<ChatChunk['error']>): ModelError {
  if (typeof error === 'string') return streamedFailure('The model stream reported an error', null, error);
  const code = error.code === undefined || error.code === null ? (error.type ?? null) : String(error.code);
  return streamedFailure('The model stream reported an error', code, error.message ?? 'unknown error');
}

function toUsage(usage: NonNullable<ChatChunk['usage']>): TokenUsageBreakdown {
  const input = usage.prompt_tokens ?? 0;
  const output = usage.completion_tokens ?? 0;
  return {
    totalTokens: usage.total_tokens ?? input + output,
    inputTokens: input,
    cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    cacheWriteInputTokens: 0,
    outputTokens: output,
    reasoningOutputTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}
