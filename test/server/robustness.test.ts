/**
 * Robustness under abuse (issue 7): request floods against the per-connection
 * in-flight cap, clients that stop reading (WebSocket and stdio), 50 MB
 * messages on both transports, and clients that vanish mid-turn. Real server
 * processes, loopback only, every wait bounded.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { deltasMessage, startMockModel, textMessage, type MockModel } from '../support/mock-model';
import type { Message } from '../support/rpc-client';
import { modelEnv } from '../support/scenarios';
import { startServer, type ServerProcess } from '../support/server-process';
import { WsClient } from '../support/ws-client';

const OVERLOADED = { code: -32001, message: 'Server overloaded; retry later.' };
const MiB = 1024 * 1024;

describe('robustness under abuse', () => {
  let model: MockModel;
  before(async () => (model = await startMockModel()));
  after(() => model.close());

  test('answers requests past the in-flight cap with -32001 at once, and serves normally afterwards', async () => {
    const server = startServer({ env: { CODEX_THREADS_MAX_INFLIGHT: '8' } });
    try {
      await server.initialize();
      // thread/archive is asynchronous, so each one stays in flight until its promise settles.
      const ids = Array.from({ length: 100 }, (_, index) => 1000 + index);
      server.sendRaw(ids.map((id) => JSON.stringify({ id, method: 'thread/archive', params: { threadId: 'no-such-thread' } }) + '\n').join(''));
      const responses = await waitForResponses(server, ids);
      const overloaded = ids.filter((id) => responses.get(id)!.error?.code === -32001);
      for (const id of overloaded) assert.deepEqual(responses.get(id), { id, error: OVERLOADED });
      // The first requests always find the connection idle; the rest of the burst overflows it.
      assert.deepEqual(ids.slice(0, 8).filter((id) => overloaded.includes(id)), []);
      assert.ok(overloaded.length >= 50, `${overloaded.length} of 100 overloaded`);
      for (const id of ids.filter((id) => !overloaded.includes(id))) assert.equal(responses.get(id)!.error.code, -32600);
      assert.deepEqual((await server.call('thread/loaded/list', {})).data, []);
    } finally {
      assert.equal(await server.close(), 0);
    }
  });

  test('a flood of 20,000 pipelined requests is answered exactly once each, with bounded memory', async (t) => {
    const server = startServer();
    try {
      await server.initialize();
      const ids = Array.from({ length: 20_000 }, (_, index) => `flood-${index}`);
      const lines = ids.map((id, index) =>
        JSON.stringify(index % 2 ? { id, method: 'thread/loaded/list', params: {} } : { id, method: 'thread/archive', params: { threadId: 'nope' } }),
      );
      for (let start = 0; start < lines.length; start += 2000) server.sendRaw(lines.slice(start, start + 2000).join('\n') + '\n');
      const responses = await waitForResponses(server, ids, 10_000);
      for (const [index, id] of ids.entries()) {
        const response = responses.get(id)!;
        if (response.error?.code === -32001) assert.deepEqual(response.error, OVERLOADED);
        else if (index % 2) assert.deepEqual(response.result, { data: [], nextCursor: null });
        else assert.equal(response.error.code, -32600);
      }
      assert.equal(server.messages.filter((message) => !('method' in message)).length, ids.length + 1, 'no duplicate responses');
      const overloaded = ids.filter((id) => responses.get(id)!.error?.code === -32001).length;
      t.diagnostic(`${overloaded} of ${ids.length} overloaded; server peak RSS ${peakRssMiB(server)} MiB`);
      assert.ok(peakRssMiB(server) < 250, `peak RSS ${peakRssMiB(server)} MiB`);
    } finally {
      assert.equal(await server.close(), 0);
    }
  });

  test('drops a WebSocket client that stops reading (close 1008) while another client gets every delta', async (t) => {
    const { server, url } = await listen(model, { CODEX_THREADS_MAX_OUTBOUND_BYTES: String(MiB / 2) });
    const reader = await WsClient.connect(url);
    const stalled = await RawWsClient.connect(url);
    try {
      await reader.initialize('reader');
      const { thread } = await reader.call('thread/start', {});
      await stalled.call({ id: 1, method: 'initialize', params: { clientInfo: { name: 'stalled', version: '1' } } });
      await stalled.call({ id: 2, method: 'thread/resume', params: { threadId: thread.id } });
      stalled.stopReading();

      // ~14 MB of notifications per subscriber: far more than the kernel buffers plus the limit.
      const deltas = Array.from({ length: 12_000 }, (_, index) => `${index}:`.padEnd(1000, 'x'));
      model.enqueue({ output: [deltasMessage(deltas)] });
      const startedAt = Date.now();
      reader.send({ id: 'go', method: 'turn/start', params: { threadId: thread.id, input: [{ type: 'text', text: 'stream' }] } });
      await poll(() => reader.messages.some((message) => message.method === 'turn/completed'), 8000, 'turn/completed on the reading client');
      const elapsedMs = Date.now() - startedAt;
      const received = reader.messages.filter((message) => message.method === 'item/agentMessage/delta').map((message) => message.params.delta);
      assert.equal(received.length, deltas.length);
      assert.ok(received.every((delta, index) => delta === deltas[index]), 'every delta, in order');
      assert.ok(elapsedMs < 6000, `reading client finished in ${elapsedMs} ms`);

      await server.waitForStderr(/connection \d+: dropped: client too slow: \d+ bytes unread/);
      assert.ok(peakRssMiB(server) < 500, `peak RSS ${peakRssMiB(server)} MiB`);
      const close = await stalled.resumeReadingUntilClosed();
      // 1008 with the reason when the close frame got through; 1006 when the client read nothing for the
      // second the server waits for it, and the server then destroyed the socket (the stderr line above
      // shows the server's decision either way).
      assert.ok(close.code === 1008 || close.code === 1006, `close code ${close.code}`);
      if (close.code === 1008) assert.match(close.reason, /^client too slow: \d+ bytes unread/);
      // What the stalled client got is what the kernel held plus about twice the limit, not the whole stream.
      assert.ok(close.bytesAfterStop < 14e6 / 2, `stalled client received ${close.bytesAfterStop} bytes after it stopped reading`);
      t.diagnostic(`reader done in ${elapsedMs} ms; stalled client got ${close.bytesAfterStop} of ~14e6 bytes; server peak RSS ${peakRssMiB(server)} MiB`);

      const second = await reader.call('thread/loaded/list', {});
      assert.deepEqual(second.data, [thread.id]);
    } finally {
      stalled.terminate();
      await reader.close();
      assert.equal(await server.terminate(), 0);
    }
  });

  test('a stdio server whose client stops reading stdout logs why and exits 1', async () => {
    const server = startServer({ env: { ...modelEnv(model), CODEX_THREADS_MAX_OUTBOUND_BYTES: String(MiB) } });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', {});
      server.child.stdout.pause();
      model.enqueue({ output: [deltasMessage(Array.from({ length: 4000 }, () => 'y'.repeat(1000)))] });
      server.send({ id: 'go', method: 'turn/start', params: { threadId: thread.id, input: [{ type: 'text', text: 'stream' }] } });
      assert.equal(await withTimeout(server.exitCode(), 5000, 'server exit'), 1);
      assert.match(server.stderr, /connection \d+: dropped: client too slow: \d+ bytes unread/);
      assert.doesNotMatch(server.stderr, /Uncaught|Unhandled|\n\s+at /);
    } finally {
      server.child.stdout.resume();
      await server.close();
    }
  });

  test('parses and answers a 50 MB JSON line on stdio', async (t) => {
    model.enqueue({ output: [textMessage('read it')] });
    const server = startServer({ env: modelEnv(model) });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', {});
      const big = 'é'.repeat(25 * MiB); // 50 MB of UTF-8, multibyte characters split across reads
      const startedAt = Date.now();
      const response = await server.request('turn/start', { threadId: thread.id, input: [{ type: 'text', text: big }] }, 8000);
      const responseMs = Date.now() - startedAt;
      assert.equal(response.result.turn.status, 'inProgress');
      const user = await server.waitFor(
        (message) => message.method === 'item/completed' && message.params.item.type === 'userMessage',
        8000,
        'userMessage item',
      );
      assert.equal(user.params.item.content[0].text === big, true, 'the text came back whole');
      const completed = await server.waitForNotification('turn/completed', () => true, 8000);
      assert.equal(completed.params.turn.status, 'completed');
      assert.equal(model.requests.at(-1)!.body.input.at(-1).content.length, big.length);
      t.diagnostic(`answered in ${responseMs} ms, turn done in ${Date.now() - startedAt} ms; server peak RSS ${peakRssMiB(server)} MiB`);
      assert.ok(peakRssMiB(server) < 1024, `peak RSS ${peakRssMiB(server)} MiB for a 50 MB prompt`);
    } finally {
      assert.equal(await server.close(), 0);
    }
  });

  test('parses and answers a 50 MB WebSocket frame', async (t) => {
    model.enqueue({ output: [textMessage('read it')] });
    const { server, url } = await listen(model);
    const client = await WsClient.connect(url);
    try {
      await client.initialize();
      const { thread } = await client.call('thread/start', {});
      const big = 'z'.repeat(50 * 1000 * 1000);
      const startedAt = Date.now();
      const response = await client.request('turn/start', { threadId: thread.id, input: [{ type: 'text', text: big }] }, 8000);
      const responseMs = Date.now() - startedAt;
      assert.equal(response.result.turn.status, 'inProgress');
      const completed = await client.waitForNotification('turn/completed', () => true, 8000);
      assert.equal(completed.params.turn.status, 'completed');
      const user = client.messages.find((message) => message.method === 'item/completed' && message.params.item.type === 'userMessage')!;
      assert.equal(user.params.item.content[0].text.length, big.length);
      assert.equal(model.requests.at(-1)!.body.input.at(-1).content.length, big.length);
      t.diagnostic(`answered in ${responseMs} ms, turn done in ${Date.now() - startedAt} ms; server peak RSS ${peakRssMiB(server)} MiB`);
      assert.ok(peakRssMiB(server) < 1024, `peak RSS ${peakRssMiB(server)} MiB for a 50 MB prompt`);
    } finally {
      await client.close();
      assert.equal(await server.terminate(), 0);
    }
  });

  test('a WebSocket client that vanishes mid-turn does not disturb the server or the other client', async () => {
    const { server, url } = await listen(model);
    const leaver = await RawWsClient.connect(url);
    const stayer = await WsClient.connect(url);
    try {
      await stayer.initialize('stayer');
      const { thread } = await stayer.call('thread/start', {});
      await leaver.call({ id: 1, method: 'initialize', params: { clientInfo: { name: 'leaver', version: '1' } } });
      await leaver.call({ id: 2, method: 'thread/resume', params: { threadId: thread.id } });
      model.enqueue({ output: [deltasMessage(Array.from({ length: 200 }, (_, index) => `d${index} `), { delayMs: 1 })] });
      await stayer.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'go' }] });
      await stayer.waitFor((message) => message.method === 'item/agentMessage/delta');
      leaver.terminate(); // no close handshake: the server's next writes hit a dead socket
      const completed = await stayer.waitForNotification('turn/completed');
      assert.equal(completed.params.turn.status, 'completed');
      assert.equal(stayer.notifications('item/agentMessage/delta').length, 200);
      model.enqueue({ output: [textMessage('still here')] });
      assert.equal((await stayer.runTurn(thread.id, 'again')).status, 'completed');
    } finally {
      await stayer.close();
      assert.equal(await server.terminate(), 0);
    }
    assert.doesNotMatch(server.stderr, /Uncaught|Unhandled|EPIPE|ECONNRESET/);
  });

  for (const broken of ['stdout', 'stderr, then stdout'] as const) {
    test(`a stdio server exits cleanly (code 0) when its client closes ${broken} mid-turn (EPIPE)`, async () => {
      const server = startServer({ env: modelEnv(model) });
      try {
        await server.initialize();
        const { thread } = await server.call('thread/start', {});
        model.enqueue({ output: [deltasMessage(Array.from({ length: 300 }, (_, index) => `d${index} `), { delayMs: 2 })] });
        await server.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'go' }] });
        await server.waitFor((message) => message.method === 'item/agentMessage/delta');
        if (broken === 'stderr, then stdout') {
          server.child.stderr.destroy();
          server.sendRaw('not json\n'); // logged as a warning: a write to the broken stderr
          await server.waitFor((message) => message.error?.code === -32700);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        server.child.stdout.destroy();
        assert.equal(await withTimeout(server.exitCode(), 5000, 'server exit'), 0);
        if (broken === 'stdout') assert.doesNotMatch(server.stderr, /Uncaught|Unhandled|EPIPE/);
      } finally {
        await server.close();
      }
    });
  }
});

async function listen(model: MockModel, env: Record<string, string> = {}) {
  const server = startServer({ env: { ...modelEnv(model), ...env }, args: ['app-server', '--listen', 'ws://127.0.0.1:0'] });
  const [, url] = await server.waitForStderr(/listening on (ws:\/\/[^ ]+)/);
  return { server, url };
}

/**
 * A bare WebSocket peer that can stop reading: it pauses its TCP socket, so
 * the server's frames pile up in the kernel and then in the server.
 */
