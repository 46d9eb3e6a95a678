/**
 * What a model stream produces, independent of the wire API that carried it
 * (Responses or, later, Chat Completions). The agent loop consumes these and
 * knows nothing of HTTP or JSON-RPC.
 */
import type { TokenUsageBreakdown } from '../protocol';

export type ModelEvent =
  | { type: 'messageStarted'; id: string }
  | { type: 'messageDelta'; id: string; delta: string }
  | { type: 'messageCompleted'; id: string; text: string }
  | { type: 'reasoningStarted'; id: string }
  | { type: 'reasoningSummaryPartAdded'; id: string; summaryIndex: number }
  | { type: 'reasoningSummaryDelta'; id: string; summaryIndex: number; delta: string }
  | { type: 'reasoningCompleted'; id: string; summary: string[] }
  | { type: 'completed'; usage: TokenUsageBreakdown | null };

/** One message of the conversation as the model sees it. */
export type ConversationEntry = { role: 'user'; text: string } | { role: 'assistant'; text: string };

export interface ModelRequest {
  model: string;
  instructions: string;
  conversation: ConversationEntry[];
  reasoningEffort?: string | null;
}

export interface ModelClient {
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent>;
}
