/**
 * One streamed model request, guarded: the request is sent by the caller
 * (`postModelRequest`, with the wire API's URL, headers and body), its body
 * is read with our SSE parser, and a watchdog abandons the attempt when nothing
 * arrives for `idleTimeoutMs`: before the response headers or between body
 * chunks. Every failure leaves as a ModelError saying what happened; an abort
 * by the caller's signal ends the stream quietly (an interrupt is not an
 * error). On any exit the attempt's own AbortController is aborted, so the
 * connection is never left open.
 */
import { describeCauses, ModelError, streamDisconnected, streamIdleTimeout, toModelError, type ProviderContext } from './model-error';
import { readText, type HttpAnswer } from './model-http';
import { readSseBatches, type SseEvent } from './sse-reader';

/** Default: like Codex's `stream_idle_timeout_ms`, five minutes. */
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;

export interface EventStreamOptions {
  /** The turn's signal: aborting it ends the stream without an error. */
  signal: AbortSignal;
  /** Abandon the attempt after this long without any byte from the provider. */
  idleTimeoutMs: number;
  context: ProviderContext;
}

/** Sends the request with `send` and yields the event batches of its answer. */
export async function* requestEventStream(
  send: (signal: AbortSignal) => Promise<HttpAnswer>,
  options: EventStreamOptions,
): AsyncGenerator<SseEvent[], void, undefined> {
  const { signal, idleTimeoutMs, context } = options;
  if (signal.aborted) return;
  const attempt = new AbortController();
  const onAbort = () => attempt.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  // One timer re-armed lazily rather than reset per chunk: a burst of thousands of chunks costs no timer work.
  let lastActivity = performance.now();
  let idle = false;
  const check = () => {
    const quietMs = performance.now() - lastActivity;
    if (quietMs >= idleTimeoutMs - 1) {
      idle = true;
      attempt.abort(new Error('stream idle timeout'));
    } else {
      timer = setTimeout(check, idleTimeoutMs - quietMs);
    }
  };
  let timer = setTimeout(check, idleTimeoutMs);
  const fail = (error: unknown, phase: 'request' | 'body'): ModelError | undefined => {
    if (idle) return streamIdleTimeout(context, idleTimeoutMs);
    if (signal.aborted) return undefined;
    if (error instanceof ModelError) return error;
    return phase === 'request' ? toModelError(error, context) : streamDisconnected(context, describeCauses(error));
  };
  try {
    let response: HttpAnswer;
    try {
      response = await send(attempt.signal);
    } catch (error) {
      const failure = fail(error, 'request');
      if (failure) throw failure;
      return;
    }
    lastActivity = performance.now();
    try {
      await refuseNonStream(response, context);
      const touch = () => (lastActivity = performance.now());
      for await (const batch of readSseBatches(response.body, touch)) {
        yield batch;
        // Time spent in the consumer is not the provider's silence.
        lastActivity = performance.now();
      }
    } catch (error) {
      const failure = fail(error, 'body');
      if (failure) throw failure;
      return;
    }
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    attempt.abort();
  }
}

/** A 200 answer that is plainly not an event stream (a proxy's login page, a JSON error) fails with its start. */
async function refuseNonStream(response: HttpAnswer, context: ProviderContext): Promise<void> {
  const type = response.headers.get('content-type') ?? '';
  if (!/^\s*(text\/html|application\/json)/i.test(type)) return;
  const text = (await readText(response.body, 64 * 1024)).slice(0, 500);
  throw new ModelError(
    `The model provider at ${context.baseUrl} answered with ${type.split(';')[0]} instead of an event stream; check the base URL. It said: ${text}`,
    'other',
    text,
    { httpStatus: response.status },
  );
}