class RawWsClient {
  private readonly responses: Message[] = [];
  private bytes = 0;
  private bytesAtStop = 0;
  private closed: { code: number; reason: string } | undefined;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.bytes += data.length;
      const message = JSON.parse(data.toString('utf8'));
      if (!('method' in message)) this.responses.push(message);
    });
    socket.on('close', (code, reason) => (this.closed = { code, reason: reason.toString('utf8') }));
    socket.on('error', () => {});
  }

  static async connect(url: string): Promise<RawWsClient> {
    const socket = new WebSocket(url);
    await withTimeout(new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject)), 5000, 'open');
    return new RawWsClient(socket);
  }

  async call(request: { id: number; method: string; params: object }): Promise<Message> {
    this.socket.send(JSON.stringify(request));
    await poll(() => this.responses.some((message) => message.id === request.id), 5000, `response to ${request.method}`);
    const response = this.responses.find((message) => message.id === request.id)!;
    assert.equal(response.error, undefined, JSON.stringify(response.error));
    return response;
  }

  stopReading(): void {
    this.bytesAtStop = this.bytes;
    this.underlyingSocket().pause();
  }

  /** Reads again and waits for the close; returns its code, reason and the bytes received meanwhile. */
  async resumeReadingUntilClosed(): Promise<{ code: number; reason: string; bytesAfterStop: number }> {
    this.underlyingSocket().resume();
    await poll(() => this.closed !== undefined, 5000, 'close');
    return { ...this.closed!, bytesAfterStop: this.bytes - this.bytesAtStop };
  }

  terminate(): void {
    this.socket.terminate();
  }

  private underlyingSocket(): import('node:net').Socket {
    // `ws` keeps the TCP socket in `_socket`; pausing it is how a client stops reading.
    return (this.socket as unknown as { _socket: import('node:net').Socket })._socket;
  }
}

/** Waits until every id has a response; returns them by id. */
async function waitForResponses(server: ServerProcess, ids: Array<string | number>, timeoutMs = 5000): Promise<Map<unknown, Message>> {
  const wanted = new Set<unknown>(ids);
  const found = new Map<unknown, Message>();
  let scanned = 0;
  await poll(
    () => {
      for (; scanned < server.messages.length; scanned++) {
        const message = server.messages[scanned];
        if (!('method' in message) && wanted.has(message.id)) {
          assert.equal(found.has(message.id), false, `a second response to ${message.id}`);
          found.set(message.id, message);
        }
      }
      return found.size === wanted.size;
    },
    timeoutMs,
    `${ids.length} responses`,
  );
  return found;
}

/** Polls `condition` every few ms; fails after `timeoutMs`. */
async function poll(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The server process's peak resident set (Linux `VmHWM`), in MiB. */
function peakRssMiB(server: ServerProcess): number {
  const match = readFileSync(`/proc/${server.child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return Math.round(Number(match![1]) / 1024);
}
