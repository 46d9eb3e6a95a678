import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Access } from '../../webview/web/access';
import { AccessError } from '../../webview/web/access';
import { EventCursor, parseSessionAnnouncement, retryDelayMs } from '../../webview/web/event-cursor';
import { EventStream } from '../../webview/web/event-stream';
import { ScriptedSource } from './web-scripted-source';

function harness(access: Access = 'ok', retries = 3) {
  const sources: ScriptedSource[] = [];
  const received: string[] = [];
  const lost: Error[] = [];
  let accessChecks = 0;
  const opening = EventStream.open({
    path: '/events',
    createSource: (url) => {
      const source = new ScriptedSource(url);
      sources.push(source);
      return source;
    },
    checkAccess: async () => {
      accessChecks++;
      return access;
    },
    onMessage: (data) => received.push(data),
    onLost: (reason) => lost.push(reason),
    retryDelay: () => 1,
    retries,
  });
  return { sources, received, lost, opening, accessChecks: () => accessChecks, latest: () => sources.at(-1)! };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('web event stream', () => {
  it('opens on the first session event, then delivers each message once, in order', async () => {
    const { sources, received, opening, latest } = harness();
    assert.equal(latest().url, '/events');
    latest().session('S1', false);
    const stream = await opening;
    assert.equal(stream.sessionId, 'S1');
    latest().message(1, 'a');
    latest().message(2, 'b');
    latest().message(2, 'b again');
    assert.deepEqual(received, ['a', 'b']);
    assert.equal(sources.length, 1);
  });

  it('reconnects a dropped stream to the same session from the last event seen, skipping replayed duplicates', async () => {
    const { sources, received, lost, opening, latest, accessChecks } = harness();
    latest().session('S1', false);
    await opening;
    for (const id of [1, 2, 3]) latest().message(id, `m${id}`);
    const dropped = latest();
    dropped.fail();
    assert.equal(dropped.closed, true, 'the browser must not retry on its own (without the session id)');
    await until(() => sources.length === 2, 'the second stream');
    assert.equal(latest().url, '/events?session=S1&lastEventId=3');
    latest().session('S1', true);
    latest().message(3, 'm3');
    latest().message(4, 'm4');
    assert.deepEqual(received, ['m1', 'm2', 'm3', 'm4']);
    assert.deepEqual(lost, []);
    assert.equal(accessChecks(), 0, 'a stream that had been let in was not refused');
  });

  it('counts the connection lost when the server answers with a new session', async () => {
    const { sources, lost, opening, latest } = harness();
    latest().session('S1', false);
    await opening;
    latest().fail();
    await until(() => sources.length === 2, 'the second stream');
    latest().session('S2', false);
    assert.equal(lost.length, 1);
    assert.match(lost[0].message, /restarted or forgot this page/);
    assert.equal(latest().closed, true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(sources.length, 2, 'no more streams');
  });

  it('stops at once when a reconnect is refused for the token', async () => {
    const { sources, lost, opening, latest } = harness('unauthorized');
    latest().session('S1', false);
    await opening;
    latest().fail();
    await until(() => sources.length === 2, 'the second stream');
    latest().fail(); // before its session event: refused, or unreachable
    await until(() => lost.length === 1, 'the loss');
    assert.ok(lost[0] instanceof AccessError);
    assert.match(lost[0].message, /Open the address the server printed at start; it carries the access token\./);
    assert.equal(sources.length, 2);
  });

  it('gives up after its retries when the server stays unreachable, and starts counting again after a resumption', async () => {
    const { sources, lost, opening, latest } = harness('unreachable', 2);
    latest().session('S1', false);
    await opening;
    latest().fail();
    await until(() => sources.length === 2, 'retry 1');
    latest().session('S1', true); // resumed: the count starts over
    latest().fail();
    await until(() => sources.length === 3, 'retry 1 again');
    latest().fail();
    await until(() => sources.length === 4, 'retry 2');
    latest().fail();
    await until(() => lost.length === 1, 'the loss');
    assert.match(lost[0].message, /Lost the connection to the Codex server/);
    assert.equal(sources.length, 4);
  });

  it('rejects the open when the first stream fails, saying whether the server refused the page', async () => {
    const refused = harness('unauthorized');
    refused.latest().fail();
    await assert.rejects(refused.opening, (error: Error) => error instanceof AccessError);
    const unreachable = harness('unreachable');
    unreachable.latest().fail();
    await assert.rejects(unreachable.opening, /Could not reach the Codex server/);
    assert.deepEqual([...refused.lost, ...unreachable.lost], [], 'an open that failed is not also reported lost');
  });

  it('stops on close without reporting a loss', async () => {
    const { sources, lost, opening, latest } = harness();
    latest().session('S1', false);
    const stream = await opening;
    latest().fail();
    stream.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(sources.length, 1, 'the pending retry was cancelled');
    assert.deepEqual(lost, []);
  });
});

describe('web event cursor', () => {
  it('names the session and the last event in the reconnect address', () => {
    const cursor = new EventCursor();
    assert.equal(cursor.streamUrl('/events'), '/events');
    assert.equal(cursor.announce({ sessionId: 'a/b+c', resumed: false }), 'opened');
    assert.equal(cursor.accept('5'), true);
    assert.equal(cursor.streamUrl('/events'), '/events?session=a%2Fb%2Bc&lastEventId=5');
    assert.equal(cursor.announce({ sessionId: 'a/b+c', resumed: true }), 'resumed');
    assert.equal(cursor.announce({ sessionId: 'other', resumed: true }), 'lost');
  });

  it('parses only well-formed session events', () => {
    assert.deepEqual(parseSessionAnnouncement('{"sessionId":"S","resumed":true}'), { sessionId: 'S', resumed: true });
    for (const data of ['', 'null', '{"sessionId":"S"}', '{"sessionId":"","resumed":false}', '{"sessionId":1,"resumed":false}']) {
      assert.equal(parseSessionAnnouncement(data), undefined, data);
    }
  });

  it('backs off from a quarter second to at most four seconds', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 20].map(retryDelayMs), [250, 500, 1000, 2000, 4000, 4000, 4000]);
  });
});
