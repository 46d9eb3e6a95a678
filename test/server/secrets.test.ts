/**
 * Secrets never leave the process: after a run that exercises every path a
 * key could take (an authentication failure whose body echoes the key, a
 * retried server error that echoes it too, a successful turn, config/read
 * with layers, model/list asking the provider, a credential offered in a
 * thread's config), neither the key nor `Bearer <key>` appears on stderr
 * (at debug level), in any message the client received, or in any file the
 * server wrote under its home.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { startServer, temporaryHome, type ServerProcess } from '../support/server-process';

const API_KEY = 'sk-test-SECRET-123456';
const HEADER_SECRET = 'hdr-SECRET-7890abcdef';
const SECRETS = [API_KEY, `Bearer ${API_KEY}`, HEADER_SECRET];

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('secrets', () => {
  let model: MockModel;
  let server: ServerProcess;
  before(async () => {
    model = await startMockModel();
    const home = temporaryHome();
    // The user's own file may hold a credential; it is input, and is not among the files checked below.
    writeFileSync(join(home, 'config.toml'), `[model_providers.openai]\nhttp_headers = { "X-Api-Key" = "${HEADER_SECRET}" }\n`);
    server = startServer({ home, env: { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: model.baseUrl, CODEX_THREADS_LOG: 'debug' } });
  });
  after(async () => {
    await model.close();
  });

  test('never appear in logs, messages, rollouts, errors or config/read', async () => {
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', {});

      const echo = { error: { message: `Incorrect API key provided: ${API_KEY}. Header was Bearer ${API_KEY}`, type: 'invalid_request_error', code: 'invalid_api_key' } };
      model.enqueue({ status: 401, errorBody: echo });
      const failed = await server.runTurn(thread.id, 'first');
      assert.equal(failed.status, 'failed');
      assert.equal(failed.error.codexErrorInfo, 'unauthorized');
      assert.match(failed.error.additionalDetails, /Incorrect API key provided: \[redacted\]/);

      model.enqueue({ status: 500, errorBody: { error: { message: `upstream said ${API_KEY}`, type: 'server_error' } } }, { output: [textMessage('works now')] });
      const worked = await server.runTurn(thread.id, 'second', 15_000);
      assert.equal(worked.status, 'completed');
      // The key really was sent: the check below is not vacuous.
      assert.equal(model.requests[0].headers.authorization, `Bearer ${API_KEY}`);

      const config = await server.call('config/read', { includeLayers: true });
      assert.equal(config.config.model_providers.openai.http_headers['X-Api-Key'], '[redacted]');
      await server.call('model/list', {});
      const refused = await server.request('thread/start', { config: { 'model_providers.openai.http_headers.Authorization': `Bearer ${API_KEY}` } });
      assert.equal(refused.error.code, -32602);
      await server.call('thread/read', { threadId: thread.id, includeTurns: true });
    } finally {
      assert.equal(await server.close(), 0);
    }

    const leaks: string[] = [];
    const check = (where: string, text: string) => {
      for (const secret of SECRETS) if (text.includes(secret)) leaks.push(`${where} contains ${secret === API_KEY ? 'the API key' : secret === HEADER_SECRET ? 'the header secret' : '"Bearer <key>"'}`);
    };
    check('stderr', server.stderr);
    server.messages.forEach((message, index) => check(`message ${index} (${message.method ?? `response ${message.id}`})`, JSON.stringify(message)));
    const files = filesUnder(server.home).filter((path) => path !== join(server.home, 'config.toml'));
    assert.ok(files.some((path) => path.endsWith('.jsonl') && path.includes('rollout-')), 'a rollout was written');
    for (const path of files) check(path, readFileSync(path, 'utf8'));
    server.removeHome();
    assert.deepEqual(leaks, []);
  });
});
