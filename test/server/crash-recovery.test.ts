import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readRollout } from '../../server/store/rollout-file';
import { deltasMessage, startMockModel, type MockModel } from '../support/mock-model';
import { modelEnv } from '../support/scenarios';
import { startServer, temporaryHome } from '../support/server-process';

/** A small deterministic generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('crash recovery', () => {
  let model: MockModel;
  before(async () => (model = await startMockModel()));
  after(() => model.close());

  test('SIGKILL mid-turn 20 times: every completed item survives, once; the dead turn comes back interrupted', async (t) => {
    const seed = Number(process.env.CRASH_TEST_SEED ?? Date.now() % 100000);
    t.diagnostic(`seed ${seed} (CRASH_TEST_SEED=${seed} replays this run)`);
    const next = random(seed);
    const home = temporaryHome();
    let threadId: string | null = null;
    const completedItemIds = new Set<string>();
    let turnsStarted = 0;

    try {
      for (let round = 0; round < 20; round++) {
        const server = startServer({ home, env: modelEnv(model) });
        await server.initialize();
        if (threadId) {
          const resumed = await server.call('thread/resume', { threadId });
          checkHistory(resumed.thread, completedItemIds, round);
        } else {
          threadId = (await server.call('thread/start', {})).thread.id;
        }
        const chunks = Array.from({ length: 12 }, (_, index) => `r${round}c${index} `);
        model.enqueue({ output: [deltasMessage(chunks, { delayMs: 4 })] });
        await server.call('turn/start', { threadId, input: [{ type: 'text', text: `round ${round}` }] });
        turnsStarted += 1;
        await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 90)));
        await server.crash();
        for (const message of server.messages) {
          if (message.method === 'item/completed') completedItemIds.add(message.params.item.id);
        }
      }

      const server = startServer({ home, env: modelEnv(model) });
      try {
        await server.initialize();
        const resumed = await server.call('thread/resume', { threadId });
        checkHistory(resumed.thread, completedItemIds, 20);
        assert.ok(resumed.thread.turns.length >= 1 && resumed.thread.turns.length <= turnsStarted);
        const { records, skipped } = readRollout(resumed.thread.path);
        assert.deepEqual(skipped, [], 'every line of the rollout is readable');
        assert.ok(records.length > 0);
      } finally {
        await server.close();
      }
    } finally {
      model.requests.length = 0;
      const { rmSync } = await import('node:fs');
      rmSync(home, { recursive: true, force: true });
    }
  });
});

function checkHistory(thread: any, completedItemIds: Set<string>, round: number): void {
  const ids = thread.turns.flatMap((turn: any) => turn.items.map((item: any) => item.id));
  assert.equal(new Set(ids).size, ids.length, `round ${round}: no duplicate items`);
  for (const id of completedItemIds) assert.ok(ids.includes(id), `round ${round}: completed item ${id} survived`);
  for (const turn of thread.turns) {
    assert.notEqual(turn.status, 'inProgress', `round ${round}: no turn left running`);
    if (turn.status === 'interrupted') assert.equal(turn.error, null);
  }
  assert.deepEqual(thread.status, { type: 'idle' });
}
