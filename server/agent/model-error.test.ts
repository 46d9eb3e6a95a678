import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ConnectionFailure,
  gaveUp,
  HttpStatusError,
  ModelError,
  streamDisconnected,
  streamedFailure,
  streamIdleTimeout,
  toModelError,
} from './model-error';

const context = { baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: 'OPENAI_API_KEY' };
const httpError = (status: number, body: { error?: { message?: string; code?: string } } = { error: { message: 'nope' } }, headers: Record<string, string> = {}) =>
  new HttpStatusError(status, { get: (name) => headers[name.toLowerCase()] ?? null }, body.error, JSON.stringify(body));
const summary = (error: ModelError) => ({ message: error.message, info: error.info, details: error.details, retry: error.retry });

describe('toModelError', () => {
  test('an authentication failure says which variable to set and is not retried', () => {
    assert.deepEqual(summary(toModelError(httpError(401, { error: { message: 'Incorrect API key provided' } }), context)), {
      message:
        'The model provider at http://127.0.0.1:9/v1 rejected the API key (HTTP 401). Set OPENAI_API_KEY (in VS Code: "Codex: Set API Key") to a valid key.',
      info: 'unauthorized',
      details: 'Incorrect API key provided',
      retry: { retryable: false, afterMs: null, httpStatus: 401 },
    });
    assert.equal(toModelError(httpError(403), context).retry.retryable, false);
  });

  test('a rate limit is retryable after the advised wait; an exhausted quota is not', () => {
    assert.deepEqual(summary(toModelError(httpError(429, { error: { message: 'slow down' } }, { 'retry-after': '2' }), context)), {
      message: 'Rate limited by the model provider (HTTP 429). Wait a moment and try again.',
      info: 'rateLimitExceeded',
      details: 'slow down',
      retry: { retryable: true, afterMs: 2000, httpStatus: 429 },
    });
    const quota = toModelError(httpError(429, { error: { message: 'You exceeded your current quota', code: 'insufficient_quota' } }), context);
    assert.equal(quota.info, 'usageLimitExceeded');
    assert.equal(quota.retry.retryable, false);
    assert.match(quota.message, /quota is used up.*OPENAI_API_KEY/);
  });

  test('server failures are retryable, client errors are not, and x-should-retry overrides', () => {
    const cases = [500, 502, 503, 529, 408, 409, 400, 404, 422].map((status) => {
      const error = toModelError(httpError(status), context);
      return [status, error.info, error.retry.retryable];
    });
    assert.deepEqual(cases, [
      [500, 'internalServerError', true],
      [502, 'internalServerError', true],
      [503, 'serverOverloaded', true],
      [529, 'serverOverloaded', true],
      [408, 'other', true],
      [409, 'other', true],
      [400, 'badRequest', false],
      [404, 'modelNotFound', false],
      [422, 'other', false],
    ]);
    assert.equal(toModelError(httpError(500, {}, { 'x-should-retry': 'false' }), context).retry.retryable, false);
    assert.equal(toModelError(httpError(400, {}, { 'x-should-retry': 'true' }), context).retry.retryable, true);
  });

  test('a refused connection names the provider and the cause, and is retryable', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    assert.deepEqual(summary(toModelError(new ConnectionFailure(cause), context)), {
      message:
        'Could not reach the model provider at http://127.0.0.1:9/v1: Connection error. (connect ECONNREFUSED 127.0.0.1:9). Check the base URL and your network.',
      info: { httpConnectionFailed: { httpStatusCode: null } },
      details: 'Connection error. (connect ECONNREFUSED 127.0.0.1:9)',
      retry: { retryable: true, afterMs: null, httpStatus: null },
    });
  });

  test('an error body that is not JSON is the detail, and the message says the status', () => {
    const error = new HttpStatusError(502, { get: () => null }, undefined, '<html>Bad Gateway</html>\n');
    assert.equal(error.message, '502 <html>Bad Gateway</html>');
    assert.equal(toModelError(error, context).details, '502 <html>Bad Gateway</html>');
    assert.equal(new HttpStatusError(500, { get: () => null }, undefined, '').message, '500 status code (no body)');
  });

  test('a programming error is not mistaken for a network failure', () => {
    const error = toModelError(new TypeError("Cannot read properties of undefined (reading 'x')"), context);
    assert.equal(error.info, 'other');
    assert.equal(error.retry.retryable, false);
  });
});

describe('stream failures', () => {
  test('a disconnect and an idle stream are retryable and say what happened', () => {
    assert.deepEqual(summary(streamDisconnected(context, 'terminated')), {
      message: 'The connection to the model provider at http://127.0.0.1:9/v1 closed before the response was complete (terminated).',
      info: { responseStreamDisconnected: { httpStatusCode: null } },
      details: 'terminated',
      retry: { retryable: true, afterMs: null, httpStatus: null },
    });
    assert.equal(
      streamIdleTimeout(context, 300_000).message,
      'The model provider at http://127.0.0.1:9/v1 sent nothing for 300 s, so the request was abandoned. If a slow model needs longer, raise stream_idle_timeout_ms.',
    );
    assert.match(streamIdleTimeout(context, 250).message, /sent nothing for 250 ms/);
  });

  test('errors reported inside a stream are classified by code', () => {
    assert.deepEqual(summary(streamedFailure('The model failed', 'rate_limit_exceeded', 'Rate limit reached. Please try again in 1.5s.')), {
      message: 'The model failed: Rate limit reached. Please try again in 1.5s.',
      info: 'rateLimitExceeded',
      details: 'rate_limit_exceeded: Rate limit reached. Please try again in 1.5s.',
      retry: { retryable: true, afterMs: 1500, httpStatus: null },
    });
    assert.equal(streamedFailure('x', 'context_length_exceeded', 'too long').info, 'contextWindowExceeded');
    assert.equal(streamedFailure('x', '502', 'upstream').retry.retryable, true);
    assert.equal(streamedFailure('x', null, 'odd').retry.retryable, false);
  });

  test('giving up reports too many failed attempts for HTTP failures and keeps a stream failure as is', () => {
    const last = toModelError(httpError(500), context);
    assert.deepEqual(summary(gaveUp(last, 4)), {
      message: 'Gave up after 4 attempts. The model provider failed (HTTP 500). Try again later.',
      info: { responseTooManyFailedAttempts: { httpStatusCode: 500 } },
      details: 'nope',
      retry: { retryable: false, afterMs: null, httpStatus: 500 },
    });
    assert.deepEqual(gaveUp(streamIdleTimeout(context, 50), 2).info, { responseStreamDisconnected: { httpStatusCode: null } });
  });
});
