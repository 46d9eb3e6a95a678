import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { startServer } from '../support/server-process';

/** A loopback HTTP proxy that tunnels CONNECT requests and records their targets. */
async function startProxy(): Promise<{ url: string; targets: string[]; server: Server }> {
  const targets: string[] = [];
  const server = createServer((_request, response) => response.writeHead(405).end());
  server.on('connect', (request, clientSocket, head) => {
    targets.push(request.url ?? '');
    const [host, port] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, targets, server };
}

describe('model requests through a company proxy', () => {
  let model: MockModel;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  before(async () => {
    model = await startMockModel();
    proxy = await startProxy();
  });
  after(async () => {
    await model.close();
    proxy.server.closeAllConnections();
    await new Promise((resolve) => proxy.server.close(resolve));
  });

  const modelHost = () => new URL(model.baseUrl).host;

  test('HTTP_PROXY / HTTPS_PROXY route the model request through the proxy', async () => {
    const server = startServer({
      env: { OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'k', HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '' },
    });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', {});
      model.enqueue({ output: [textMessage('through the proxy')] });
      const turn = await server.runTurn(thread.id, 'hi');
      assert.equal(turn.status, 'completed');
      assert.ok(proxy.targets.includes(modelHost()), `proxy saw ${proxy.targets.join(', ')}`);
    } finally {
      await server.close();
    }
  });

  test('model/list asks the provider through the proxy too', async () => {
    const listing = createServer((request, response) => {
      if (request.url !== '/v1/models') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ object: 'list', data: [{ id: 'listed-through-proxy', object: 'model' }] }));
    });
    await new Promise<void>((resolve) => listing.listen(0, '127.0.0.1', resolve));
    const listingHost = `127.0.0.1:${(listing.address() as { port: number }).port}`;
    const server = startServer({ env: { OPENAI_BASE_URL: `http://${listingHost}/v1`, OPENAI_API_KEY: 'k', HTTP_PROXY: proxy.url, NO_PROXY: '' } });
    try {
      await server.initialize();
      const { data } = await server.call('model/list', {});
      assert.ok(data.some((model: { id: string }) => model.id === 'listed-through-proxy'), server.stderr);
      assert.ok(proxy.targets.includes(listingHost), `proxy saw ${proxy.targets.join(', ')}`);
    } finally {
      await server.close();
      listing.closeAllConnections();
      await new Promise((resolve) => listing.close(resolve));
    }
  });

  test('NO_PROXY exempts the model host', async () => {
    const before = proxy.targets.length;
    const server = startServer({
      env: { OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'k', HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
    });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', {});
      model.enqueue({ output: [textMessage('direct')] });
      const turn = await server.runTurn(thread.id, 'hi');
      assert.equal(turn.status, 'completed');
      assert.equal(proxy.targets.length, before);
    } finally {
      await server.close();
    }
  });
});
