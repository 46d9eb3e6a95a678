/**
 * The requests the official Codex TUI (0.169.0, `codex --remote ws://…`)
 * sends before it can show a prompt, sent the way it sends them: over the
 * WebSocket listener with its compression offer, with string and integer
 * ids, several in flight at once, `configRequirements/read` with no
 * `params` key at all. Every answer is checked against the official schema.
 */
import Ajv from 'ajv';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import WebSocket from 'ws';
import { clientRequests } from '../../server/protocol';
import { startMockModel, type MockModel } from '../support/mock-model';
import { loadOfficialSchema, OFFICIAL_SCHEMA_DIR } from '../support/official-schema';
import type { Message } from '../support/rpc-client';
import { modelEnv } from '../support/scenarios';
import { SchemaDiff } from '../support/schema-diff';
import { startServer, type ServerProcess } from '../support/server-process';
import { WsClient } from '../support/ws-client';

/** What the TUI's WebSocket client puts on the upgrade request; the offer may be ignored. */
const TUI_UPGRADE_HEADERS = { 'x-codex-app-server-compression': 'zstd-stream-v1' };

async function listen(env: Record<string, string | undefined>): Promise<{ server: ServerProcess; url: string }> {
  const server = startServer({ env, args: ['app-server', '--listen', 'ws://127.0.0.1:0'] });
  const [, url] = await server.waitForStderr(/listening on (ws:\/\/[^ ]+)/);
  return { server, url };
}

/** Sends a request exactly as given (id of any type, `params` present or not) and waits for its answer. */
function sendRaw(client: WsClient, request: { id: string | number; method: string; params?: unknown }): Promise<Message> {
  client.requestMethods.set(request.id, request.method);
  client.send(request);
  return client.waitFor((message) => message.id === request.id && !('method' in message), 5000, `answer to ${request.method}`);
}

async function initializeLikeTheTui(client: WsClient): Promise<void> {
  const answer = await sendRaw(client, {
    id: 'initialize',
    method: 'initialize',
    params: {
      clientInfo: { name: 'codex-tui', title: null, version: '0.169.0' },
      capabilities: { requiredHumanApproval: true, experimentalApi: true, requestAttestation: false, optOutNotificationMethods: null },
    },
  });
  assert.equal(answer.error, undefined, JSON.stringify(answer.error));
  client.send({ method: 'initialized' });
}

/**
 * Validates a value against one named type of the official v2 schema. The
 * shared conformance check finds a result's type through its method's params
 * type, which `configRequirements/read` does not have (its params are `null`).
 */
function officialTypeCheck(t: TestContext, typeName: string, value: unknown): void {
  const file = join(OFFICIAL_SCHEMA_DIR, 'v2', `${typeName}.json`);
  if (!existsSync(file)) {
    t.diagnostic(`official schema not found at ${OFFICIAL_SCHEMA_DIR}: ${typeName} check skipped`);
    return;
  }
  const ajv = new Ajv({ strict: false });
  // Upstream's integer formats; only their integrality matters for the values checked here.
  for (const format of ['int32', 'int64', 'uint', 'uint16', 'uint32', 'uint64']) ajv.addFormat(format, { type: 'number', validate: Number.isInteger });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  const validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')));
  assert.ok(validate(value), `${typeName}: ${JSON.stringify(validate.errors)}`);
}

