import assert from 'node:assert/strict';
import { test } from 'node:test';
import { locateKey, parseConfigText } from './config-file';

const PATH = '/home/me/.codex-threads/config.toml';

test('parses Codex keys: model, provider tables, sandbox table and projects', () => {
  const file = parseConfigText(
    PATH,
    [
      'model = "gpt-5.1-codex-mini"',
      'model_provider = "gateway"',
      'model_reasoning_effort = "high"',
      'approval_policy = "never"',
      'sandbox_mode = "workspace-write"',
      '[sandbox_workspace_write]',
      'writable_roots = ["/tmp/cache"]',
      'network_access = true',
      '[model_providers.gateway]',
      'name = "Company gateway"',
      'base_url = "https://llm.example.com/v1/"',
      'env_key = "GATEWAY_KEY"',
      'wire_api = "chat"',
      'query_params = { "api-version" = "2025-01-01" }',
      'request_max_retries = 2',
      'stream_idle_timeout_ms = 60000',
      '[projects."/work/repo/"]',
      'trust_level = "trusted"',
      'model = "local-model"',
    ].join('\n'),
  );
  assert.deepEqual(file.warnings, []);
  assert.deepEqual(file.values, {
    model: 'gpt-5.1-codex-mini',
    model_provider: 'gateway',
    model_reasoning_effort: 'high',
    approval_policy: 'never',
    sandbox_mode: 'workspace-write',
    sandbox_workspace_write: { writable_roots: ['/tmp/cache'], network_access: true },
    model_providers: {
      gateway: {
        name: 'Company gateway',
        base_url: 'https://llm.example.com/v1',
        env_key: 'GATEWAY_KEY',
        wire_api: 'chat',
        query_params: { 'api-version': '2025-01-01' },
        request_max_retries: 2,
        stream_idle_timeout_ms: 60000,
      },
    },
    projects: { '/work/repo': { trust_level: 'trusted', model: 'local-model' } },
  });
  assert.match(file.version, /^sha256:[0-9a-f]{64}$/);
});

test('invalid TOML: the whole file is ignored, the warning names the file, line and column', () => {
  const file = parseConfigText(PATH, 'model = "x"\nsandbox_mode = \n');
  assert.deepEqual(file.values, {});
  assert.equal(file.warnings.length, 1);
  const [warning] = file.warnings;
  assert.match(warning.summary, /^\/home\/me\/\.codex-threads\/config\.toml:2:\d+: invalid TOML \(.+\)\. The whole file is ignored/);
  assert.equal(warning.path, PATH);
  assert.equal(warning.range?.start.line, 2);
});

test('a TOML error never quotes the file: a broken line may hold a credential', () => {
  const file = parseConfigText(PATH, '[model_providers.x]\nhttp_headers = { Authorization = "Bearer sk-live-0123456789" \n');
  assert.equal(file.warnings.length, 1);
  assert.doesNotMatch(JSON.stringify(file.warnings), /sk-live/);
});

test('a bad value is dropped alone, with its line; the rest applies', () => {
  const file = parseConfigText(PATH, ['model = "m"', '', 'approval_policy = "sometimes"', 'model_context_window = -5'].join('\n'));
  assert.deepEqual(file.values, { model: 'm' });
  assert.deepEqual(
    file.warnings.map((warning) => [warning.summary, warning.range?.start.line]),
    [
      [`${PATH}:3: approval_policy "sometimes" is not one of untrusted, on-request, never. This value is ignored (its default applies); the rest of the file is in effect.`, 3],
      [`${PATH}:4: model_context_window -5 is not a whole number from 1 to 9007199254740991. This value is ignored (its default applies); the rest of the file is in effect.`, 4],
    ],
  );
});

test('model_provider must name a known provider; a custom provider needs a base_url', () => {
  const file = parseConfigText(PATH, ['model_provider = "nowhere"', '[model_providers.half]', 'env_key = "K"', '[projects."/p"]', 'model_provider = "ollama"'].join('\n'));
  assert.deepEqual(file.values, { model_providers: {}, projects: { '/p': { model_provider: 'ollama' } } });
  assert.deepEqual(
    file.warnings.map((warning) => warning.summary.split('. This value')[0]),
    [
      `${PATH}:2: model_providers.half.base_url is required for a provider that is not built in (openai, ollama)`,
      `${PATH}:1: model_provider "nowhere" is not a provider: use one of openai, ollama, or define [model_providers.nowhere]`,
    ],
  );
});

test('header values are never echoed in warnings', () => {
  const file = parseConfigText(PATH, '[model_providers.x]\nbase_url = "http://h/v1"\nhttp_headers = { Authorization = 12345678901 }\n');
  assert.equal(file.warnings.length, 1);
  assert.doesNotMatch(file.warnings[0].summary, /12345678901/);
});

test('locateKey finds keys in tables, quoted tables, dotted keys and inline tables', () => {
  const lines = ['model = "m"', '[projects."/a/b"]', 'model = "p"', '[x]', 'sandbox_workspace_write.network_access = 1', 'y = { z = 1 }'];
  assert.equal(locateKey(lines, ['model']), 1);
  assert.equal(locateKey(lines, ['projects', '/a/b', 'model']), 3);
  assert.equal(locateKey(lines, ['x', 'sandbox_workspace_write', 'network_access']), 5);
  assert.equal(locateKey(lines, ['x', 'y', 'z']), 6);
  assert.equal(locateKey(lines, ['nowhere']), 0);
});
