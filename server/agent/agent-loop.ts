/**
 * The agent loop: model ↔ tools until the model ends the turn. For now the
 * model has no tools, so one model call ends the turn (issue [Agent] adds
 * the tool round-trips). Emits model events to the caller; knows no JSON-RPC.
 */
import type { ModelClient, ModelEvent, ModelRequest } from './model-events';

export interface AgentRunOptions {
  client: ModelClient;
  request: ModelRequest;
  signal: AbortSignal;
  onEvent(event: ModelEvent): void;
}

export async function runAgent(options: AgentRunOptions): Promise<void> {
  for await (const event of options.client.stream(options.request, options.signal)) {
    if (options.signal.aborted) return;
    options.onEvent(event);
  }
}
