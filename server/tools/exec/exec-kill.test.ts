import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isProcessGone, killPids, printedPids, trackedSessions, waitFor } from './exec-test-support';

const plain = { cwd: tmpdir(), login: false } as const;
/** Two grandchildren that print their pids, then the shell waits for them. */
const TREE = 'sleep 1000 & echo "pid $!"; sleep 1000 & echo "pid $!"; wait';

test('aborting a waiting call kills the whole process tree and resolves with the exit code', async (t) => {
  const sessions = trackedSessions(t);
  const controller = new AbortController();
  let seen = '';
  const result = await sessions.exec({
    ...plain,
    cmd: TREE,
    signal: controller.signal,
    onOutput: (chunk) => {
      seen += chunk;
      if (printedPids(seen).length === 2) controller.abort();
    },
  });
  const grandchildren = printedPids(result.aggregatedOutput);
  t.after(() => killPids(grandchildren));
  assert.deepEqual([result.sessionId, result.exitCode, grandchildren.length], [null, 143, 2]);
  await waitFor(() => grandchildren.every(isProcessGone), 'the grandchildren to die');
});

test('a process that ignores SIGTERM is killed with SIGKILL after the grace', async (t) => {
  const sessions = trackedSessions(t, { killGraceMs: 200 });
  const controller = new AbortController();
  const result = await sessions.exec({
    ...plain,
    cmd: `trap '' TERM; ${TREE}`,
    signal: controller.signal,
    onOutput: () => controller.abort(),
  });
  const grandchildren = printedPids(result.aggregatedOutput);
  t.after(() => killPids(grandchildren));
  assert.equal(result.exitCode, 137);
  await waitFor(() => grandchildren.every(isProcessGone), 'the grandchildren to die');
});

test('a background session survives the abort of its own and of other calls', async (t) => {
  const sessions = trackedSessions(t);
  const own = new AbortController();
  const background = await sessions.exec({ ...plain, cmd: 'sleep 1000', yieldTimeMs: 250, signal: own.signal });
  assert.ok(background.sessionId !== null);
  own.abort();

  const other = new AbortController();
  const foreground = await sessions.exec({
    ...plain,
    cmd: 'echo go; sleep 1000',
    signal: other.signal,
    onOutput: () => other.abort(),
  });
  assert.equal(foreground.exitCode, 143);

  const poll = new AbortController();
  setTimeout(() => poll.abort(), 50);
  const started = Date.now();
  const polled = await sessions.writeStdin(background.sessionId, '', { yieldTimeMs: 5000, signal: poll.signal });
  assert.ok(Date.now() - started < 2000, 'an aborted poll returns early');
  assert.deepEqual([polled.sessionId, polled.exitCode], [background.sessionId, null]);
  assert.equal(isProcessGone(background.pid), false);
  assert.deepEqual(sessions.runningSessionIds(), [background.sessionId]);
});

test('does not start a command whose signal is already aborted', async (t) => {
  const sessions = trackedSessions(t);
  const message = 'Command not started: the call was aborted before it began';
  const marker = join(tmpdir(), `exec-kill-not-started-${process.pid}`);
  assert.deepEqual(await sessions.exec({ ...plain, cmd: `touch ${marker}`, signal: AbortSignal.abort() }), {
    sessionId: null,
    exitCode: 130,
    output: message,
    aggregatedOutput: message,
    wallTimeMs: 0,
    truncated: false,
    pid: 0,
  });
  assert.equal(existsSync(marker), false);
});

test('kill ends a background session with its tree; its exit is reported once', async (t) => {
  const sessions = trackedSessions(t);
  const started = await sessions.exec({ ...plain, cmd: TREE, yieldTimeMs: 250 });
  const grandchildren = printedPids(started.output);
  t.after(() => killPids(grandchildren));
  assert.ok(started.sessionId !== null);
  assert.equal(grandchildren.length, 2);
  sessions.kill(started.sessionId);
  const ended = await sessions.writeStdin(started.sessionId, '', { yieldTimeMs: 3000 });
  assert.deepEqual([ended.sessionId, ended.exitCode], [null, 143]);
  await waitFor(() => grandchildren.every(isProcessGone), 'the grandchildren to die');
  await assert.rejects(sessions.writeStdin(started.sessionId, ''), /^Error: Unknown session id/);
});

test('killAll ends background sessions, waiting calls and jobs left behind within 3 s', async (t) => {
  const sessions = trackedSessions(t);
  const backgrounds = [
    await sessions.exec({ ...plain, cmd: TREE, yieldTimeMs: 250 }),
    await sessions.exec({ ...plain, cmd: 'sleep 1000', yieldTimeMs: 250 }),
  ];
  const survivor = await sessions.exec({ ...plain, cmd: 'sleep 1000 >/dev/null 2>&1 & echo "pid $!"' });
  let ready: () => void = () => {};
  const foregroundStarted = new Promise<void>((resolve) => (ready = resolve));
  const foreground = sessions.exec({ ...plain, cmd: 'echo ready; sleep 1000', onOutput: () => ready() });
  await foregroundStarted;
  const pids = [
    ...backgrounds.map((result) => result.pid),
    ...printedPids(backgrounds[0].output),
    ...printedPids(survivor.output),
  ];
  t.after(() => killPids(pids));
  assert.equal(survivor.exitCode, 0);
  assert.equal(isProcessGone(printedPids(survivor.output)[0]), false);

  const started = Date.now();
  await sessions.killAll();
  assert.ok(Date.now() - started < 3500);
  assert.equal((await foreground).exitCode, 143);
  await waitFor(() => pids.every(isProcessGone), 'every process to die');
  assert.deepEqual(sessions.runningSessionIds(), []);
  await assert.rejects(sessions.writeStdin(backgrounds[1].sessionId!, ''), /^Error: Unknown session id/);
});

test('jobs a finished command left behind keep running and do not delay its result', async (t) => {
  const sessions = trackedSessions(t);
  const started = Date.now();
  // The job holds the stdout pipe open: the result must not wait for it.
  const result = await sessions.exec({ ...plain, cmd: 'sleep 1000 & echo "pid $!"' });
  const [job] = printedPids(result.output);
  t.after(() => killPids([job]));
  assert.deepEqual([result.sessionId, result.exitCode], [null, 0]);
  assert.ok(Date.now() - started < 2000);
  assert.equal(isProcessGone(job), false);
  assert.deepEqual(sessions.runningSessionIds(), []);
});
