import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backoffDelayMs, retryAfterMs } from './backoff';

const headers = (values: Record<string, string>) => new Headers(values);

describe('backoffDelayMs', () => {
  test('doubles the ceiling per retry up to the cap, with full jitter', () => {
    const options = { baseMs: 200, maxMs: 1000 };
    assert.deepEqual([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(retry, options, () => 0.999999)), [200, 400, 800, 1000, 1000]);
    assert.deepEqual([1, 2, 3].map((retry) => backoffDelayMs(retry, options, () => 0.5)), [100, 200, 400]);
    assert.equal(backoffDelayMs(3, options, () => 0), 0);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  test('reads seconds, fractional seconds and an HTTP date', () => {
    assert.equal(retryAfterMs(headers({ 'retry-after': '0' }), now), 0);
    assert.equal(retryAfterMs(headers({ 'retry-after': '3' }), now), 3000);
    assert.equal(retryAfterMs(headers({ 'retry-after': '1.5' }), now), 1500);
    assert.equal(retryAfterMs(headers({ 'Retry-After': 'Wed, 01 Jan 2025 00:00:07 GMT' }), now), 7000);
    assert.equal(retryAfterMs(headers({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }), now), 0, 'a date in the past means now');
  });

  test('prefers retry-after-ms', () => {
    assert.equal(retryAfterMs(headers({ 'retry-after-ms': '250.2', 'retry-after': '9' }), now), 251);
    assert.equal(retryAfterMs(headers({ 'retry-after-ms': 'soon', 'retry-after': '2' }), now), 2000, 'nonsense falls back');
  });

  test('is null without advice or with nonsense', () => {
    assert.equal(retryAfterMs(headers({}), now), null);
    assert.equal(retryAfterMs(undefined, now), null);
    assert.equal(retryAfterMs(headers({ 'retry-after': 'later' }), now), null);
    assert.equal(retryAfterMs(headers({ 'retry-after': '-5' }), now), null);
  });
});
