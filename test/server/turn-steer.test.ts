import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertConformsToOfficialSchema } from '../support/conformance';
import { deltasMessage, startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { modelEnv } from '../support/scenarios';
import { startServer } from '../support/server-process';

describe('turn/steer adds input to the running turn', () => {
  let model: MockModel;
  before(async () => (model = await startMockModel()));
  after(() => model.close());

  test('steered input is recorded at once and reaches the model on its next request', async (t) => {
    const server = startServer({ env: modelEnv(model) });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', {});
      model.enqueue(
        { output: [deltasMessage(['working ', 'on ', 'it'], { delayMs: 60 })] },
        { output: [textMessage('also said hi')] },
      );
      const { turn } = await server.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'do the thing' }] });
      await server.waitFor((message) => message.method === 'item/agentMessage/delta');
      const steered = await server.call('turn/steer', {
        threadId: thread.id,
        expectedTurnId: turn.id,
        input: [{ type: 'text', text: 'also say hi' }],
        clientUserMessageId: 'steer-1',
      });
      assert.deepEqual(steered, { turnId: turn.id });
      const completed = await server.waitForNotification('turn/completed');
      assert.equal(completed.params.turn.status, 'completed');
      assert.equal(server.notifications('turn/started').length, 1, 'steering starts no new turn');

      const userMessages = server
        .notifications('item/completed')
        .filter((message) => message.params.item.type === 'userMessage')
        .map((message) => [message.params.item.content[0].text, message.params.item.clientId]);
      assert.deepEqual(userMessages, [
        ['do the thing', null],
        ['also say hi', 'steer-1'],
      ]);
      assert.equal(model.requests.length >= 2, true);
      const secondInput = model.requests.at(-1)!.body.input.map((entry: any) => entry.content);
      assert.deepEqual(secondInput, ['do the thing', 'working on it', 'also say hi']);
      assertConformsToOfficialSchema(t, server);
    } finally {
      await server.close();
    }
  });

  test('steering is refused without a running turn or with the wrong expected turn', async () => {
    const server = startServer({ env: modelEnv(model) });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', {});
      const idle = await server.request('turn/steer', { threadId: thread.id, expectedTurnId: 'x', input: [{ type: 'text', text: 'hi' }] });
      assert.deepEqual(idle.error, { code: -32600, message: 'no active turn to steer' });
      model.enqueue({ output: [deltasMessage(['x'])], hang: true });
      const { turn } = await server.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'go' }] });
      const wrong = await server.request('turn/steer', { threadId: thread.id, expectedTurnId: 'other', input: [{ type: 'text', text: 'hi' }] });
      assert.deepEqual(wrong.error, { code: -32600, message: `expected turn other is not the active turn ${turn.id}` });
      const busy = await server.request('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'another' }] });
      assert.equal(busy.error.code, -32600);
      assert.match(busy.error.message, /a turn is already running/);
      await server.call('turn/interrupt', { threadId: thread.id, turnId: turn.id });
      await server.waitForNotification('turn/completed');
    } finally {
      await server.close();
    }
  });
});
