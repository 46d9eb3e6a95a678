import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSensitiveName, REDACTED, redactText, redactTree, SecretSet } from './redact';

test('redactText replaces every occurrence of each secret, and URL passwords', () => {
  assert.equal(redactText('key sk-abc12345 and Bearer sk-abc12345.', ['sk-abc12345']), `key ${REDACTED} and Bearer ${REDACTED}.`);
  assert.equal(redactText('see https://me:hunter2hunter2@proxy.example:8080/v1', []), `see https://me:${REDACTED}@proxy.example:8080/v1`);
  // Short strings are not secrets: replacing them would mangle ordinary text.
  assert.equal(redactText('a short key', ['key']), 'a short key');
});

test('SecretSet learns the token behind "Bearer "', () => {
  const secrets = new SecretSet();
  secrets.add('Bearer tok-0123456789');
  secrets.add(undefined);
  secrets.add('');
  assert.deepEqual([...secrets], ['Bearer tok-0123456789', 'tok-0123456789']);
  assert.equal(secrets.redact('401: invalid token tok-0123456789'), `401: invalid token ${REDACTED}`);
});

test('redactTree replaces values under credential-like names and known secrets anywhere', () => {
  const tree = {
    model: 'gpt',
    model_providers: {
      gw: {
        base_url: 'https://gw.example/v1',
        env_key: 'GW_KEY',
        http_headers: { Authorization: 'Bearer whatever', 'X-Api-Key': 'k', 'X-Trace': 'on' },
        env_http_headers: { Authorization: 'GW_TOKEN_VARIABLE' },
        query_params: { key: 'abc', 'api-version': '1' },
      },
    },
    developer_instructions: 'never say sk-known-secret-1',
    model_context_window: 1000,
  };
  assert.deepEqual(redactTree(tree, ['sk-known-secret-1']), {
    model: 'gpt',
    model_providers: {
      gw: {
        base_url: 'https://gw.example/v1',
        env_key: 'GW_KEY',
        http_headers: { Authorization: REDACTED, 'X-Api-Key': REDACTED, 'X-Trace': 'on' },
        env_http_headers: { Authorization: 'GW_TOKEN_VARIABLE' },
        query_params: { key: REDACTED, 'api-version': '1' },
      },
    },
    developer_instructions: `never say ${REDACTED}`,
    model_context_window: 1000,
  });
});

test('isSensitiveName: credentials yes, variable names and limits no', () => {
  for (const name of ['Authorization', 'authorization', 'api_key', 'X-Api-Key', 'api-key', 'access_token', 'client_secret', 'Cookie', 'key', 'sig']) {
    assert.equal(isSensitiveName(name), true, name);
  }
  for (const name of ['env_key', 'env_http_headers', 'base_url', 'api-version', 'X-Trace', 'model']) assert.equal(isSensitiveName(name), false, name);
});
