import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { trackedSessions } from './exec-test-support';
import { omissionNote } from './output-buffer';

const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'exec-sessions-')));
/** Most tests skip the login shell's profile (~100 ms each) for speed. */
const plain = { cwd, login: false } as const;
after(() => rmSync(cwd, { recursive: true, force: true }));

test('a command that exits at once returns at once, with its output and exit code', async (t) => {
  const sessions = trackedSessions(t);
  const started = Date.now();
  const result = await sessions.exec({ ...plain, cmd: 'pwd' });
  assert.ok(Date.now() - started < 2000, 'did not wait for the 10 s yield time');
  assert.deepEqual(
    { ...result, wallTimeMs: 0, pid: 0 },
    {
      sessionId: null,
      exitCode: 0,
      output: `${cwd}\n`,
      aggregatedOutput: `${cwd}\n`,
      wallTimeMs: 0,
      truncated: false,
      pid: 0,
    },
  );
  assert.ok(result.pid > 0);
});

test('reports exit codes, and 128 + the signal number for a signal death', async (t) => {
  const sessions = trackedSessions(t);
  assert.equal((await sessions.exec({ ...plain, cmd: 'exit 3' })).exitCode, 3);
  assert.equal((await sessions.exec({ ...plain, cmd: 'kill -KILL $$' })).exitCode, 137);
});

test('merges stdout and stderr in arrival order, live and in the result', async (t) => {
  const sessions = trackedSessions(t);
  const chunks: string[] = [];
  const result = await sessions.exec({
    ...plain,
    cmd: 'echo out; sleep 0.05; echo err >&2; sleep 0.05; echo out2',
    onOutput: (chunk) => chunks.push(chunk),
  });
  assert.equal(chunks.join(''), 'out\nerr\nout2\n');
  assert.equal(result.output, 'out\nerr\nout2\n');
});

test('decodes a UTF-8 character split across writes without replacement characters', async (t) => {
  const sessions = trackedSessions(t);
  const chunks: string[] = [];
  const result = await sessions.exec({
    ...plain,
    cmd: "printf '\\xc3'; sleep 0.05; printf '\\xa9\\xe2\\x82'; sleep 0.05; printf '\\xac\\n'",
    onOutput: (chunk) => chunks.push(chunk),
  });
  assert.equal(chunks.join(''), 'é€\n');
  assert.ok(chunks.every((chunk) => !chunk.includes('\uFFFD')), JSON.stringify(chunks));
  assert.equal(result.output, 'é€\n');
});

test('sets non-interactive defaults in the environment, overridable by the request', async (t) => {
  const sessions = trackedSessions(t);
  const result = await sessions.exec({
    ...plain,
    cmd: 'echo "$PAGER $GIT_PAGER $TERM $NO_COLOR $EXTRA"',
    env: { EXTRA: 'x', PAGER: 'more' },
  });
  assert.equal(result.output, 'more cat dumb 1 x\n');
});

test('runs a login shell unless told otherwise', async (t) => {
  const sessions = trackedSessions(t);
  const probe = 'shopt -q login_shell && echo login || echo plain';
  assert.equal((await sessions.exec({ cwd, cmd: probe, shell: '/bin/bash' })).output, 'login\n');
  assert.equal((await sessions.exec({ ...plain, cmd: probe })).output, 'plain\n');
});

test('caps the output to the model with head, tail and a note, but keeps it all for the UI', async (t) => {
  const sessions = trackedSessions(t);
  const result = await sessions.exec({ ...plain, cmd: 'seq 1 20000', maxOutputBytes: 1000 });
  const total = Buffer.byteLength(result.aggregatedOutput);
  assert.equal(result.aggregatedOutput.slice(-12), '19999\n20000\n');
  assert.equal(result.truncated, true);
  assert.ok(result.output.startsWith('1\n2\n3\n'));
  assert.ok(result.output.endsWith('19999\n20000\n'));
  assert.ok(result.output.includes(omissionNote(total - 1000)), result.output.slice(480, 560));
});

test('yields a still-running process as a session and reports its exit once to writeStdin', async (t) => {
  const sessions = trackedSessions(t);
  const cmd = 'echo one; sleep 0.5; echo two; sleep 0.3; echo three';
  const first = await sessions.exec({ ...plain, cmd, yieldTimeMs: 250 });
  assert.equal(first.exitCode, null);
  assert.equal(first.output, 'one\n');
  assert.ok(first.sessionId !== null);
  const id = first.sessionId;
  assert.deepEqual(sessions.runningSessionIds(), [id]);

  let polled = '';
  let last = first;
  for (let attempt = 0; attempt < 40 && last.sessionId !== null; attempt++) {
    last = await sessions.writeStdin(id, '', { yieldTimeMs: 100 });
    polled += last.output;
  }
  assert.equal(last.exitCode, 0);
  assert.equal(last.sessionId, null);
  assert.equal(polled, 'two\nthree\n');
  assert.equal(last.aggregatedOutput, 'one\ntwo\nthree\n');
  assert.deepEqual(sessions.runningSessionIds(), []);
  await assert.rejects(sessions.writeStdin(id, ''), {
    message: `Unknown session id ${id}: the process has exited or was never started`,
  });
});

