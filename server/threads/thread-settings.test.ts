import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RpcError } from '../protocol';
import { ConfigSource } from '../config/config-source';
import type { ServerSettings } from '../config/settings';
import { applyOverrides, defaultSettings, threadConfig } from './thread-settings';

const home = mkdtempSync(join(tmpdir(), 'thread-settings-'));
after(() => rmSync(home, { recursive: true, force: true }));
writeFileSync(
  join(home, 'config.toml'),
  [
    'model = "top"',
    'sandbox_mode = "workspace-write"',
    '[sandbox_workspace_write]',
    'writable_roots = ["/cache"]',
    '[projects."/repo"]',
    'model = "project"',
    'approval_policy = "never"',
  ].join('\n'),
);
const server: ServerSettings = { home, version: 'test', idleUnloadMs: 1000, env: {}, config: new ConfigSource(home, {}), retryBaseDelayMs: undefined };

test('a new thread starts from the configuration as seen from its cwd', () => {
  const settings = defaultSettings(server, '/repo/src');
  assert.equal(settings.model, 'project');
  assert.equal(settings.approvalPolicy, 'never');
  assert.deepEqual(settings.sandbox, {
    type: 'workspaceWrite',
    writableRoots: ['/repo/src', '/cache'],
    networkAccess: false,
    excludeTmpdirEnvVar: false,
    excludeSlashTmp: false,
  });
  assert.equal(defaultSettings(server, '/elsewhere').model, 'top');
});

test('typed params beat the config map, which beats the base', () => {
  const base = defaultSettings(server, '/repo');
  const fromConfig = applyOverrides(base, { config: { model: 'from-config', approval_policy: 'untrusted', model_reasoning_effort: 'high' } });
  assert.deepEqual([fromConfig.model, fromConfig.approvalPolicy, fromConfig.reasoningEffort], ['from-config', 'untrusted', 'high']);
  const typed = applyOverrides(base, { model: 'typed', approvalPolicy: 'on-request', config: { model: 'from-config', approval_policy: 'untrusted' } });
  assert.deepEqual([typed.model, typed.approvalPolicy], ['typed', 'on-request']);
});

test('dotted provider keys become the thread\'s provider overrides; sandbox keys reshape its sandbox', () => {
  const base = defaultSettings(server, '/repo');
  const settings = applyOverrides(base, {
    config: { 'model_providers.openai.base_url': 'http://127.0.0.1:11434/v1', model_provider: 'openai', 'sandbox_workspace_write.network_access': true },
  });
  assert.deepEqual(settings.providerOverrides, { openai: { base_url: 'http://127.0.0.1:11434/v1' } });
  assert.deepEqual(settings.sandbox, {
    type: 'workspaceWrite',
    writableRoots: ['/repo', '/cache'],
    networkAccess: true,
    excludeTmpdirEnvVar: false,
    excludeSlashTmp: false,
  });
  // A later resume that changes another provider field keeps the earlier one.
  const resumed = applyOverrides(settings, { config: { 'model_providers.openai.wire_api': 'chat' } });
  assert.deepEqual(resumed.providerOverrides, { openai: { base_url: 'http://127.0.0.1:11434/v1', wire_api: 'chat' } });
  assert.equal(applyOverrides(settings, { sandbox: 'read-only' }).sandbox.type, 'readOnly');
});

test('a bad value in the config map is refused, naming the key', () => {
  assert.throws(
    () => threadConfig({ model_reasoning_effort: 'ultra' }),
    (error: unknown) =>
      error instanceof RpcError &&
      error.message === 'Invalid params: config.model_reasoning_effort "ultra" is not one of none, minimal, low, medium, high, xhigh' &&
      (error.data as { field: string }).field === 'config.model_reasoning_effort',
  );
});

test('credentials in the config map are refused without being echoed: a thread\'s config is stored with it', () => {
  for (const overrides of [
    { 'model_providers.gw.http_headers.Authorization': 'Bearer sk-thread-0123456789' },
    { model_providers: { gw: { query_params: { key: 'sk-thread-0123456789' } } } },
    { api_key: 'sk-thread-0123456789' },
  ]) {
    assert.throws(
      () => threadConfig(overrides),
      (error: unknown) => error instanceof RpcError && /credential/.test(error.message) && !JSON.stringify([error.message, error.data]).includes('sk-thread'),
      JSON.stringify(Object.keys(overrides)),
    );
  }
});

test('unknown keys are ignored, as in config.toml', () => {
  assert.deepEqual(threadConfig({ web_search: 'live', 'tools.view_image': true, model: 'm' }), { model: 'm' });
});
