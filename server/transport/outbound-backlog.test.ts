import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BacklogGuard, DEFAULT_OUTBOUND_LIMITS, outboundLimitsFromEnv } from './outbound-backlog';

const limits = { maxBytes: 100, stallMs: 30 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function guarded() {
  const state = { backlog: 0, reasons: [] as string[] };
  const guard = new BacklogGuard(limits, () => state.backlog, (reason) => state.reasons.push(reason));
  return { state, guard };
}

test('admits writes up to twice the limit behind, then drops the client once', () => {
  const { state, guard } = guarded();
  state.backlog = 200;
  assert.equal(guard.admit(), true);
  state.backlog = 201;
  assert.equal(guard.admit(), false);
  assert.equal(guard.admit(), false);
  assert.deepEqual(state.reasons, ['client too slow: 201 bytes unread, more than twice the limit of 100']);
  guard.dispose();
});

test('drops a client whose backlog stays above the limit without shrinking for stallMs', async () => {
  const { state, guard } = guarded();
  state.backlog = 150;
  guard.written();
  await sleep(50);
  assert.deepEqual(state.reasons, ['client too slow: 150 bytes unread, above the limit of 100 and not shrinking for 30 ms']);
});

test('keeps a client that is draining a large message, and one that falls back under the limit', async () => {
  const { state, guard } = guarded();
  state.backlog = 190;
  guard.written();
  await sleep(20);
  state.backlog = 150; // shrinking: the client reads
  await sleep(25);
  state.backlog = 120;
  await sleep(35);
  state.backlog = 60;
  guard.written();
  await sleep(45);
  assert.deepEqual(state.reasons, []);
  guard.dispose();
});

test('a disposed guard never fires', async () => {
  const { state, guard } = guarded();
  state.backlog = 150;
  guard.written();
  guard.dispose();
  await sleep(45);
  assert.deepEqual(state.reasons, []);
  assert.equal(guard.admit(), false);
});

test('reads CODEX_THREADS_MAX_OUTBOUND_BYTES, ignoring anything but a positive integer', () => {
  assert.deepEqual(outboundLimitsFromEnv({ CODEX_THREADS_MAX_OUTBOUND_BYTES: '1048576' }), { ...DEFAULT_OUTBOUND_LIMITS, maxBytes: 1048576 });
  for (const value of [undefined, '', '0', '-5', '1.5', 'lots']) {
    assert.deepEqual(outboundLimitsFromEnv({ CODEX_THREADS_MAX_OUTBOUND_BYTES: value }), DEFAULT_OUTBOUND_LIMITS, String(value));
  }
});
