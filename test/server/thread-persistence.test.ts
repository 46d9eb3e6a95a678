import assert from 'node:assert/strict';
import { readFileSync, statSync, appendFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertConformsToOfficialSchema } from '../support/conformance';
import { startMockModel, type MockModel } from '../support/mock-model';
import { itemTexts, modelEnv, threadWithTurns } from '../support/scenarios';
import { startServer, temporaryHome } from '../support/server-process';

describe('threads persist and come back after a restart', () => {
  let model: MockModel;
  before(async () => (model = await startMockModel()));
  after(() => model.close());

  test('resume after a restart returns every turn with its items; read, turns and status are right', async (t) => {
    const home = temporaryHome();
    const first = startServer({ home, env: modelEnv(model) });
    let threadId: string;
    let path: string;
    try {
      await first.initialize();
      ({ threadId } = await threadWithTurns(first, model, ['one', 'two']));
      path = (await first.call('thread/read', { threadId })).thread.path;
      assert.ok(path.startsWith(join(home, 'sessions')), path);
    } finally {
      assert.equal(await first.close(), 0);
    }

    const second = startServer({ home, env: modelEnv(model) });
    try {
      await second.initialize();
      const read = await second.call('thread/read', { threadId, includeTurns: true });
      assert.deepEqual(read.thread.status, { type: 'notLoaded' });
      assert.deepEqual(read.thread.turns.map(itemTexts), [
        ['user: one', 'agent: answer to one'],
        ['user: two', 'agent: answer to two'],
      ]);
      assert.equal(read.thread.preview, 'one');
      const withoutTurns = await second.call('thread/read', { threadId });
      assert.deepEqual(withoutTurns.thread.turns, []);

      const resumed = await second.request('thread/resume', { threadId });
      const statusIndex = second.messages.findIndex((message) => message.method === 'thread/status/changed');
      assert.ok(statusIndex !== -1 && statusIndex < second.messages.indexOf(resumed), 'status comes before the resume response');
      assert.deepEqual(resumed.result.thread.status, { type: 'idle' });
      assert.equal(resumed.result.thread.turns.length, 2);
      assert.ok(resumed.result.thread.turns.every((turn: any) => turn.status === 'completed'));
      assert.equal(resumed.result.thread.path, path);
      const usage = await second.waitForNotification('thread/tokenUsage/updated');
      assert.equal(usage.params.tokenUsage.total.totalTokens, 30);

      // The resumed thread takes new turns that see the old conversation.
      const third = await threadWithTurnsOn(second, threadId, 'three');
      assert.equal(third.status, 'completed');
      const sent = model.requests.at(-1)!.body.input.map((entry: any) => entry.content);
      assert.deepEqual(sent, ['one', 'answer to one', 'two', 'answer to two', 'three']);

      const excluded = await second.call('thread/resume', { threadId, excludeTurns: true });
      assert.deepEqual(excluded.thread.turns, []);
      assertConformsToOfficialSchema(t, second);
    } finally {
      await second.close();
      second.removeHome();
    }

    async function threadWithTurnsOn(client: typeof second, id: string, prompt: string) {
      model.enqueue({ output: [{ kind: 'message', chunks: [`answer to ${prompt}`] }] });
      return client.runTurn(id, prompt);
    }
  });

  test('thread/read names unknown and malformed ids the way upstream does', async () => {
    const server = startServer();
    try {
      await server.initialize();
      const unknown = await server.request('thread/read', { threadId: '01a21488-2a95-7000-b0e8-ac269ad9c84b' });
      assert.deepEqual(unknown.error, { code: -32600, message: 'thread not loaded: 01a21488-2a95-7000-b0e8-ac269ad9c84b' });
      const malformed = await server.request('thread/read', { threadId: 'nope' });
      assert.deepEqual(malformed.error, { code: -32600, message: 'invalid thread id: nope' });
      const resume = await server.request('thread/resume', { threadId: '01a21488-2a95-7000-b0e8-ac269ad9c84b' });
      assert.deepEqual(resume.error, { code: -32600, message: 'thread not found: 01a21488-2a95-7000-b0e8-ac269ad9c84b' });
      const turn = await server.request('turn/start', { threadId: '01a21488-2a95-7000-b0e8-ac269ad9c84b', input: [] });
      assert.deepEqual(turn.error, { code: -32600, message: 'thread not found: 01a21488-2a95-7000-b0e8-ac269ad9c84b' });
    } finally {
      await server.close();
    }
  });

  test('rollouts are private: files 0600, folders 0700; nothing is written before the first turn', async () => {
    const server = startServer({ env: modelEnv(model) });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', {});
      assert.equal(existsSync(thread.path), false, 'no file before the first turn, as upstream');
      const { threadId } = await threadWithTurns(server, model, ['private']);
      const { path } = (await server.call('thread/read', { threadId })).thread;
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.equal(statSync(dirname(path)).mode & 0o777, 0o700);
      assert.equal(statSync(join(server.home, 'sessions')).mode & 0o777, 0o700);
      assert.equal(statSync(join(server.home, 'thread-index.jsonl')).mode & 0o777, 0o600);
    } finally {
      await server.close();
    }
  });

  test('a torn last line is skipped with a warning, never fatal', async () => {
    const home = temporaryHome();
    const first = startServer({ home, env: modelEnv(model) });
    await first.initialize();
    const { threadId } = await threadWithTurns(first, model, ['keep me']);
    const { path } = (await first.call('thread/read', { threadId })).thread;
    await first.close();
    appendFileSync(path, '{"timestamp":"2026-11-25T00:00:00Z","type":"item_compl');

    const second = startServer({ home, env: modelEnv(model) });
    try {
      await second.initialize();
      const resumed = await second.call('thread/resume', { threadId });
      assert.deepEqual(resumed.thread.turns.map(itemTexts), [['user: keep me', 'agent: answer to keep me']]);
      const warning = await second.waitForNotification('warning');
      assert.equal(warning.params.threadId, threadId);
      assert.match(warning.params.message, /Skipped 1 unreadable line/);
    } finally {
      await second.close();
      second.removeHome();
    }
  });

  test('archive unloads, moves the rollout aside and hides the thread; unarchive brings it back', async (t) => {
    const server = startServer({ env: modelEnv(model) });
    try {
      await server.initialize();
      const { threadId } = await threadWithTurns(server, model, ['to archive']);
      const { path } = (await server.call('thread/read', { threadId })).thread;

      const archived = await server.request('thread/archive', { threadId });
      assert.deepEqual(archived.result, {});
      const order = server.messages.map((message) => message.method ?? `response:${message.id}`);
      const notLoaded = server.messages.findIndex(
        (message) => message.method === 'thread/status/changed' && message.params.status.type === 'notLoaded',
      );
      assert.ok(notLoaded !== -1 && notLoaded < server.messages.indexOf(archived), 'unloaded before the response');
      await server.waitForNotification('thread/archived', (params) => params.threadId === threadId);
      assert.ok(order.indexOf(`response:${archived.id}`) < server.messages.length);
      assert.equal(existsSync(path), false);
      const archivedPath = join(server.home, 'archived_sessions', path.split('/').pop()!);
      assert.equal(existsSync(archivedPath), true);

      assert.deepEqual((await server.call('thread/list', {})).data, []);
      const archivedList = await server.call('thread/list', { archived: true });
      assert.deepEqual(archivedList.data.map((thread: any) => thread.id), [threadId]);
      const resume = await server.request('thread/resume', { threadId });
      assert.equal(resume.error.code, -32600);

      const unarchived = await server.call('thread/unarchive', { threadId });
      assert.equal(unarchived.thread.id, threadId);
      assert.deepEqual(unarchived.thread.status, { type: 'notLoaded' });
      await server.waitForNotification('thread/unarchived', (params) => params.threadId === threadId);
      assert.equal(existsSync(path), true);
      assert.deepEqual((await server.call('thread/list', {})).data.map((thread: any) => thread.id), [threadId]);
      assertConformsToOfficialSchema(t, server);
    } finally {
      await server.close();
    }
  });

  test('thread/name/set renames loaded and stored threads, notifies, and survives a restart', async (t) => {
    const home = temporaryHome();
    const first = startServer({ home, env: modelEnv(model) });
    await first.initialize();
    const { threadId } = await threadWithTurns(first, model, ['name me']);
    assert.deepEqual(await first.call('thread/name/set', { threadId, name: '  Hello file ' }), {});
    const updated = await first.waitForNotification('thread/name/updated');
    assert.deepEqual(updated.params, { threadId, threadName: 'Hello file' });
    const empty = await first.request('thread/name/set', { threadId, name: '   ' });
    assert.equal(empty.error.code, -32602);
    assertConformsToOfficialSchema(t, first);
    await first.close();

    const second = startServer({ home, env: modelEnv(model) });
    try {
      await second.initialize();
      assert.equal((await second.call('thread/read', { threadId })).thread.name, 'Hello file');
      // Renaming a thread that is not loaded writes straight to its rollout.
      await second.call('thread/name/set', { threadId, name: 'Renamed offline' });
      assert.equal((await second.call('thread/list', {})).data[0].name, 'Renamed offline');
      assert.equal((await second.call('thread/read', { threadId, includeTurns: true })).thread.name, 'Renamed offline');
      assert.match(readFileSync((await second.call('thread/read', { threadId })).thread.path, 'utf8'), /Renamed offline/);
    } finally {
      await second.close();
      second.removeHome();
    }
  });

  test('thread/revert drops a turn and what follows, notifies, and persists', async (t) => {
    const home = temporaryHome();
    const server = startServer({ home, env: modelEnv(model) });
    await server.initialize();
    const { threadId, turnIds } = await threadWithTurns(server, model, ['a', 'b', 'c']);
    const reverted = await server.call('thread/revert', { threadId, beforeTurnId: turnIds[1] });
    assert.deepEqual(reverted.thread.turns, []);
    await server.waitForNotification('thread/reverted', (params) => params.threadId === threadId);
    const read = await server.call('thread/read', { threadId, includeTurns: true });
    assert.deepEqual(read.thread.turns.map((turn: any) => turn.id), [turnIds[0]]);
    const missing = await server.request('thread/revert', { threadId, beforeTurnId: 'nope' });
    assert.deepEqual(missing.error, { code: -32600, message: 'turn not found: nope' });
    assertConformsToOfficialSchema(t, server);
    await server.close();

    const again = startServer({ home, env: modelEnv(model) });
    try {
      await again.initialize();
      const resumed = await again.call('thread/resume', { threadId });
      assert.deepEqual(resumed.thread.turns.map((turn: any) => turn.id), [turnIds[0]]);
    } finally {
      await again.close();
      again.removeHome();
    }
  });
});
