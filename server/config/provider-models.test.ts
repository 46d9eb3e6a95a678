import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { ProviderModels } from './provider-models';
import { resolveProvider } from './providers';
import { SecretSet } from './redact';

let server: Server;
let baseUrl: string;
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
let mode: 'ok' | 'error' | 'hang' = 'ok';

before(async () => {
  server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    if (mode === 'hang') return;
    if (mode === 'error') return void response.writeHead(500).end('{}');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ object: 'list', data: [{ id: 'llama3.1', object: 'model' }, { id: 'qwen3:8b', object: 'model' }, { nope: 1 }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const provider = (id: string) =>
  resolveProvider(id, [{ base_url: baseUrl, env_key: 'LIST_KEY', query_params: { 'api-version': '7' }, http_headers: { 'X-Team': 'blue' } }])!;

test('lists GET {base_url}/models with the key, headers and query params; caches the answer', async () => {
  seen.length = 0;
  mode = 'ok';
  const lists = new ProviderModels({ LIST_KEY: 'sk-list-0123456789' }, new SecretSet());
  assert.deepEqual(await lists.list(provider('a')), ['llama3.1', 'qwen3:8b']);
  assert.deepEqual(await lists.list(provider('a')), ['llama3.1', 'qwen3:8b']);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].url, '/v1/models?api-version=7');
  assert.equal(seen[0].headers.authorization, 'Bearer sk-list-0123456789');
  assert.equal(seen[0].headers['x-team'], 'blue');
});

test('a failure gives null (the caller falls back), is cached briefly, and shares one request between callers', async () => {
  seen.length = 0;
  mode = 'error';
  const lists = new ProviderModels({}, new SecretSet(), { failureTtlMs: 60_000 });
  const [first, second] = await Promise.all([lists.list(provider('b')), lists.list(provider('b'))]);
  assert.deepEqual([first, second], [null, null]);
  assert.equal(await lists.list(provider('b')), null);
  assert.equal(seen.length, 1);
});

test('a provider that does not answer is given up on after the timeout', async () => {
  mode = 'hang';
  const lists = new ProviderModels({}, new SecretSet(), { timeoutMs: 200 });
  const started = Date.now();
  assert.equal(await lists.list(provider('c')), null);
  assert.ok(Date.now() - started < 2000);
});