describe('the Codex TUI startup requests', { timeout: 30_000 }, () => {
  let model: MockModel;
  before(async () => (model = await startMockModel()));
  after(() => model.close());

  test('are answered with their ids echoed in type, configRequirements/read without params, results the official schema accepts', async (t) => {
    const { server, url } = await listen(modelEnv(model));
    const client = await WsClient.connect(url, TUI_UPGRADE_HEADERS);
    try {
      await initializeLikeTheTui(client);
      const here = process.cwd();
      // All at once, as the TUI does: nothing waits for an earlier answer.
      const [account, config, requirements, skillsForFolder, skillsDefault, models] = await Promise.all([
        sendRaw(client, { id: 1, method: 'account/read', params: {} }),
        sendRaw(client, { id: 'tui-config-read-1', method: 'config/read', params: { includeLayers: true, cwd: '.' } }),
        sendRaw(client, { id: 4, method: 'configRequirements/read' }),
        sendRaw(client, { id: 'startup-skills-list-1', method: 'skills/list', params: { cwds: ['/tmp/tui-project'], forceReload: true } }),
        sendRaw(client, { id: 5, method: 'skills/list', params: {} }),
        sendRaw(client, { id: 2, method: 'model/list', params: { modelProvider: null, cursor: null, limit: null, includeHidden: true } }),
      ]);

      assert.deepEqual(account, { id: 1, result: { account: { type: 'apiKey' }, requiresOpenaiAuth: false, userId: null } });
      assert.deepEqual(requirements, { id: 4, result: { requirements: null, supportsIndependentSpeedModes: null } });
      assert.deepEqual(skillsForFolder, { id: 'startup-skills-list-1', result: { data: [{ cwd: '/tmp/tui-project', skills: [], errors: [] }] } });
      assert.deepEqual(skillsDefault, { id: 5, result: { data: [{ cwd: here, skills: [], errors: [] }] } });
      assert.equal(config.id, 'tui-config-read-1');
      assert.equal(config.result.config.model, 'gpt-5.1-codex', 'the TUI takes its model from config/read');
      assert.ok(Array.isArray(config.result.layers), 'includeLayers: true gives the layers');
      assert.equal(models.id, 2);
      assert.ok(models.result.data.length > 0);

      officialTypeCheck(t, 'ConfigRequirementsReadResponse', requirements.result);
      // Every other message through the shared check, which maps a result to its type by the params type.
      const official = loadOfficialSchema();
      if (official) {
        const problems = client.messages.filter((message) => message.id !== 4).flatMap((message) => official.check(message, client.requestMethods));
        assert.deepEqual(problems, []);
      }
    } finally {
      await client.close();
      await server.terminate();
    }
  });

  test("ignores the TUI's zstd compression offer: the upgrade does not take it up and frames stay text JSON", async () => {
    const { server, url } = await listen(modelEnv(model));
    const socket = new WebSocket(url, { headers: TUI_UPGRADE_HEADERS });
    try {
      const upgrade = new Promise<Record<string, unknown>>((resolve) => socket.once('upgrade', (response) => resolve(response.headers)));
      const frame = new Promise<{ text: string; isBinary: boolean }>((resolve) =>
        socket.once('message', (data, isBinary) => resolve({ text: data.toString(), isBinary })),
      );
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      assert.equal((await upgrade)['x-codex-app-server-compression'], undefined);
      socket.send(JSON.stringify({ id: 'initialize', method: 'initialize', params: { clientInfo: { name: 'codex-tui', version: '0.169.0' } } }));
      const { text, isBinary } = await frame;
      assert.equal(isBinary, false);
      assert.equal(JSON.parse(text).id, 'initialize');
    } finally {
      socket.close();
      await server.terminate();
    }
  });

  test('account/read reports no account when the provider key is unset, and still never asks for a sign-in', async (t) => {
    const { server, url } = await listen({ OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: undefined });
    const client = await WsClient.connect(url);
    try {
      await initializeLikeTheTui(client);
      const answer = await sendRaw(client, { id: 'account', method: 'account/read', params: { refreshToken: true } });
      assert.deepEqual(answer, { id: 'account', result: { account: null, requiresOpenaiAuth: false, userId: null } });
      officialTypeCheck(t, 'GetAccountResponse', answer.result);
    } finally {
      await client.close();
      await server.terminate();
    }
  });

  test('skills/list refuses malformed params, naming the field', async () => {
    const { server, url } = await listen(modelEnv(model));
    const client = await WsClient.connect(url);
    try {
      await initializeLikeTheTui(client);
      const notAList = await sendRaw(client, { id: 7, method: 'skills/list', params: { cwds: '/tmp' } });
      assert.equal(notAList.error.code, -32602);
      assert.equal(notAList.error.data.field, 'cwds');
      assert.match(notAList.error.message, /^Invalid params for skills\/list: cwds /);
      const notABoolean = await sendRaw(client, { id: '8', method: 'skills/list', params: { forceReload: 'yes' } });
      assert.equal(notABoolean.id, '8');
      assert.equal(notABoolean.error.code, -32602);
      assert.equal(notABoolean.error.data.field, 'forceReload');
      const notStrings = await sendRaw(client, { id: 9, method: 'skills/list', params: { cwds: ['/tmp', 3] } });
      assert.equal(notStrings.error.data.field, 'cwds[1]');
    } finally {
      await client.close();
      await server.terminate();
    }
  });

  test('methods the TUI can do without fail with -32601 and the connection carries on', async () => {
    const { server, url } = await listen(modelEnv(model));
    const client = await WsClient.connect(url, TUI_UPGRADE_HEADERS);
    try {
      await initializeLikeTheTui(client);
      const optional = ['hooks/list', 'collaborationMode/list', 'plugin/installed', 'thread/readState/update', 'experimentalFeature/list', 'thread/goal/get'];
      const answers = await Promise.all(optional.map((method, index) => sendRaw(client, { id: `optional-${index}`, method, params: {} })));
      assert.deepEqual(
        answers,
        optional.map((method, index) => ({ id: `optional-${index}`, error: { code: -32601, message: `Method not found: ${method}` } })),
      );
      const after = await sendRaw(client, { id: 10, method: 'configRequirements/read', params: null });
      assert.deepEqual(after, { id: 10, result: { requirements: null, supportsIndependentSpeedModes: null } });
    } finally {
      await client.close();
      await server.terminate();
    }
  });
});

test('account/read, configRequirements/read and skills/list agree structurally with the official types of the same names', (t) => {
  const bundle = join(OFFICIAL_SCHEMA_DIR, 'codex_app_server_protocol.v2.schemas.json');
  if (!existsSync(bundle)) {
    t.skip(`official schema not found at ${OFFICIAL_SCHEMA_DIR}`);
    return;
  }
  const definitions = JSON.parse(readFileSync(bundle, 'utf8')).definitions;
  const diff = new SchemaDiff(definitions);
  // Upstream's names; `configRequirements/read` takes no params upstream, so only its result is compared.
  const differences = [
    ...diff.compare(clientRequests['account/read'].params, definitions.GetAccountParams, 'account/read params', 'params'),
    ...diff.compare(clientRequests['account/read'].result, definitions.GetAccountResponse, 'account/read result', 'result'),
    ...diff.compare(clientRequests['configRequirements/read'].result, definitions.ConfigRequirementsReadResponse, 'configRequirements/read result', 'result'),
    ...diff.compare(clientRequests['skills/list'].params, definitions.SkillsListParams, 'skills/list params', 'params'),
    ...diff.compare(clientRequests['skills/list'].result, definitions.SkillsListResponse, 'skills/list result', 'result'),
  ];
  assert.deepEqual(differences, []);
  assert.ok(definitions.GetAccountResponse && definitions.ConfigRequirementsReadResponse && definitions.SkillsListResponse, 'the compared types exist upstream');
});
