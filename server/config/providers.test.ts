import assert from 'node:assert/strict';
import { test } from 'node:test';
import { providerApiKey, providerHeaders, resolveProvider } from './providers';

test('built-in openai: official URL, OPENAI_API_KEY, Responses API', () => {
  assert.deepEqual(resolveProvider('openai', []), {
    id: 'openai',
    name: 'OpenAI',
    baseUrl: 'https://api.openai.com/v1',
    envKey: 'OPENAI_API_KEY',
    envKeyExplicit: false,
    envKeyInstructions: null,
    wireApi: 'responses',
    queryParams: {},
    httpHeaders: {},
    envHttpHeaders: {},
    requestMaxRetries: 4,
    streamIdleTimeoutMs: 300_000,
    isOpenAI: true,
  });
});

test('built-in ollama: loopback, no key, Chat Completions; a layer may switch it to responses', () => {
  const ollama = resolveProvider('ollama', [])!;
  assert.equal(ollama.baseUrl, 'http://127.0.0.1:11434/v1');
  assert.equal(ollama.envKey, null);
  assert.equal(ollama.wireApi, 'chat');
  assert.equal(resolveProvider('ollama', [{ wire_api: 'responses' }])!.wireApi, 'responses');
});

test('layers merge field by field, later first; tables merge by key', () => {
  const provider = resolveProvider('openai', [
    { base_url: 'http://gw/v1', http_headers: { A: '1', B: '2' } },
    undefined,
    { http_headers: { B: '3' }, request_max_retries: 0 },
  ])!;
  assert.equal(provider.baseUrl, 'http://gw/v1');
  assert.equal(provider.isOpenAI, false);
  assert.deepEqual(provider.httpHeaders, { A: '1', B: '3' });
  assert.equal(provider.requestMaxRetries, 0);
});

test('a custom provider gets no key unless it names env_key ("" also means none); unknown without base_url is undefined', () => {
  // Never OPENAI_API_KEY by default: that would hand the OpenAI key to a third-party gateway.
  assert.equal(resolveProvider('gw', [{ base_url: 'http://gw/v1' }])!.envKey, null);
  assert.equal(resolveProvider('openai', [])!.envKey, 'OPENAI_API_KEY');
  assert.equal(resolveProvider('gw', [{ base_url: 'http://gw/v1' }])!.envKeyExplicit, false);
  assert.equal(resolveProvider('gw', [{ base_url: 'http://gw/v1', env_key: '' }])!.envKey, null);
  const explicit = resolveProvider('gw', [{ base_url: 'http://gw/v1', env_key: 'GW_KEY' }])!;
  assert.deepEqual([explicit.envKey, explicit.envKeyExplicit], ['GW_KEY', true]);
  assert.equal(resolveProvider('gw', [{ env_key: 'GW_KEY' }]), undefined);
});

test('keys and header values are read from the environment only when needed', () => {
  const provider = resolveProvider('gw', [{ base_url: 'http://gw/v1', env_key: 'GW_KEY', http_headers: { 'X-A': 'a' }, env_http_headers: { 'X-B': 'GW_B', 'X-C': 'UNSET' } }])!;
  const env = { GW_KEY: 'k-123', GW_B: 'b' };
  assert.equal(providerApiKey(provider, env), 'k-123');
  assert.deepEqual(providerHeaders(provider, env), { 'X-A': 'a', 'X-B': 'b' });
  assert.equal(providerApiKey(resolveProvider('ollama', [])!, { OPENAI_API_KEY: 'x' }), undefined);
});
