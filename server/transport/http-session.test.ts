import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpSession, type EventSink } from './http-session';

function recordingSink(): EventSink & { events: Array<[number, string]>; ended: boolean } {
  const sink = {
    events: [] as Array<[number, string]>,
    ended: false,
    write: async (id: number, data: string) => void sink.events.push([id, data]),
    end: () => void (sink.ended = true),
  };
  return sink;
}

const limits = (overrides: Partial<{ graceMs: number; replayBytes: number }> = {}) => ({
  graceMs: 60_000,
  replayBytes: 1024,
  outbound: { maxBytes: 1 << 20, stallMs: 1000 },
  ...overrides,
});

test('events get consecutive ids; a stream attached later receives those after its Last-Event-ID', () => {
  const session = new HttpSession(limits());
  for (const text of ['a', 'b', 'c']) session.send(text);
  const sink = recordingSink();
  assert.equal(session.canResumeFrom(1), true);
  session.attach(sink, 1);
  session.send('d');
  assert.deepEqual(sink.events, [[2, 'b'], [3, 'c'], [4, 'd']]);
  session.close();
});

test('resumption is refused for events that left the replay buffer, or never existed', () => {
  const session = new HttpSession(limits({ replayBytes: 10 }));
  for (let index = 0; index < 10; index++) session.send('12345'); // 5 bytes each: two fit
  assert.equal(session.canResumeFrom(10), true, 'up to date');
  assert.equal(session.canResumeFrom(8), true, 'missed 9 and 10, both kept');
  assert.equal(session.canResumeFrom(7), false, 'missed 8, which was dropped');
  assert.equal(session.canResumeFrom(11), false, 'claims an event that never was');
  assert.equal(session.canResumeFrom(Number.NaN), false);
  session.close();
});

test('a second stream replaces the first; a session without a stream ends after its grace time', async () => {
  const session = new HttpSession(limits({ graceMs: 50 }));
  let closedWith: string | undefined;
  session.onClose((reason) => (closedWith = reason));
  const first = recordingSink();
  const second = recordingSink();
  session.attach(first, 0);
  session.attach(second, 0);
  assert.equal(first.ended, true);
  session.send('x');
  assert.deepEqual(first.events, []);
  assert.deepEqual(second.events, [[1, 'x']]);
  await new Promise((resolve) => setTimeout(resolve, 120));
  assert.equal(session.isClosed, false, 'a session with a stream does not expire');
  session.detach(second);
  await new Promise((resolve) => setTimeout(resolve, 120));
  assert.equal(session.isClosed, true);
  assert.match(closedWith ?? '', /no event stream/);
});

test('incoming messages reach the connection until the session closes', () => {
  const session = new HttpSession(limits());
  const received: string[] = [];
  session.onMessage((text) => received.push(text));
  session.receive('{"method":"initialized"}');
  session.close();
  session.receive('{"method":"late"}');
  assert.deepEqual(received, ['{"method":"initialized"}']);
});
