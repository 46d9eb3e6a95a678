import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppServerConnection } from '../../extension/app-server/app-server-client';
import type { Disposable } from '../../extension/common/disposable';
import { nullLogger } from '../../extension/common/logger';
import { AccessError } from '../../webview/web/access';
import { createWebLeases } from '../../webview/web/web-leases';
import { FakeConnection } from '../extension/fake-connection';

class DisposableConnection extends FakeConnection implements Disposable {
  disposed = false;
  dispose(): void {
    this.disposed = true;
  }
}

function leases(outcomes: Array<Error | 'ok'>) {
  const events: string[] = [];
  let opens = 0;
  const web = createWebLeases({
    open: async () => {
      const outcome = outcomes[opens++] ?? 'ok';
      if (outcome !== 'ok') throw outcome;
      return new DisposableConnection();
    },
    onConnection: (connection: AppServerConnection) => {
      events.push('attached');
      return { dispose: () => events.push(`detached ${(connection as DisposableConnection).disposed ? 'after' : 'before'} the connection`) };
    },
    logger: nullLogger,
    attempts: 3,
    retryDelay: () => 1,
  });
  return { web, events, opens: () => opens };
}

describe('web leases', () => {
  it('attaches the page services to each connection and disposes them with the lease', async () => {
    const { web, events } = leases(['ok']);
    const lease = await web.connect();
    lease.dispose();
    assert.equal((lease.client as DisposableConnection).disposed, true);
    assert.deepEqual(events, ['attached', 'detached before the connection']);
  });

  it('retries a reconnect a bounded number of times', async () => {
    const recovered = leases([new Error('down'), new Error('still down'), 'ok']);
    assert.ok(await recovered.web.reconnect());
    assert.equal(recovered.opens(), 3);
    const gone = leases([new Error('down'), new Error('down'), new Error('down'), 'ok']);
    assert.equal(await gone.web.reconnect(), undefined);
    assert.equal(gone.opens(), 3);
  });

  it('gives up at once when the server refuses the page', async () => {
    const refused = leases([new AccessError('refused'), 'ok']);
    assert.equal(await refused.web.reconnect(), undefined);
    assert.equal(refused.opens(), 1);
  });
});
