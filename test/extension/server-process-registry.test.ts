/**
 * Orphan reaping with real processes: a server left by a dead extension
 * host is stopped on activation; a live host's server, a recycled pid and
 * our own servers are left alone.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, it } from 'node:test';
import { SERVER_RECORDS_KEY, ServerProcessRegistry, sameProgram } from '../../extension/app-server/server-process-registry';
import { FakeMemento } from './fake-vscode';
import { memoryLogger, processIsGone, waitFor } from './harness';

const children: ChildProcess[] = [];

const IDLE = 'setInterval(() => {}, 1000)';

/** A process whose command line is `node -e IDLE ...args` (recorded as its argv). */
function longLived(...args: string[]): { child: ChildProcess; argv: string[] } {
  const argv = [process.execPath, '-e', IDLE, ...args];
  const child = spawn(argv[0], argv.slice(1), { stdio: 'ignore' });
  children.push(child);
  return { child, argv };
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('ServerProcessRegistry', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
  it('stops the server of a dead host, leaves a live host’s server, and forgets both records of the dead', async () => {
    const memento = new FakeMemento();
    const { child: orphan, argv: orphanArgv } = longLived('app-server');
    const { child: otherWindow, argv: otherArgv } = longLived('app-server', '--other');
    const deadHost = await deadPid();
    await memento.update(SERVER_RECORDS_KEY, [
      { pid: orphan.pid, hostPid: deadHost, argv: orphanArgv },
      { pid: otherWindow.pid, hostPid: process.ppid, argv: otherArgv },
    ]);
    await waitFor(() => (orphan.pid && !processIsGone(orphan.pid) ? true : undefined), 'the orphan to run');
    const reaped = await new ServerProcessRegistry(memento, memoryLogger()).reapOrphans();
    assert.deepEqual(reaped, [orphan.pid]);
    await waitFor(() => (processIsGone(orphan.pid!) ? true : undefined), 'the orphan to be gone');
    assert.equal(processIsGone(otherWindow.pid!), false, 'another window’s server lives on');
    assert.deepEqual(memento.get(SERVER_RECORDS_KEY), [{ pid: otherWindow.pid, hostPid: process.ppid, argv: otherArgv }]);
  });

  it('never kills a recycled pid that runs another program', async () => {
    const memento = new FakeMemento();
    const { child: stranger } = longLived('something-else');
    await memento.update(SERVER_RECORDS_KEY, [{ pid: stranger.pid, hostPid: await deadPid(), argv: [process.execPath, '/ext/dist/server.js', 'app-server'] }]);
    assert.deepEqual(await new ServerProcessRegistry(memento, memoryLogger()).reapOrphans(), []);
    assert.equal(processIsGone(stranger.pid!), false);
    assert.deepEqual(memento.get(SERVER_RECORDS_KEY), []);
  });

  it('records a server while it runs', async () => {
    const memento = new FakeMemento();
    const registry = new ServerProcessRegistry(memento, memoryLogger(), undefined, 4242);
    const record = registry.track(1234, ['node', 'server.js', 'app-server']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(memento.get(SERVER_RECORDS_KEY), [{ pid: 1234, hostPid: 4242, argv: ['node', 'server.js', 'app-server'] }]);
    record.dispose();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(memento.get(SERVER_RECORDS_KEY), []);
  });

  it('recognises the program by its arguments and command, or an interpreter running it', () => {
    assert.equal(sameProgram(['/usr/bin/node', '/ext/dist/server.js', 'app-server'], ['/usr/bin/node', '/ext/dist/server.js', 'app-server']), true);
    assert.equal(sameProgram(['/bin/sh', '/usr/local/bin/codex', 'app-server'], ['/usr/local/bin/codex', 'app-server']), true);
    assert.equal(sameProgram(['/usr/bin/node', '/other.js', 'app-server'], ['/usr/bin/node', '/ext/dist/server.js', 'app-server']), false);
    assert.equal(sameProgram(['/usr/bin/python3'], ['/usr/bin/node', 'x']), false);
  });
});
