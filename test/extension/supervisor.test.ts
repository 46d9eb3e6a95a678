/** The supervisor's restart policy, against a scripted server manager. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServerLease } from '../../extension/app-server/app-server-client';
import { ServerSupervisor } from '../../extension/app-server/supervisor';
import { Emitter } from '../../extension/common/disposable';
import { threadServer } from './fake-connection';
import { memoryLogger } from './harness';

function setup(failStarts = 0, options: { maxCrashes?: number } = {}) {
  const crashes = new Emitter<Error>();
  let clock = 0;
  let acquired = 0;
  let failures = failStarts;
  const servers = {
    onDidCrash: crashes.event,
    acquire: async (): Promise<ServerLease> => {
      acquired += 1;
      if (failures > 0) {
        failures -= 1;
        throw new Error('could not start');
      }
      return { client: threadServer(), dispose: () => undefined };
    },
  };
  const logger = memoryLogger();
  const supervisor = new ServerSupervisor(servers, { logger, initialDelayMs: 5, maxDelayMs: 40, now: () => clock, ...options });
  return { supervisor, crashes, logger, acquired: () => acquired, advance: (ms: number) => (clock += ms) };
}

describe('ServerSupervisor', () => {
  it('restarts after a crash and hands a lease on the new server to whoever reconnects', async () => {
    const { supervisor, crashes, acquired } = setup();
    let restarts = 0;
    supervisor.onDidRestart(() => restarts++);
    crashes.fire(new Error('killed'));
    const lease = await supervisor.reconnect();
    assert.ok(lease);
    assert.equal(restarts, 1);
    assert.equal(acquired(), 2, 'one start by the supervisor, one lease for the thread');
    supervisor.dispose();
  });

  it('backs off exponentially and counts a failed restart as a crash', async () => {
    const { supervisor, crashes, logger } = setup(2);
    crashes.fire(new Error('killed'));
    assert.ok(await supervisor.reconnect());
    assert.deepEqual(
      logger.at('info').filter((line) => line.startsWith('Restarting')),
      ['Restarting the Codex server in 5 ms', 'Restarting the Codex server in 10 ms', 'Restarting the Codex server in 20 ms'],
    );
    supervisor.dispose();
  });

  it('gives up after too many crashes within the window, once, until reset', async () => {
    const { supervisor, crashes, advance } = setup(0, { maxCrashes: 2 });
    const gaveUp: Error[] = [];
    supervisor.onDidGiveUp((reason) => gaveUp.push(reason));
    for (const name of ['one', 'two']) {
      crashes.fire(new Error(name));
      assert.ok(await supervisor.reconnect());
      advance(1000);
    }
    crashes.fire(new Error('three'));
    assert.equal(await supervisor.reconnect(), undefined);
    crashes.fire(new Error('four'));
    assert.deepEqual(gaveUp.map((reason) => reason.message), ['three']);
    assert.equal(supervisor.hasGivenUp, true);
    supervisor.reset();
    assert.ok(await supervisor.reconnect());
    supervisor.dispose();
  });

  it('forgets crashes older than the window', async () => {
    const { supervisor, crashes, advance } = setup(0, { maxCrashes: 1 });
    crashes.fire(new Error('one'));
    assert.ok(await supervisor.reconnect());
    advance(61_000);
    crashes.fire(new Error('two, a minute later'));
    assert.ok(await supervisor.reconnect());
    supervisor.dispose();
  });

  it('stops waiting when disposed', async () => {
    const { supervisor, crashes } = setup(0);
    crashes.fire(new Error('killed'));
    const reconnecting = supervisor.reconnect();
    supervisor.dispose();
    assert.equal(await reconnecting, undefined);
  });
});
