import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertConformsToOfficialSchema } from '../support/conformance';
import { deltasMessage, startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { modelEnv } from '../support/scenarios';
import { startServer, type ServerProcess } from '../support/server-process';
import { SseClient } from '../support/sse-client';
import { WsClient } from '../support/ws-client';

const TOKEN = 'test-token-0123456789';

/** One process, three listeners: stdio (the test harness), the web runtime and a WebSocket. */
async function startWebRuntime(model: MockModel, env: Record<string, string> = {}) {
  const server = startServer({
    env: { ...modelEnv(model), WEB_TOKEN: TOKEN, ...env },
    args: ['app-server', '--listen', 'http://127.0.0.1:0', '--listen', 'ws://127.0.0.1:0', '--token-env', 'WEB_TOKEN'],
  });
  const [, http] = await server.waitForStderr(/listening on (http:\/\/[^ ]+)/);
  const [, ws] = await server.waitForStderr(/listening on (ws:\/\/[^ ]+)/);
  return { server, http, ws };
}

/** A raw HTTP request, so Host and Origin can be set as a browser (or an attacker) would. */
function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, timeout: 5000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('timeout', () => request.destroy(new Error(`timeout: ${url}`)));
    request.on('error', reject);
    request.end(options.body);
  });
}

describe('web runtime over HTTP (POST + Server-Sent Events)', () => {
  let model: MockModel;
  before(async () => (model = await startMockModel()));
  after(() => model.close());

  test('the token: refused without it, traded for an HttpOnly SameSite=Strict cookie, which then opens the event stream', async () => {
    const { server, http } = await startWebRuntime(model);
    try {
      assert.equal((await rawRequest(`${http}/events`)).status, 401);
      assert.equal((await rawRequest(`${http}/events`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
      const post = (token: string, contentType = 'application/json') =>
        rawRequest(`${http}/auth`, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify({ token }) });
      assert.equal((await post('wrong')).status, 401);
      assert.equal((await post(TOKEN, 'text/plain')).status, 415);
      const granted = await post(TOKEN);
      assert.equal(granted.status, 204);
      const cookie = String(granted.headers['set-cookie']);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      const stream = await new Promise<string>((resolve, reject) => {
        const request = httpRequest(`${http}/events`, { headers: { cookie: cookie.split(';')[0] } }, (response) => {
          assert.equal(response.statusCode, 200);
          assert.match(String(response.headers['content-type']), /text\/event-stream/);
          response.setEncoding('utf8');
          response.once('data', (chunk: string) => {
            request.destroy();
            resolve(chunk);
          });
        });
        request.on('error', reject);
        request.end();
      });
      assert.match(stream, /^event: session\ndata: \{"sessionId":"[\w-]+","resumed":false\}/);
    } finally {
      assert.equal(await server.terminate(), 0);
    }
  });

  test('started as a newcomer would: the URL to open carries a token kept across restarts; no model configured says so', async () => {
    const home = mkdtempSync(join(tmpdir(), 'codex-threads-web-'));
    const start = () => startServer({ home, env: { OPENAI_API_KEY: undefined }, args: ['app-server', '--listen', 'http://127.0.0.1:0'] });
    try {
      const first = start();
      const [, url, token] = await first.waitForStderr(/open (http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)/);
      await first.waitForStderr(/No model is configured yet: set OPENAI_API_KEY/);
      const auth = await rawRequest(`${url}/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      assert.equal(auth.status, 204);
      assert.equal(await first.terminate(), 0);
      const second = start();
      const [, , again] = await second.waitForStderr(/open (http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)/);
      assert.equal(again, token, 'a tab open across the restart keeps working');
      assert.equal(await second.terminate(), 0);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('only its own origin and its own names: other origins and DNS-rebound host names are refused', async () => {
    const { server, http } = await startWebRuntime(model);
    const port = new URL(http).port;
    try {
      const own = await rawRequest(`${http}/auth`, {
        method: 'POST',
        headers: { origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json' },
        body: JSON.stringify({ token: TOKEN }),
      });
      assert.equal(own.status, 204);
      for (const origin of ['http://evil.example', `http://127.0.0.1:${Number(port) + 1}`, `https://127.0.0.1:${port}`, 'null']) {
        const refused = await rawRequest(`${http}/auth`, {
          method: 'POST',
          headers: { origin, 'content-type': 'application/json' },
          body: JSON.stringify({ token: TOKEN }),
        });
        assert.equal(refused.status, 403, origin);
      }
      const rebound = await rawRequest(`${http}/`, { headers: { host: `evil.example:${port}` } });
      assert.equal(rebound.status, 403);
      const health = await rawRequest(`${http}/readyz`);
      assert.equal(health.status, 200);
    } finally {
      assert.equal(await server.terminate(), 0);
    }
  });

  test('the page is served with a strict CSP, assets by plain name only', async () => {
    const { server, http } = await startWebRuntime(model);
    try {
      const page = await rawRequest(`${http}/`);
      if (page.status === 503) {
        assert.match(page.body, /not part of this build/);
      } else {
        assert.equal(page.status, 200);
        assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
        assert.match(page.body, /<script src="\/assets\/web\.js">/);
        assert.equal((await rawRequest(`${http}/assets/web.js`)).status, 200);
      }
      assert.equal((await rawRequest(`${http}/assets/..%2Fserver.js`)).status, 404);
      assert.equal((await rawRequest(`${http}/assets/server.js.nope`)).status, 404);
    } finally {
      assert.equal(await server.terminate(), 0);
    }
  });

  test('a turn over POST + SSE; the stream drops mid-turn and resumes from Last-Event-ID with nothing lost or repeated', async (t) => {
    const { server, http } = await startWebRuntime(model);
    const client = await SseClient.connect(http, TOKEN);
    try {
      await client.initialize('web-test');
      const { thread } = await client.call('thread/start', {});
      model.enqueue({ output: [deltasMessage(['one ', 'two ', 'three ', 'four'], { delayMs: 150 })] });
      const { turn } = await client.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'count' }] });
      await client.waitForNotification('item/agentMessage/delta', (params) => params.turnId === turn.id);
      client.dropStream();
      // The turn goes on without a reader; let it finish.
      await new Promise((resolve) => setTimeout(resolve, 900));
      const again = await client.reconnect();
      assert.equal(again.resumed, true);
      await client.waitForNotification('turn/completed', (params) => params.turn.id === turn.id);
      const deltas = client.notifications('item/agentMessage/delta').filter((message) => message.params.turnId === turn.id);
      assert.deepEqual(
        deltas.map((message) => message.params.delta),
        ['one ', 'two ', 'three ', 'four'],
      );
      assert.deepEqual(
        client.eventIds,
        client.eventIds.map((_, index) => index + 1),
        'event ids are consecutive: no gap, no repeat',
      );
      // The same connection: a request after the reconnect is answered without a new `initialize`.
      const read = await client.call('thread/read', { threadId: thread.id, includeTurns: true });
      assert.equal(read.thread.turns.at(-1).status, 'completed');
      assertConformsToOfficialSchema(t, client as unknown as ServerProcess);
    } finally {
      await client.close();
      assert.equal(await server.terminate(), 0);
    }
  });

  test('a stream that cannot be resumed gets a new session; a POST to an unknown session is 404', async () => {
    const { server, http } = await startWebRuntime(model);
    const client = await SseClient.connect(http, TOKEN);
    try {
      await client.initialize('web-test');
      const first = client.sessionId;
      client.lastEventId = 10_000; // events that never existed
      const fresh = await client.reconnect();
      assert.equal(fresh.resumed, false);
      assert.notEqual(fresh.sessionId, first);
      const stale = await rawRequest(`${http}/rpc?session=${first}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: 1, method: 'thread/list', params: {} }),
      });
      assert.equal(stale.status, 404);
      // The new session starts over: it must initialize like any new connection.
      const refused = await client.request('thread/list', {});
      assert.equal(refused.error?.code, -32600);
      await client.initialize('web-test-again');
      assert.ok(Array.isArray((await client.call('thread/list', {})).data));
    } finally {
      await client.close();
      assert.equal(await server.terminate(), 0);
    }
  });

  test('one process, the same threads on every listener: a browser and a WebSocket client on one thread see the same events', async () => {
    const { server, http, ws } = await startWebRuntime(model);
    const browser = await SseClient.connect(http, TOKEN);
    const terminal = await WsClient.connect(ws, { authorization: `Bearer ${TOKEN}` });
    try {
      await browser.initialize('browser');
      await terminal.initialize('terminal');
      const { thread } = await terminal.call('thread/start', {});
      await browser.call('thread/resume', { threadId: thread.id });
      model.enqueue({ output: [textMessage('seen by both', { chunks: 3 })] });
      const turn = await terminal.runTurn(thread.id, 'hello');
      await browser.waitForNotification('turn/completed', (params) => params.turn.id === turn.id);
      const deltas = (client: SseClient | WsClient) =>
        client.notifications('item/agentMessage/delta').filter((message) => message.params.turnId === turn.id).map((message) => message.params.delta);
      assert.deepEqual(deltas(browser), deltas(terminal));
      assert.equal(deltas(browser).join(''), 'seen by both');
      const list = await browser.call('thread/list', {});
      assert.ok(list.data.some((entry: { id: string }) => entry.id === thread.id));
    } finally {
      await browser.close();
      await terminal.close();
      assert.equal(await server.terminate(), 0);
    }
  });
});
