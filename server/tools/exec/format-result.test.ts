import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatExecResultForModel } from './format-result';

const base = { output: 'hello\n', aggregatedOutput: 'hello\n', truncated: false, pid: 42 };

test('reports a finished process with its exit code', () => {
  assert.equal(
    formatExecResultForModel({ ...base, sessionId: null, exitCode: 0, wallTimeMs: 120 }),
    'Wall time: 0.1200 seconds\nProcess exited with code 0\nOutput:\nhello\n',
  );
});

test('reports a running process with its session id', () => {
  assert.equal(
    formatExecResultForModel({ ...base, sessionId: 3, exitCode: null, wallTimeMs: 10_000 }),
    'Wall time: 10.0000 seconds\nProcess running with session ID 3\nOutput:\nhello\n',
  );
});
