import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nullLogger } from '../../extension/common/logger';
import { HttpConnection } from '../../webview/web/http-connection';
import { classifyIncoming } from '../../webview/web/incoming-message';
import { ScriptedSource } from './web-scripted-source';

interface Post {
  url: string;
  message: Record<string, unknown>;
}

/** Plays the server's `/rpc`: records each POST and answers it with `status` once `release` allows. */
function scriptedServer() {
  const posts: Post[] = [];
  const sources: ScriptedSource[] = [];
  let status = 202;
  let held: Promise<void> = Promise.resolve();
  return {
    posts,
    sources,
    setStatus: (next: number) => (status = next),
    /** Holds the answers of the next POSTs until the returned function is called. */
    hold: () => {
      let release = () => undefined as void;
      held = new Promise<void>((resolve) => (release = resolve));
      return () => {
        release();
        held = Promise.resolve();
      };
    },
    options: {
      logger: nullLogger,
      retryDelay: () => 1,
      createSource: (url: string) => {
        const source = new ScriptedSource(url);
        sources.push(source);
        return source;
      },
      fetch: async (url: string, init?: RequestInit) => {
        posts.push({ url, message: JSON.parse(String(init?.body)) as Record<string, unknown> });
        await held;
        return new Response(status === 202 ? null : 'no such session', { status });
      },
    },
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const clientInfo = { name: 'codex_threads_web', title: 'Codex Threads (web)', version: '0.0.0-test' };

/** Opens a connection on session S1, playing the server's side of the handshake. */
async function openConnection(server: ReturnType<typeof scriptedServer>): Promise<HttpConnection> {
  const opening = HttpConnection.open(server.options, clientInfo);
  await until(() => server.sources.length === 1, 'the stream');
  const stream = server.sources[0];
  stream.session('S1', false);
  await until(() => server.posts.length === 1, 'initialize');
  stream.message(1, JSON.stringify({ id: 1, result: { userAgent: 'test' } }));
  const connection = await opening;
  assert.deepEqual(
    server.posts.map((post) => [post.url, post.message.method]),
    [
      ['/rpc?session=S1', 'initialize'],
      ['/rpc?session=S1', 'initialized'],
    ],
  );
  assert.deepEqual(server.posts[0].message.params, { clientInfo, capabilities: { experimentalApi: false } });
  return connection;
}

describe('web HTTP connection', () => {
  it('posts one message at a time, in order, and matches responses by id', async () => {
    const server = scriptedServer();
    const connection = await openConnection(server);
    const release = server.hold();
    const first = connection.request('thread/start', {});
    const second = connection.request('thread/list', {});
    await until(() => server.posts.length === 3, 'the first request');
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(server.posts.length, 3, 'the second waits until the first was accepted');
    release();
    await until(() => server.posts.length === 4, 'the second request');
    assert.deepEqual(server.posts.slice(2).map((post) => [post.message.id, post.message.method]), [
      [2, 'thread/start'],
      [3, 'thread/list'],
    ]);
    const stream = server.sources[0];
    stream.message(2, JSON.stringify({ id: 3, result: { data: [], nextCursor: null } }));
    stream.message(3, JSON.stringify({ id: 2, error: { code: -32602, message: 'Invalid params: cwd' } }));
    assert.deepEqual(await second, { data: [], nextCursor: null });
    await assert.rejects(first, { message: 'Invalid params: cwd', code: -32602 });
    connection.dispose();
  });

  it('delivers known notifications and ignores methods it does not know', async () => {
    const server = scriptedServer();
    const connection = await openConnection(server);
    const seen: string[] = [];
    connection.onNotification((notification) => seen.push(notification.method));
    server.sources[0].message(2, JSON.stringify({ method: 'remoteControl/status/changed', params: {} }));
    server.sources[0].message(3, JSON.stringify({ method: 'thread/name/updated', params: { threadId: 't', threadName: 'n' } }));
    assert.deepEqual(seen, ['thread/name/updated']);
    connection.dispose();
  });

  it('answers server requests: the handler result, or -32601 for a method nobody handles', async () => {
    const server = scriptedServer();
    const connection = await openConnection(server);
    connection.handleServerRequests(['item/commandExecution/requestApproval'], async () => ({ decision: 'accept' }));
    server.sources[0].message(2, JSON.stringify({ id: 0, method: 'item/commandExecution/requestApproval', params: {} }));
    server.sources[0].message(3, JSON.stringify({ id: 1, method: 'item/tool/requestUserInput', params: {} }));
    await until(() => server.posts.length === 4, 'both answers');
    // Each answer leaves when it is ready (the unhandled one at once), so compare them by id.
    assert.deepEqual(server.posts.slice(2).map((post) => post.message).sort((a, b) => Number(a.id) - Number(b.id)), [
      { id: 0, result: { decision: 'accept' } },
      { id: 1, error: { code: -32601, message: 'unsupported: item/tool/requestUserInput' } },
    ]);
    connection.dispose();
  });

  it('closes once when the server no longer knows the session: pending and later requests fail', async () => {
    const server = scriptedServer();
    const connection = await openConnection(server);
    const closes: string[] = [];
    connection.onDidClose((reason) => closes.push(reason.message));
    const release = server.hold();
    const pending = connection.request('thread/start', {});
    await until(() => server.posts.length === 3, 'the request');
    server.setStatus(404);
    release();
    await assert.rejects(pending, /restarted or forgot this page/);
    await assert.rejects(connection.request('thread/list', {}), /restarted or forgot this page/);
    assert.deepEqual(closes, ['The Codex server restarted or forgot this page']);
    assert.equal(server.sources[0].closed, true);
    assert.equal(server.posts.length, 3, 'nothing is posted after the close');
  });

  it('rejects pending requests when the stream is lost, and fires no close on dispose', async () => {
    const server = scriptedServer();
    const lost = await openConnection(server);
    const closes: string[] = [];
    lost.onDidClose((reason) => closes.push(reason.message));
    const pending = lost.request('thread/start', {});
    await until(() => server.posts.length === 3, 'the request');
    server.sources[0].fail();
    await until(() => server.sources.length === 2, 'the reconnect');
    server.sources[1].session('S2', false);
    await assert.rejects(pending, /restarted or forgot this page/);
    assert.equal(closes.length, 1);

    const other = scriptedServer();
    const disposed = await openConnection(other);
    disposed.onDidClose((reason) => closes.push(reason.message));
    disposed.dispose();
    await assert.rejects(disposed.request('thread/list', {}), /disposed/);
    assert.equal(closes.length, 1);
  });
});

describe('web incoming messages', () => {
  it('tells responses, server requests and notifications apart by shape', () => {
    assert.deepEqual(classifyIncoming('{"id":4,"result":{"ok":true}}'), { kind: 'response', id: 4, result: { ok: true }, error: undefined });
    assert.deepEqual(classifyIncoming('{"id":"r","error":{"code":-1,"message":"no"}}'), {
      kind: 'response',
      id: 'r',
      result: undefined,
      error: { code: -1, message: 'no' },
    });
    assert.deepEqual(classifyIncoming('{"id":0,"method":"m","params":{}}'), { kind: 'request', id: 0, method: 'm', params: {} });
    assert.deepEqual(classifyIncoming('{"method":"n","params":[1]}'), { kind: 'notification', method: 'n', params: [1] });
    assert.deepEqual(classifyIncoming('[1]'), { kind: 'invalid', why: 'not a JSON object' });
    assert.deepEqual(classifyIncoming('{"result":1}'), { kind: 'invalid', why: 'neither a method nor an id' });
    assert.deepEqual(classifyIncoming('{'), { kind: 'invalid', why: 'not JSON' });
  });
});
