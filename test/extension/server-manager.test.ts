/**
 * The server manager (a `vscode` adapter) against the real built server,
 * with a fake `vscode` module: settings and the stored key reach the
 * spawned server, leases share one server, retirement and shutdown leave
 * no process behind.
 */
import './use-fake-vscode';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, afterEach, before, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { ServerManager } from '../../extension/app-server/server-manager';
import { API_KEY_SECRET } from '../../extension/common/api-key';
import { withTimeout } from '../../extension/common/timeout';
import { startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { configuration, FakeSecretStorage } from './fake-vscode';
import { BUILT_SERVER, memoryLogger, processIsGone, tempHome, waitFor, type TempHome } from './harness';

describe('ServerManager with the built server', { skip: !existsSync(BUILT_SERVER) && 'run `npm run build` first' }, () => {
  let model: MockModel;
  let home: TempHome;
  let manager: ServerManager | undefined;

  before(async () => {
    model = await startMockModel();
    home = await tempHome();
  });

  afterEach(async () => {
    await manager?.shutdown();
    manager = undefined;
    configuration.clear();
  });

  after(async () => {
    await model.close();
    await home.remove();
  });

  let secrets: FakeSecretStorage;

  async function createManager(apiKey?: string): Promise<ServerManager> {
    secrets = new FakeSecretStorage();
    if (apiKey) await secrets.store(API_KEY_SECRET, apiKey);
    configuration.set('codexThreads.baseUrl', model.baseUrl);
    manager = new ServerManager({
      secrets: secrets as unknown as vscode.SecretStorage,
      bundledServerPath: BUILT_SERVER,
      clientInfo: { name: 'codex_threads_vscode', title: 'Codex Threads', version: '0.0.0-test' },
      log: memoryLogger() as unknown as vscode.LogOutputChannel,
      baseEnv: { PATH: process.env.PATH, CODEX_THREADS_HOME: home.path, CODEX_THREADS_MODEL: 'mock-model' },
    });
    return manager;
  }

  it('starts one server for all leases, passing the stored key and the base URL setting', async () => {
    const servers = await createManager('sk-stored');
    assert.equal(await servers.hasCredentials(), true);
    const [first, second] = await withTimeout(Promise.all([servers.acquire(), servers.acquire()]), 10_000, 'acquire timed out');
    assert.equal(first.client, second.client, 'one server serves both');
    assert.equal(servers.processIds.length, 1);

    model.enqueue({ output: [textMessage('Hi', { chunks: 2 })] });
    const { thread } = await first.client.request('thread/start', { cwd: home.path });
    const completed = new Promise<void>((resolve) =>
      first.client.onNotification((n) => n.method === 'turn/completed' && resolve()),
    );
    await first.client.request('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'Hello', text_elements: [] }] });
    await withTimeout(completed, 10_000, 'turn/completed timed out');
    assert.equal(model.requests.at(-1)?.headers.authorization, 'Bearer sk-stored');

    const [pid] = servers.processIds;
    first.dispose();
    second.dispose();
    await servers.shutdown();
    assert.equal(processIsGone(pid), true, 'no orphan after shutdown');
  });

  it('keeps a server whose launch inputs did not change', async () => {
    const servers = await createManager('sk-same');
    const lease = await withTimeout(servers.acquire(), 10_000, 'acquire timed out');
    await secrets.store(API_KEY_SECRET, 'sk-same');
    configuration.set('codexThreads.model', 'another-model'); // passed per thread, not at launch
    assert.equal(await servers.retireIfStale(), false);
    const again = await servers.acquire();
    assert.equal(again.client, lease.client);
    lease.dispose();
    again.dispose();
  });

  it('retires a server when the key changes, keeping it until its last lease ends', async () => {
    const servers = await createManager('sk-old');
    const old = await withTimeout(servers.acquire(), 10_000, 'acquire timed out');
    const [oldPid] = servers.processIds;
    await secrets.store(API_KEY_SECRET, 'sk-new');
    assert.equal(await servers.retireIfStale(), true);
    const fresh = await withTimeout(servers.acquire(), 10_000, 'acquire timed out');
    assert.notEqual(fresh.client, old.client);
    assert.equal(servers.processIds.length, 2, 'the retired server still serves its thread');
    old.dispose();
    await waitFor(() => (processIsGone(oldPid) ? true : undefined), 'the retired server to exit');
    assert.equal(servers.processIds.length, 1);
    fresh.dispose();
  });

  it('reports a crash once and starts a new server on the next lease', async () => {
    const servers = await createManager('sk');
    const crashes: Error[] = [];
    servers.onDidCrash((reason) => crashes.push(reason));
    const lease = await withTimeout(servers.acquire(), 10_000, 'acquire timed out');
    const [pid] = servers.processIds;
    process.kill(pid, 'SIGKILL');
    await waitFor(() => (crashes.length ? true : undefined), 'the crash report');
    assert.match(crashes[0].message, /^The Codex server was stopped by signal SIGKILL$/);
    const next = await withTimeout(servers.acquire(), 10_000, 'acquire timed out');
    assert.notEqual(next.client, lease.client);
    assert.equal(crashes.length, 1);
    lease.dispose();
    next.dispose();
  });

  it('needs credentials only when there is no key, no inherited key and no base URL', async () => {
    const servers = await createManager();
    assert.equal(await servers.hasCredentials(), true, 'the base URL setting is enough');
    configuration.set('codexThreads.baseUrl', '');
    assert.equal(await servers.hasCredentials(), false);
  });
});
