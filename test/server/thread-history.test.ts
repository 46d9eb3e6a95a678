import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertConformsToOfficialSchema } from '../support/conformance';
import { deltasMessage, startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { itemTexts, modelEnv, threadWithTurns } from '../support/scenarios';
import { startServer, type ServerProcess } from '../support/server-process';

describe('listing threads and paging their history', () => {
  let model: MockModel;
  let server: ServerProcess;
  const ids: string[] = [];
  let turnIds: string[] = [];

  before(async () => {
    model = await startMockModel();
    server = startServer({ env: modelEnv(model) });
    await server.initialize();
    for (const [index, prompt] of ['alpha', 'beta', 'gamma', 'delta', 'epsilon'].entries()) {
      const cwd = index % 2 === 0 ? '/tmp/even' : '/tmp/odd';
      const made = await threadWithTurns(server, model, [prompt], { cwd });
      ids.push(made.threadId);
    }
    const long = await threadWithTurns(server, model, ['t1', 't2', 't3', 't4', 't5']);
    ids.push(long.threadId);
    turnIds = long.turnIds;
  });
  after(async () => {
    await server.close();
    await model.close();
  });

  test('thread/list pages through every thread with opaque cursors, newest first by default', async (t) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: any = await server.call('thread/list', { limit: 2, cursor });
      seen.push(...page.data.map((thread: any) => thread.id));
      cursor = page.nextCursor;
      pages += 1;
      assert.ok(pages <= 10, 'pagination terminates');
    } while (cursor);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [...ids].reverse());
    const ascending = await server.call('thread/list', { sortDirection: 'asc', limit: 100 });
    assert.deepEqual(ascending.data.map((thread: any) => thread.id), ids);
    const bad = await server.request('thread/list', { cursor: 'not-a-cursor' });
    assert.equal(bad.error.code, -32602);
    assertConformsToOfficialSchema(t, server);
  });

  test('thread/list filters by cwd, search term, provider and source', async () => {
    const odd = await server.call('thread/list', { cwd: '/tmp/odd' });
    assert.deepEqual(odd.data.map((thread: any) => thread.preview).sort(), ['beta', 'delta']);
    const both = await server.call('thread/list', { cwd: ['/tmp/odd', '/tmp/even'] });
    assert.equal(both.data.length, 5);
    const search = await server.call('thread/list', { searchTerm: 'amm' });
    assert.deepEqual(search.data.map((thread: any) => thread.preview), ['gamma']);
    assert.equal((await server.call('thread/list', { searchTerm: 'AMM' })).data.length, 0, 'case-sensitive');
    assert.equal((await server.call('thread/list', { modelProviders: ['other'] })).data.length, 0);
    assert.equal((await server.call('thread/list', { modelProviders: ['openai'] })).data.length, 6);
    assert.equal((await server.call('thread/list', { sourceKinds: ['subAgent'] })).data.length, 0);
    assert.equal((await server.call('thread/list', { excludedThreadIds: [ids[0]] })).data.length, 5);
  });

  test('thread/turns/list pages newest first, and oldest first on request', async (t) => {
    const threadId = ids.at(-1)!;
    const first = await server.call('thread/turns/list', { threadId, limit: 2 });
    assert.deepEqual(first.data.map((turn: any) => turn.id), [turnIds[4], turnIds[3]]);
    assert.equal(first.data[0].itemsView, 'full');
    const second = await server.call('thread/turns/list', { threadId, limit: 2, cursor: first.nextCursor });
    assert.deepEqual(second.data.map((turn: any) => turn.id), [turnIds[2], turnIds[1]]);
    const third = await server.call('thread/turns/list', { threadId, limit: 2, cursor: second.nextCursor });
    assert.deepEqual(third.data.map((turn: any) => turn.id), [turnIds[0]]);
    assert.equal(third.nextCursor, null);
    const ascending = await server.call('thread/turns/list', { threadId, sortDirection: 'asc', itemsView: 'notLoaded' });
    assert.deepEqual(ascending.data.map((turn: any) => turn.id), turnIds);
    assert.deepEqual(ascending.data[0].items, []);
    assertConformsToOfficialSchema(t, server);
  });

  test('thread/items/list pages items across turns, or within one turn', async (t) => {
    const threadId = ids.at(-1)!;
    const page = await server.call('thread/items/list', { threadId, limit: 3 });
    assert.deepEqual(
      page.data.map((entry: any) => itemTexts({ items: [entry.item] })[0]),
      ['agent: answer to t5', 'user: t5', 'agent: answer to t4'],
    );
    assert.equal(page.data[0].turnId, turnIds[4]);
    const next = await server.call('thread/items/list', { threadId, limit: 3, cursor: page.nextCursor });
    assert.equal(next.data[0].item.type, 'userMessage');
    const anchored = await server.call('thread/items/list', { threadId, limit: 1, cursor: { type: 'item', itemId: page.data[0].item.id } });
    assert.deepEqual(anchored.data.map((entry: any) => entry.item.id), [page.data[1].item.id]);
    const oneTurn = await server.call('thread/items/list', { threadId, turnId: turnIds[0], sortDirection: 'asc' });
    assert.deepEqual(oneTurn.data.map((entry: any) => itemTexts({ items: [entry.item] })[0]), ['user: t1', 'agent: answer to t1']);
    const unknownTurn = await server.request('thread/items/list', { threadId, turnId: 'nope' });
    assert.deepEqual(unknownTurn.error, { code: -32600, message: 'turn not found: nope' });
    assertConformsToOfficialSchema(t, server);
  });

  test('thread/loaded/list and thread/unsubscribe report what is loaded and subscribed', async (t) => {
    const loaded = await server.call('thread/loaded/list', {});
    assert.deepEqual([...loaded.data].sort(), [...ids].sort());
    assert.deepEqual(await server.call('thread/unsubscribe', { threadId: ids[0] }), { status: 'unsubscribed' });
    assert.deepEqual(await server.call('thread/unsubscribe', { threadId: ids[0] }), { status: 'notSubscribed' });
    assert.deepEqual(await server.call('thread/unsubscribe', { threadId: '01a21488-2a95-7000-b0e8-ac269ad9c84b' }), { status: 'notLoaded' });
    const paged = await server.call('thread/loaded/list', { limit: 4 });
    assert.equal(paged.data.length, 4);
    const rest = await server.call('thread/loaded/list', { limit: 4, cursor: paged.nextCursor });
    assert.equal(rest.data.length, 2);
    assert.equal(rest.nextCursor, null);
    assertConformsToOfficialSchema(t, server);
  });

  test('thread/fork copies history, or history through a turn; ephemeral forks are never stored', async (t) => {
    const source = ids.at(-1)!;
    const fork = await server.call('thread/fork', { threadId: source });
    assert.notEqual(fork.thread.id, source);
    assert.equal(fork.thread.forkedFromId, source);
    assert.deepEqual(fork.thread.turns.map((turn: any) => turn.id), turnIds);
    await server.waitForNotification('thread/started', (params) => params.thread.id === fork.thread.id);

    const partial = await server.call('thread/fork', { threadId: source, lastTurnId: turnIds[1], excludeTurns: true });
    assert.deepEqual(partial.thread.turns, []);
    const partialRead = await server.call('thread/read', { threadId: partial.thread.id, includeTurns: true });
    assert.deepEqual(partialRead.thread.turns.map((turn: any) => turn.id), turnIds.slice(0, 2));

    const ephemeral = await server.call('thread/fork', { threadId: source, ephemeral: true });
    assert.equal(ephemeral.thread.path, null);
    assert.equal(ephemeral.thread.ephemeral, true);
    const listed = (await server.call('thread/list', { limit: 100 })).data.map((thread: any) => thread.id);
    assert.ok(listed.includes(fork.thread.id) && listed.includes(partial.thread.id));
    assert.ok(!listed.includes(ephemeral.thread.id));

    // The fork takes its own turns; the source is untouched.
    model.enqueue({ output: [textMessage('forked answer')] });
    const turn = await server.runTurn(fork.thread.id, 'only in the fork');
    assert.equal(turn.status, 'completed');
    const sourceTurns = (await server.call('thread/read', { threadId: source, includeTurns: true })).thread.turns;
    assert.equal(sourceTurns.length, 5);
    assertConformsToOfficialSchema(t, server);
  });

  test('a fork taken mid-turn marks the copied turn interrupted', async () => {
    const { thread } = await server.call('thread/start', {});
    model.enqueue({ output: [deltasMessage(['streaming ', 'still'])], hang: true });
    const { turn } = await server.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'long job' }] });
    await server.waitFor((message) => message.method === 'item/agentMessage/delta' && message.params.delta === 'still');
    const fork = await server.call('thread/fork', { threadId: thread.id });
    const copied = fork.thread.turns[0];
    assert.equal(copied.id, turn.id);
    assert.equal(copied.status, 'interrupted');
    assert.deepEqual(itemTexts(copied), ['user: long job', 'agent: streaming still']);
    const inProgress = await server.request('thread/fork', { threadId: thread.id, lastTurnId: turn.id });
    assert.equal(inProgress.error.message, `turn ${turn.id} is still in progress`);
    await server.call('turn/interrupt', { threadId: thread.id, turnId: turn.id });
    await server.waitForNotification('turn/completed', (params) => params.turn.id === turn.id);
  });
});
