import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ModelError } from './model-error';
import type { ModelClient, ModelEvent, ModelRequest } from './model-events';
import { formatDelay, RetryingClient } from './retrying-client';

type Attempt = { events?: ModelEvent[]; error?: ModelError | Error };

/** A model client that plays one scripted attempt per call. */
class ScriptedClient implements ModelClient {
  readonly supportsCustomTools = false;
  calls = 0;
  constructor(private readonly attempts: Attempt[]) {}
  async *stream(_request: ModelRequest, _signal: AbortSignal): AsyncIterable<ModelEvent> {
    const attempt = this.attempts[this.calls++] ?? { error: new Error('unscripted attempt') };
    for (const event of attempt.events ?? []) yield event;
    if (attempt.error) throw attempt.error;
  }
}

const request: ModelRequest = { model: 'm', instructions: '', conversation: [], tools: [] };
const done: ModelEvent = { type: 'completed', usage: null };
const rateLimited = (afterMs: number | null = null) =>
  new ModelError('Rate limited by the model provider (HTTP 429). Wait a moment and try again.', 'rateLimitExceeded', 'slow down', {
    retryable: true,
    afterMs,
    httpStatus: 429,
  });
const serverError = () => new ModelError('The model provider failed (HTTP 500). Try again later.', 'internalServerError', 'boom', { retryable: true, httpStatus: 500 });
const disconnected = () =>
  new ModelError('The connection closed before the response was complete (terminated).', { responseStreamDisconnected: { httpStatusCode: null } }, 'terminated', {
    retryable: true,
  });

async function collect(client: ModelClient, signal = new AbortController().signal) {
  const events: ModelEvent[] = [];
  try {
    for await (const event of client.stream(request, signal)) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    return { events, error: error as ModelError };
  }
}

describe('RetryingClient', () => {
  test('retries a rate limit after the advised wait and tells the consumer first', async () => {
    const inner = new ScriptedClient([{ error: rateLimited(0) }, { events: [done] }]);
    const { events, error } = await collect(new RetryingClient(inner, { maxAttempts: 3 }));
    assert.equal(error, undefined);
    assert.deepEqual(events, [
      {
        type: 'retrying',
        attempt: 2,
        maxAttempts: 3,
        delayMs: 0,
        error: {
          message: 'Rate limited by the model provider (HTTP 429). Wait a moment and try again. Retrying in 0 ms (attempt 2 of 3).',
          codexErrorInfo: 'rateLimitExceeded',
          additionalDetails: 'slow down',
        },
      },
      done,
    ]);
  });

  test('backs off exponentially with jitter when no wait is advised, then gives up with a clear error', async () => {
    const inner = new ScriptedClient([{ error: serverError() }, { error: serverError() }, { error: serverError() }, { error: serverError() }]);
    const client = new RetryingClient(inner, { maxAttempts: 4, baseDelayMs: 4, maxDelayMs: 10, random: () => 0.5 });
    const started = Date.now();
    const { events, error } = await collect(client);
    assert.deepEqual(
      events.map((event) => (event.type === 'retrying' ? [event.attempt, event.delayMs] : event.type)),
      [
        [2, 2],
        [3, 4],
        [4, 5],
      ],
    );
    assert.equal(inner.calls, 4);
    assert.ok(Date.now() - started < 1000);
    assert.deepEqual(error?.toTurnError(), {
      message: 'Gave up after 4 attempts. The model provider failed (HTTP 500). Try again later.',
      codexErrorInfo: { responseTooManyFailedAttempts: { httpStatusCode: 500 } },
      additionalDetails: 'boom',
    });
  });

  test('does not retry what cannot succeed', async () => {
    const unauthorized = new ModelError('rejected the API key', 'unauthorized', null, { httpStatus: 401 });
    const inner = new ScriptedClient([{ error: unauthorized }]);
    const { events, error } = await collect(new RetryingClient(inner));
    assert.deepEqual(events, []);
    assert.equal(error, unauthorized);
    assert.equal(inner.calls, 1);
  });

  test('does not replay a stream that failed after output, and says so', async () => {
    const delta: ModelEvent = { type: 'messageDelta', id: 'msg_1', delta: 'Hel' };
    const inner = new ScriptedClient([{ events: [delta], error: disconnected() }, { events: [done] }]);
    const { events, error } = await collect(new RetryingClient(inner));
    assert.deepEqual(events, [delta]);
    assert.equal(inner.calls, 1);
    assert.deepEqual(error?.toTurnError(), {
      message:
        'The connection closed before the response was complete (terminated). Part of the answer had already arrived, so it was not retried automatically: send your message again to continue.',
      codexErrorInfo: { responseStreamDisconnected: { httpStatusCode: null } },
      additionalDetails: 'terminated',
    });
  });

  test('retries a stream that broke before any output', async () => {
    const inner = new ScriptedClient([{ error: disconnected() }, { events: [done] }]);
    const { events } = await collect(new RetryingClient(inner, { baseDelayMs: 1 }));
    assert.deepEqual(events.map((event) => event.type), ['retrying', 'completed']);
  });

  test('refuses a wait longer than its cap instead of sleeping through it', async () => {
    const inner = new ScriptedClient([{ error: rateLimited(3_600_000) }]);
    const { events, error } = await collect(new RetryingClient(inner, { maxRetryAfterMs: 60_000 }));
    assert.deepEqual(events, []);
    assert.equal(error?.message, 'Rate limited by the model provider (HTTP 429). Wait a moment and try again. The provider asks to wait 60 min before trying again.');
  });

  test('an abort during the backoff ends the stream at once, without an error', async () => {
    const inner = new ScriptedClient([{ error: serverError() }, { events: [done] }]);
    const controller = new AbortController();
    const client = new RetryingClient(inner, { baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 0.99 });
    const started = Date.now();
    const events: ModelEvent[] = [];
    for await (const event of client.stream(request, controller.signal)) {
      events.push(event);
      controller.abort();
    }
    assert.deepEqual(events.map((event) => event.type), ['retrying']);
    assert.equal(inner.calls, 1);
    assert.ok(Date.now() - started < 1000);
  });

  test('passes other errors through and reports the inner client capability', async () => {
    const bug = new TypeError('bug');
    const inner = new ScriptedClient([{ error: bug }]);
    const client = new RetryingClient(inner);
    assert.equal(client.supportsCustomTools, false);
    assert.equal((await collect(client)).error, bug);
  });

  test('formats delays for people', () => {
    assert.deepEqual([0, 850, 1500, 12_400, 180_000].map(formatDelay), ['0 ms', '850 ms', '1.5 s', '12 s', '3 min']);
  });
});
