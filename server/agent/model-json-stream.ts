/**
 * One streamed model request of either wire API, up to parsed JSON events:
 * the POST to the endpoint (`model-http.ts`), the guarded SSE stream
 * (`event-stream-request.ts`), and each event's JSON. Like upstream Codex,
 * an event that is not a JSON object is skipped (the first one logged) and
 * counted, so that a stream that then ends early can say so.
 *
 * Events arrive in batches, one per network chunk, and are parsed one by
 * one inside the client's synchronous loop over a batch: a burst of deltas
 * costs one async step per chunk, not per event, and no extra allocation.
 */
import { log } from '../common/log';
import { DEFAULT_STREAM_IDLE_TIMEOUT_MS, requestEventStream } from './event-stream-request';
import { modelEndpoint, OPENAI_BASE_URL, type ModelClientOptions } from './model-endpoint';
import { streamDisconnected, type ModelError, type ProviderContext } from './model-error';
import { postModelRequest } from './model-http';
import type { SseEvent } from './sse-reader';

/** The `data: [DONE]` sentinel of Chat Completions streams (Responses streams may send it too). */
export const STREAM_DONE = Symbol('[DONE]');

export class ModelJsonStream {
  readonly context: ProviderContext;
  /** The SSE events of each network chunk; the request is sent when iteration starts. */
  readonly batches: AsyncIterable<SseEvent[]>;
  private malformed = 0;

  constructor(options: ModelClientOptions, path: string, body: unknown, signal: AbortSignal) {
    this.context = { baseUrl: options.baseUrl ?? OPENAI_BASE_URL, apiKeyEnv: options.apiKeyEnv };
    const endpoint = modelEndpoint(options, path);
    const json = JSON.stringify(body);
    const send = (attemptSignal: AbortSignal) =>
      postModelRequest({ url: endpoint.url, headers: endpoint.headers, body: json, signal: attemptSignal, env: options.env });
    this.batches = requestEventStream(send, {
      signal,
      idleTimeoutMs: options.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
      context: this.context,
    });
  }

  /** One event's JSON object, `STREAM_DONE` for `[DONE]`, or undefined for an event skipped as malformed. */
  parse(sse: SseEvent): object | typeof STREAM_DONE | undefined {
    if (sse.data === '[DONE]') return STREAM_DONE;
    try {
      const event: unknown = JSON.parse(sse.data);
      if (typeof event === 'object' && event !== null) return event;
    } catch {
      // Reported below, like a JSON value that is not an object.
    }
    if (this.malformed++ === 0) log.warn(`model stream from ${this.context.baseUrl}: skipped an event that is not JSON: ${sse.data.slice(0, 80)}`);
    return undefined;
  }

  /** The error for a stream that ended before `what` (its closing event), with the skipped events if any. */
  endedWithout(what: string): ModelError {
    const skipped = this.malformed ? `; ${this.malformed} malformed event${this.malformed === 1 ? ' was' : 's were'} skipped` : '';
    return streamDisconnected(this.context, `the stream ended without ${what}${skipped}`);
  }
}
