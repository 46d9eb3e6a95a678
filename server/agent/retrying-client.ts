/**
 * Retries for any model client. A request that fails BEFORE it produced any
 * event is sent again when the failure says it may help (`ModelError.retry`:
 * 429, 408/409, 5xx, connection refused or reset, a stream that broke or went
 * silent before output), after the wait the server asked for (`Retry-After`,
 * up to `maxRetryAfterMs`) or else an exponential backoff with full jitter.
 * Before each retry the consumer gets a `retrying` event, so the user sees
 * "retrying" rather than a frozen turn.
 *
 * A stream that fails AFTER events were yielded is not replayed: the user has
 * already seen part of the answer, and a silent replay would show it twice
 * (or a different one). The turn fails with a message saying so; sending the
 * message again is the retry. Every path is bounded: at most `maxAttempts`
 * attempts, each bounded by the inner client's idle timeout, with bounded
 * waits between them.
 */
import { backoffDelayMs } from './backoff';
import { gaveUp, ModelError } from './model-error';
import type { ModelClient, ModelEvent, ModelRequest } from './model-events';

export interface RetryOptions {
  /** Attempts in all, the first included (default 4: three retries). */
  maxAttempts?: number;
  /** Backoff ceiling for the first retry, doubling per retry (default 200 ms). */
  baseDelayMs?: number;
  /** Backoff ceiling (default 10 s). */
  maxDelayMs?: number;
  /** The longest `Retry-After` honoured (default 60 s); a server asking for more gets no retry. */
  maxRetryAfterMs?: number;
  /** Jitter source, in [0, 1) (tests pin it). */
  random?: () => number;
}

export const DEFAULT_MAX_ATTEMPTS = 4;

export class RetryingClient implements ModelClient {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly random: () => number;

  constructor(
    private readonly inner: ModelClient,
    options: RetryOptions = {},
  ) {
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.random = options.random ?? Math.random;
  }

  get supportsCustomTools(): boolean {
    return this.inner.supportsCustomTools;
  }

  async *stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent> {
    for (let attempt = 1; ; attempt++) {
      let yielded = false;
      try {
        for await (const event of this.inner.stream(request, signal)) {
          yielded = true;
          yield event;
        }
        return;
      } catch (error) {
        if (signal.aborted) return;
        if (!(error instanceof ModelError)) throw error;
        if (yielded) throw notReplayed(error);
        if (!error.retry.retryable) throw error;
        if (attempt >= this.maxAttempts) throw this.maxAttempts > 1 ? gaveUp(error, attempt) : error;
        const advised = error.retry.afterMs;
        if (advised !== null && advised > this.maxRetryAfterMs) throw waitTooLong(error, advised);
        const delayMs = advised ?? backoffDelayMs(attempt, { baseMs: this.baseDelayMs, maxMs: this.maxDelayMs }, this.random);
        const next = attempt + 1;
        yield {
          type: 'retrying',
          attempt: next,
          maxAttempts: this.maxAttempts,
          delayMs,
          error: {
            message: `${error.message} Retrying in ${formatDelay(delayMs)} (attempt ${next} of ${this.maxAttempts}).`,
            codexErrorInfo: error.info,
            additionalDetails: error.details,
          },
        };
        await sleep(delayMs, signal);
        if (signal.aborted) return;
      }
    }
  }
}

/** A retryable failure after output: said plainly, not retried. */
function notReplayed(error: ModelError): ModelError {
  if (!error.retry.retryable) return error;
  return new ModelError(
    `${error.message} Part of the answer had already arrived, so it was not retried automatically: send your message again to continue.`,
    error.info,
    error.details,
    { ...error.retry, retryable: false },
  );
}

function waitTooLong(error: ModelError, advisedMs: number): ModelError {
  return new ModelError(
    `${error.message} The provider asks to wait ${formatDelay(advisedMs)} before trying again.`,
    error.info,
    error.details,
    { ...error.retry, retryable: false },
  );
}

/** "0 ms", "850 ms", "1.5 s", "12 s", "3 min". */
export function formatDelay(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(Math.round(ms / 100) / 10).toString()} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
