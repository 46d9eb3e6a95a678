/**
 * The model side, independent of the wire API that carries it (Responses
 * or Chat Completions): the items of a conversation as the model sees it,
 * the events a model stream produces, and the client interface. The agent
 * loop consumes these and knows nothing of HTTP or JSON-RPC.
 */
import type { TokenUsageBreakdown, TurnError } from '../protocol';

/** One entry of the model's conversation, in the order the model saw it. */
export type ModelItem =
  | { type: 'message'; role: 'user' | 'assistant' | 'developer'; text: string }
  | { type: 'functionCall'; callId: string; name: string; arguments: string }
  | { type: 'functionCallOutput'; callId: string; output: string }
  | { type: 'customToolCall'; callId: string; name: string; input: string }
  | { type: 'customToolCallOutput'; callId: string; output: string };

/** A tool call the model made, to be run by the agent loop. */
export type ToolCall =
  | { kind: 'function'; callId: string; name: string; arguments: string }
  | { kind: 'custom'; callId: string; name: string; input: string };

export type ModelEvent =
  | { type: 'messageStarted'; id: string }
  | { type: 'messageDelta'; id: string; delta: string }
  | { type: 'messageCompleted'; id: string; text: string }
  | { type: 'reasoningStarted'; id: string }
  | { type: 'reasoningSummaryPartAdded'; id: string; summaryIndex: number }
  | { type: 'reasoningSummaryDelta'; id: string; summaryIndex: number; delta: string }
  | { type: 'reasoningCompleted'; id: string; summary: string[] }
  | { type: 'toolCall'; call: ToolCall }
  | { type: 'completed'; usage: TokenUsageBreakdown | null }
  /**
   * The request failed before any output and will be sent again after
   * `delayMs` (from `RetryingClient`). `attempt` is the number of the attempt
   * about to be made (2 for the first retry), out of `maxAttempts`. The turn
   * reports it as an `error` notification with `willRetry: true`.
   */
  | { type: 'retrying'; attempt: number; maxAttempts: number; delayMs: number; error: TurnError };

/** A tool as offered to the model. */
export type ToolSpec =
  | { kind: 'function'; name: string; description: string; parameters: Record<string, unknown> }
  | { kind: 'custom'; name: string; description: string; grammar?: { syntax: 'lark'; definition: string } };

export interface ModelRequest {
  model: string;
  instructions: string;
  conversation: ModelItem[];
  tools: ToolSpec[];
  reasoningEffort?: string | null;
  reasoningSummary?: string | null;
}

export interface ModelClient {
  /** Whether the wire API supports free-form (custom) tools; Chat Completions does not. */
  readonly supportsCustomTools: boolean;
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent>;
}
