/**
 * The agent loop: model ↔ tools until the model ends the turn. Each pass
 * builds a fresh request (so input added by `turn/steer` meanwhile is
 * included), streams the answer, then runs the tool calls it asked for, in
 * order, and feeds their outputs back. The turn ends when a response asks
 * for no tool and no steered input is waiting. Knows no JSON-RPC.
 */
import type { ModelClient, ModelEvent, ModelRequest, ToolCall } from './model-events';

export interface AgentRunOptions {
  client: ModelClient;
  /** Runs before each request (e.g. compaction when the context is nearly full). */
  prepare?(): Promise<void>;
  buildRequest(): ModelRequest;
  signal: AbortSignal;
  onEvent(event: ModelEvent): void;
  /** Runs one tool call; its output is recorded by the caller. */
  runTool(call: ToolCall): Promise<void>;
  /** Asked after each response without tool calls: is there more to do (steered input)? */
  shouldContinue(): boolean;
  /** Upper bound on model requests in one turn, against runaway loops. */
  maxRequests?: number;
}

export class TooManyRequestsError extends Error {}

export async function runAgent(options: AgentRunOptions): Promise<void> {
  const maxRequests = options.maxRequests ?? 200;
  for (let request = 0; ; request++) {
    if (request >= maxRequests) {
      throw new TooManyRequestsError(`The agent made ${maxRequests} model requests in one turn without finishing; stopped to avoid a loop.`);
    }
    await options.prepare?.();
    if (options.signal.aborted) return;
    const calls: ToolCall[] = [];
    for await (const event of options.client.stream(options.buildRequest(), options.signal)) {
      if (options.signal.aborted) return;
      if (event.type === 'toolCall') calls.push(event.call);
      options.onEvent(event);
    }
    if (options.signal.aborted) return;
    for (const call of calls) {
      await options.runTool(call);
      if (options.signal.aborted) return;
    }
    if (calls.length === 0 && !options.shouldContinue()) return;
  }
}
