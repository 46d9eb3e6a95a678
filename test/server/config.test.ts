import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertConformsToOfficialSchema } from '../support/conformance';
import { startMockChatModel, type MockChatModel } from '../support/mock-chat-model';
import { startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { startServer, temporaryHome, type ServerProcess } from '../support/server-process';

/** A server on a fresh home holding `toml` as its config.toml. */
function serverWithConfig(toml: string | null, env: Record<string, string> = {}): ServerProcess {
  const home = temporaryHome();
  if (toml !== null) writeFileSync(join(home, 'config.toml'), toml);
  const server = startServer({ home, env });
  const close = server.close.bind(server);
  server.close = async (timeoutMs?: number) => {
    const code = await close(timeoutMs);
    server.removeHome();
    return code;
  };
  return server;
}

const requestedModels = (model: MockModel) => model.requests.filter((request) => request.path.endsWith('/responses')).map((request) => request.body.model);

describe('config.toml', () => {
  let model: MockModel;
  before(async () => (model = await startMockModel()));
  after(() => model.close());

  test('a provider from config.toml: its base_url is used and its env_key sends the key', async (t) => {
    model.reset();
    const server = serverWithConfig(
      ['model_provider = "mock"', 'model = "mock-model-1"', '[model_providers.mock]', 'name = "Mock"', `base_url = "${model.baseUrl}"`, 'env_key = "MY_KEY"'].join('\n'),
      { MY_KEY: 'my-key-value-42' },
    );
    try {
      await server.initialize();
      const started = await server.call('thread/start', {});
      assert.equal(started.modelProvider, 'mock');
      assert.equal(started.model, 'mock-model-1');
      model.enqueue({ output: [textMessage('hi')] });
      const turn = await server.runTurn(started.thread.id, 'hello');
      assert.equal(turn.status, 'completed');
      assert.equal(model.requests[0].headers.authorization, 'Bearer my-key-value-42');
      assert.equal(model.requests[0].body.model, 'mock-model-1');
      assertConformsToOfficialSchema(t, server);
    } finally {
      await server.close();
    }
  });

  test('precedence: turn param > thread param > thread config map > project section > config.toml > default', async (t) => {
    model.reset();
    const project = temporaryHome();
    const elsewhere = temporaryHome();
    mkdirSync(join(project, 'src'));
    const server = serverWithConfig(['model = "from-toml"', `[projects."${project}"]`, 'model = "from-project"'].join('\n'), {
      OPENAI_BASE_URL: model.baseUrl,
      OPENAI_API_KEY: 'sk-test-key',
    });
    try {
      await server.initialize();
      const modelOf = async (startParams: object, turnParams: object = {}) => {
        const { thread, model: reported } = await server.call('thread/start', startParams);
        model.enqueue({ output: [textMessage('ok')] });
        const { turn } = await server.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'go' }], ...turnParams });
        const completed = await server.waitForNotification('turn/completed', (params) => params.turn.id === turn.id);
        assert.equal(completed.params.turn.status, 'completed');
        return { reported, sent: requestedModels(model).at(-1), threadId: thread.id };
      };
      const outside = await modelOf({ cwd: elsewhere });
      assert.deepEqual([outside.reported, outside.sent], ['from-toml', 'from-toml']);
      assert.equal((await modelOf({ cwd: join(project, 'src') })).sent, 'from-project');
      assert.equal((await modelOf({ cwd: project, config: { model: 'from-thread-config' } })).sent, 'from-thread-config');
      assert.equal((await modelOf({ cwd: project, model: 'from-thread', config: { model: 'from-thread-config' } })).sent, 'from-thread');
      const turnLevel = await modelOf({ cwd: project, model: 'from-thread' }, { model: 'from-turn' });
      assert.equal(turnLevel.sent, 'from-turn');
      // A turn's override persists for the thread's later turns.
      model.enqueue({ output: [textMessage('again')] });
      assert.equal((await server.runTurn(turnLevel.threadId, 'again')).status, 'completed');
      assert.equal(requestedModels(model).at(-1), 'from-turn');

      const userLayer = { name: { type: 'user', file: join(server.home, 'config.toml') }, version: (await server.call('config/read', {})).origins.model.version };
      const top = await server.call('config/read', { cwd: elsewhere });
      assert.equal(top.config.model, 'from-toml');
      assert.deepEqual(top.origins.model, userLayer);
      const inProject = await server.call('config/read', { cwd: join(project, 'src'), includeLayers: true });
      assert.equal(inProject.config.model, 'from-project');
      assert.deepEqual(inProject.origins.model, { name: { type: 'project', dotCodexFolder: join(project, '.codex') }, version: userLayer.version });
      assert.deepEqual(
        inProject.layers.map((layer: any) => layer.name.type),
        ['sessionFlags', 'project', 'user'],
      );
      assert.match(userLayer.version, /^sha256:[0-9a-f]{64}$/);
      assertConformsToOfficialSchema(t, server);
    } finally {
      await server.close();
      for (const directory of [project, elsewhere]) rmSync(directory, { recursive: true, force: true });
    }
  });

  test('with no config.toml: built-in defaults, and the environment above them', async () => {
    const server = serverWithConfig(null, { CODEX_THREADS_MODEL: 'from-env' });
    const bare = serverWithConfig(null);
    try {
      await bare.initialize();
      const defaults = await bare.call('config/read', { includeLayers: true });
      assert.deepEqual(
        [defaults.config.model, defaults.config.model_provider, defaults.config.approval_policy, defaults.config.sandbox_mode, defaults.origins, defaults.layers],
        ['gpt-5.1-codex', 'openai', 'on-request', 'read-only', {}, []],
      );
      await server.initialize();
      const fromEnv = await server.call('config/read', {});
      assert.equal(fromEnv.config.model, 'from-env');
      assert.deepEqual(fromEnv.origins.model, { name: { type: 'sessionFlags' }, version: 'env' });
    } finally {
      await server.close();
      await bare.close();
    }
  });

  test('the environment sits above config.toml', async () => {
    const server = serverWithConfig('model = "from-toml"\n', { CODEX_THREADS_MODEL: 'from-env' });
    try {
      await server.initialize();
      assert.equal((await server.call('thread/start', {})).model, 'from-env');
      assert.deepEqual((await server.call('config/read', {})).origins.model, { name: { type: 'sessionFlags' }, version: 'env' });
    } finally {
      await server.close();
    }
  });

  test('bad TOML: the server starts on its defaults; each client gets a configWarning after initialize, stderr names file and line', async (t) => {
    const server = serverWithConfig('model = "fine"\nsandbox_mode = \n');
    try {
      const path = join(server.home, 'config.toml');
      await server.waitForStderr(new RegExp(`WARN config: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:16: invalid TOML`));
      await server.initialize();
      const warning = await server.waitForNotification('configWarning');
      assert.equal(warning.params.path, path);
      assert.match(warning.params.summary, /invalid TOML .*The whole file is ignored/);
      assert.deepEqual(warning.params.range.start, { line: 2, column: 16 });
      const initializeIndex = server.messages.findIndex((message) => message.id !== undefined && message.result?.codexHome);
      assert.ok(server.messages.indexOf(warning) > initializeIndex, 'the warning follows the initialize response');
      const started = await server.call('thread/start', {});
      assert.deepEqual([started.model, started.approvalPolicy, started.sandbox.type], ['gpt-5.1-codex', 'on-request', 'readOnly']);
      assertConformsToOfficialSchema(t, server);
    } finally {
      await server.close();
    }
  });

  test('a bad value: only that value is ignored, with a warning naming its line', async () => {
    const server = serverWithConfig('model = "kept"\napproval_policy = "sometimes"\n');
    try {
      await server.initialize();
      const warning = await server.waitForNotification('configWarning');
      assert.match(warning.params.summary, /config\.toml:2: approval_policy "sometimes" is not one of untrusted, on-request, never\./);
      const started = await server.call('thread/start', {});
      assert.deepEqual([started.model, started.approvalPolicy], ['kept', 'on-request']);
    } finally {
      await server.close();
    }
  });

  test('an edited config.toml applies to new threads; new problems reach every client', async () => {
    const server = serverWithConfig('model = "before"\n');
    try {
      await server.initialize();
      assert.equal((await server.call('thread/start', {})).model, 'before');
      writeFileSync(join(server.home, 'config.toml'), 'model = "after"\nsandbox_mode = "nope"\n');
      assert.equal((await server.call('thread/start', {})).model, 'after');
      const warning = await server.waitForNotification('configWarning');
      assert.match(warning.params.summary, /sandbox_mode "nope" is not one of read-only, workspace-write, danger-full-access/);
    } finally {
      await server.close();
    }
  });
});

