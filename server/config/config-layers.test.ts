import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfigText } from './config-file';
import { findProject, resolveConfig } from './config-layers';
import { environmentLayer } from './config-source';

const PATH = '/home/me/.codex-threads/config.toml';
const noEnv = environmentLayer({});

const file = parseConfigText(
  PATH,
  [
    'model = "top"',
    'approval_policy = "never"',
    '[projects."/work"]',
    'trust_level = "trusted"',
    'model = "work"',
    '[projects."/work/repo"]',
    'model = "repo"',
    'model_reasoning_effort = "low"',
    '[projects."/elsewhere"]',
    'trust_level = "untrusted"',
  ].join('\n'),
);
const user = { name: { type: 'user' as const, file: PATH }, version: file.version };
const projectLayer = (path: string) => ({ name: { type: 'project' as const, dotCodexFolder: `${path}/.codex` }, version: file.version });

test('defaults when there is no file and no environment', () => {
  const resolved = resolveConfig(parseConfigText(PATH, ''), noEnv, '/tmp');
  assert.equal(resolved.model, 'gpt-5.1-codex');
  assert.equal(resolved.modelProvider, 'openai');
  assert.equal(resolved.approvalPolicy, 'on-request');
  assert.equal(resolved.sandboxMode, 'read-only');
  assert.deepEqual(resolved.origins, {});
});

test('the closest project section applies above the top level, with its own origin', () => {
  const resolved = resolveConfig(file, noEnv, '/work/repo/src');
  assert.equal(resolved.model, 'repo');
  assert.equal(resolved.reasoningEffort, 'low');
  assert.equal(resolved.approvalPolicy, 'never');
  assert.deepEqual(resolved.project, { path: '/work/repo', trustLevel: null });
  assert.deepEqual(resolved.origins, { model: projectLayer('/work/repo'), approval_policy: user, model_reasoning_effort: projectLayer('/work/repo') });
  assert.deepEqual(
    resolved.layers.map((layer) => layer.metadata.name.type),
    ['project', 'user'],
  );
});

test('trust_level only supplies defaults: trusted → workspace-write; untrusted → untrusted approvals, below an explicit top-level value', () => {
  const trusted = resolveConfig(file, noEnv, '/work/other');
  assert.equal(trusted.model, 'work');
  assert.equal(trusted.sandboxMode, 'workspace-write');
  assert.deepEqual(trusted.origins.sandbox_mode, projectLayer('/work'));
  const untrusted = resolveConfig(file, noEnv, '/elsewhere');
  // approval_policy = "never" at the top level is explicit: it beats what trust implies.
  assert.equal(untrusted.approvalPolicy, 'never');
  const bare = resolveConfig(parseConfigText(PATH, '[projects."/elsewhere"]\ntrust_level = "untrusted"'), noEnv, '/elsewhere');
  assert.equal(bare.approvalPolicy, 'untrusted');
});

test('environment variables sit above config.toml, as session flags', () => {
  const env = environmentLayer({ CODEX_THREADS_MODEL: 'from-env', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1/' });
  const resolved = resolveConfig(file, env, '/work/repo');
  assert.equal(resolved.model, 'from-env');
  assert.deepEqual(resolved.providers, { openai: { base_url: 'http://127.0.0.1:11434/v1' } });
  assert.deepEqual(resolved.origins.model, { name: { type: 'sessionFlags' }, version: 'env' });
  assert.deepEqual(resolved.origins['model_providers.openai.base_url'], { name: { type: 'sessionFlags' }, version: 'env' });
  assert.deepEqual(resolved.layers[0].raw, { model: 'from-env', model_providers: { openai: { base_url: 'http://127.0.0.1:11434/v1/' } } });
  assert.deepEqual(resolved.namedModels, ['top', 'work', 'repo', 'from-env']);
});

test('provider variables configure the openai provider, the one OPENAI_BASE_URL points', () => {
  const env = environmentLayer({ CODEX_THREADS_WIRE_API: 'chat', CODEX_THREADS_MAX_RETRIES: '2', CODEX_THREADS_STREAM_IDLE_TIMEOUT_MS: '500' });
  assert.deepEqual(env.values, { model_providers: { openai: { wire_api: 'chat', request_max_retries: 2, stream_idle_timeout_ms: 500 } } });
});

test('a bad environment value is reported and ignored', () => {
  const env = environmentLayer({ OPENAI_BASE_URL: 'not a url', CODEX_THREADS_CONTEXT_WINDOW: 'lots' });
  assert.deepEqual(env.values, {});
  assert.deepEqual(
    env.warnings.map((warning) => warning.summary),
    [
      'The environment variable CODEX_THREADS_CONTEXT_WINDOW is ignored: its value "lots" is not a whole number from 1 to 9007199254740991.',
      'The environment variable OPENAI_BASE_URL is ignored: its value is not a valid URL.',
    ],
  );
});

test('findProject matches the path itself and its subfolders, not siblings with the same prefix', () => {
  const projects = { '/a/b': {}, '/a': {} };
  assert.equal(findProject(projects, '/a/b')?.path, '/a/b');
  assert.equal(findProject(projects, '/a/b/c')?.path, '/a/b');
  assert.equal(findProject(projects, '/a/bc')?.path, '/a');
  assert.equal(findProject(projects, '/z'), null);
});
