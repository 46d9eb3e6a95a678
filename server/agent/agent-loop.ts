/**
 * The agent loop: model ↔ tools until the model ends the turn. Each pass
 * builds a fresh request (so input added by `turn/steer` in the meantime is
 * included) and streams the model's answer. For now the model has no tools,
 * so the loop goes round again only when steered input is waiting (issue
 * [Agent] adds the tool round-trips). Emits model events; knows no JSON-RPC.
 */
import type { ModelClient, ModelEvent, ModelRequest } from './model-events';

export interface AgentRunOptions {
  client: ModelClient;
  buildRequest(): ModelRequest;
  signal: AbortSignal;
  onEvent(event: ModelEvent): void;
  /** Asked after each model response: is there more to do? */
  shouldContinue(): boolean;
}

export async function runAgent(options: AgentRunOptions): Promise<void> {
  do {
    for await (const event of options.client.stream(options.buildRequest(), options.signal)) {
      if (options.signal.aborted) return;
      options.onEvent(event);
    }
    if (options.signal.aborted) return;
  } while (options.shouldContinue());
}