test('writes to stdin of an interactive program; Ctrl-D closes stdin', async (t) => {
  const sessions = trackedSessions(t);
  const cat = await sessions.exec({ ...plain, cmd: 'cat', yieldTimeMs: 250 });
  assert.ok(cat.sessionId !== null);
  const echoed = await sessions.writeStdin(cat.sessionId, 'hello\n', { yieldTimeMs: 300 });
  assert.deepEqual([echoed.sessionId, echoed.output], [cat.sessionId, 'hello\n']);
  const closed = await sessions.writeStdin(cat.sessionId, 'bye\x04', { yieldTimeMs: 3000 });
  assert.deepEqual([closed.sessionId, closed.exitCode, closed.output], [null, 0, 'bye']);
});

test('serialises concurrent writeStdin calls on one session', async (t) => {
  const sessions = trackedSessions(t);
  const cat = await sessions.exec({ ...plain, cmd: 'cat', yieldTimeMs: 250 });
  const id = cat.sessionId!;
  const [first, second] = await Promise.all([
    sessions.writeStdin(id, 'a\n', { yieldTimeMs: 150 }),
    sessions.writeStdin(id, 'b\n', { yieldTimeMs: 150 }),
  ]);
  assert.deepEqual([first.output, second.output], ['a\n', 'b\n']);
});

test('spawns the argv returned by the sandbox wrap hook', async (t) => {
  const sessions = trackedSessions(t);
  const result = await sessions.exec({
    ...plain,
    cmd: 'echo "$WRAPPED $0"',
    wrap: (argv) => ['/usr/bin/env', 'WRAPPED=yes', ...argv],
  });
  assert.equal(result.output, 'yes /bin/bash\n');
});

test('Ctrl-C sent with writeStdin interrupts the process', async (t) => {
  const sessions = trackedSessions(t);
  const sleeper = await sessions.exec({ ...plain, cmd: 'sleep 1000', yieldTimeMs: 250 });
  assert.ok(sleeper.sessionId !== null);
  const interrupted = await sessions.writeStdin(sleeper.sessionId, '\x03', { yieldTimeMs: 3000 });
  assert.deepEqual([interrupted.sessionId, interrupted.exitCode], [null, 130]);
});

test('rejects writeStdin for a session that never existed', async (t) => {
  const sessions = trackedSessions(t);
  await assert.rejects(sessions.writeStdin(999, 'x'), {
    message: 'Unknown session id 999: the process has exited or was never started',
  });
});

test('resolves with exit code 127 and the reason when the cwd or the shell is missing', async (t) => {
  const sessions = trackedSessions(t);
  const notStarted = { sessionId: null, wallTimeMs: 0, truncated: false, pid: 0 };
  const missingCwd = 'Failed to start the command: working directory /nonexistent/dir does not exist';
  assert.deepEqual(await sessions.exec({ cmd: 'true', cwd: '/nonexistent/dir' }), {
    ...notStarted,
    exitCode: 127,
    output: missingCwd,
    aggregatedOutput: missingCwd,
  });
  const missingShell = 'Failed to start the command: /nonexistent/shell was not found';
  assert.deepEqual(await sessions.exec({ cmd: 'true', cwd, shell: '/nonexistent/shell' }), {
    ...notStarted,
    exitCode: 127,
    output: missingShell,
    aggregatedOutput: missingShell,
  });
});

test('resolves with exit code 127 when the command line cannot be passed to a process', async (t) => {
  const sessions = trackedSessions(t);
  const result = await sessions.exec({ ...plain, cmd: 'echo a\0b' });
  assert.equal(result.exitCode, 127);
  assert.match(result.output, /^Failed to start the command: \/bin\/bash: .*null bytes/);
});

test('refuses a process beyond maxSessions until one finishes', async (t) => {
  const sessions = trackedSessions(t, { maxSessions: 2 });
  const first = await sessions.exec({ ...plain, cmd: 'sleep 1000', yieldTimeMs: 250 });
  await sessions.exec({ ...plain, cmd: 'sleep 1000', yieldTimeMs: 250 });
  await assert.rejects(sessions.exec({ ...plain, cmd: 'true' }), {
    message:
      'Too many running processes: 2 of at most 2. ' +
      'Finish or stop one (write_stdin "\\u0003" sends Ctrl-C) before starting another.',
  });
  await sessions.writeStdin(first.sessionId!, '\x03', { yieldTimeMs: 3000 });
  assert.equal((await sessions.exec({ ...plain, cmd: 'true' })).exitCode, 0);
});
