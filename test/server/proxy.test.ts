import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy';
import { startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { startServer } from '../support/server-process';


describe('model requests through a company proxy', () => {
  let model: MockModel;
  let proxy: ConnectProxy;
  before(async () => {
    model = await startMockModel();
    proxy = await startConnectProxy();
  });
  after(async () => {
    await model.close();
    await proxy.close();
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
      assert.ok(proxy.tunnels.map((tunnel) => tunnel.target).includes(modelHost()), `proxy saw ${proxy.tunnels.map((tunnel) => tunnel.target).join(', ')}`);
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
      assert.ok(proxy.tunnels.map((tunnel) => tunnel.target).includes(listingHost), `proxy saw ${proxy.tunnels.map((tunnel) => tunnel.target).join(', ')}`);
    } finally {
      await server.close();
      listing.closeAllConnections();
      await new Promise((resolve) => listing.close(resolve));
    }
  });

  test('NO_PROXY exempts the model host', async () => {
    const before = proxy.tunnels.map((tunnel) => tunnel.target).length;
    const server = startServer({
      env: { OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'k', HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
    });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', {});
      model.enqueue({ output: [textMessage('direct')] });
      const turn = await server.runTurn(thread.id, 'hi');
      assert.equal(turn.status, 'completed');
      assert.equal(proxy.tunnels.map((tunnel) => tunnel.target).length, before);
    } finally {
      await server.close();
    }
  });
});