describe('wire_api = "chat"', () => {
  let chat: MockChatModel;
  before(async () => (chat = await startMockChatModel()));
  after(() => chat.close());

  test('selects the Chat Completions client', async (t) => {
    const server = serverWithConfig(['model_provider = "local"', 'model = "llama3.1"', '[model_providers.local]', `base_url = "${chat.baseUrl}"`, 'wire_api = "chat"', 'env_key = ""'].join('\n'));
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', {});
      chat.enqueue({ text: ['Hello ', 'from chat'] });
      const turn = await server.runTurn(thread.id, 'hi');
      assert.equal(turn.status, 'completed');
      assert.equal(chat.requests.length, 1);
      assert.match(chat.requests[0].path, /\/v1\/chat\/completions$/);
      assert.equal(chat.requests[0].body.model, 'llama3.1');
      assert.equal(chat.requests[0].headers.authorization, 'Bearer not-needed');
      assertConformsToOfficialSchema(t, server);
    } finally {
      await server.close();
    }
  });
});

describe('model/list', () => {
  let listing: Server;
  let listingUrl: string;
  let listRequests = 0;
  before(async () => {
    listing = createServer((request, response) => {
      if (request.method === 'GET' && request.url === '/v1/models') {
        listRequests++;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ object: 'list', data: [{ id: 'qwen3:8b', object: 'model' }, { id: 'llama3.1', object: 'model' }] }));
        return;
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => listing.listen(0, '127.0.0.1', resolve));
    listingUrl = `http://127.0.0.1:${(listing.address() as AddressInfo).port}/v1`;
  });
  after(() => {
    listing.closeAllConnections();
    listing.close();
  });

  test('lists what the provider serves, with the configured default first; cached', async (t) => {
    const server = serverWithConfig(['model_provider = "local"', 'model = "my-default"', '[model_providers.local]', `base_url = "${listingUrl}"`].join('\n'));
    try {
      await server.initialize();
      const { data } = await server.call('model/list', {});
      assert.deepEqual(
        data.map((model: any) => [model.id, model.isDefault]),
        [
          ['my-default', true],
          ['qwen3:8b', false],
          ['llama3.1', false],
        ],
      );
      await server.call('model/list', {});
      assert.equal(listRequests, 1);
      // Another provider by name: OpenAI's static catalog, no default from this configuration.
      const openai = await server.call('model/list', { modelProvider: 'openai' });
      assert.deepEqual(openai.data.map((model: any) => model.id), ['gpt-5.1-codex', 'gpt-5.1-codex-mini', 'gpt-5.1']);
      const unknown = await server.request('model/list', { modelProvider: 'nowhere' });
      assert.equal(unknown.error.code, -32602);
      assertConformsToOfficialSchema(t, server);
    } finally {
      await server.close();
    }
  });

  test('falls back to the static catalog when the provider cannot list, and logs why', async () => {
    const server = serverWithConfig(null, { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', CODEX_THREADS_MODEL: 'local-model' });
    try {
      await server.initialize();
      const { data } = await server.call('model/list', {});
      assert.deepEqual(data.map((model: any) => model.id), ['local-model', 'gpt-5.1-codex', 'gpt-5.1-codex-mini', 'gpt-5.1']);
      assert.match(server.stderr, /model\/list: cannot list the models of provider "openai" at http:\/\/127\.0\.0\.1:9\/v1\/models .*using the built-in list/);
    } finally {
      await server.close();
    }
  });
});

describe('per-thread provider overrides', () => {
  let model: MockModel;
  before(async () => (model = await startMockModel()));
  after(() => model.close());

  test(
    "a thread's config map can point its provider elsewhere",
    async () => {
      const server = serverWithConfig(null, { OPENAI_API_KEY: 'sk-test-key', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
      try {
        await server.initialize();
        const { thread } = await server.call('thread/start', { config: { 'model_providers.openai.base_url': model.baseUrl } });
        model.enqueue({ output: [textMessage('routed')] });
        const turn = await server.runTurn(thread.id, 'hi');
        assert.equal(turn.status, 'completed');
        assert.equal(model.requests.length, 1);
      } finally {
        await server.close();
      }
    },
  );
});
