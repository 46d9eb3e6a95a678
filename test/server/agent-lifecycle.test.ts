import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { assertConformsToOfficialSchema } from '../support/conformance';
import { startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { modelEnv } from '../support/scenarios';
import { startServer } from '../support/server-process';
import { callIdOf, execCall, toolOutputs, writeStdinCall } from '../support/tool-calls';
import { WsClient } from '../support/ws-client';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('agent lifecycle: interrupts, background commands, reconnects, compaction', () => {
  let model: MockModel;
  let workspace: string;
  before(async () => {
    model = await startMockModel();
    workspace = mkdtempSync(join(tmpdir(), 'codex-threads-workspace-'));
  });
  after(async () => {
    await model.close();
    rmSync(workspace, { recursive: true, force: true });
  });
  beforeEach(() => model.reset());

  test('turn/interrupt kills a running command with its whole process tree', async () => {
    const server = startServer({ env: modelEnv(model) });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', { cwd: workspace, approvalPolicy: 'never', sandbox: 'danger-full-access' });
      const pidFile = join(workspace, 'pids.txt');
      const call = execCall(`sleep 60 & echo $! > ${pidFile}; sleep 60 & echo $! >> ${pidFile}; echo started; wait`, { yield_time_ms: 20000 });
      model.enqueue({ output: [call] }, { output: [textMessage('never reached')] });
      const { turn } = await server.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'sleep' }] });
      await server.waitFor((message) => message.method === 'item/commandExecution/outputDelta' && message.params.delta.includes('started'));
      await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim().split('\n').length === 2, 3000, 'the pid file');
      const pids = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
      assert.ok(pids.every(alive));
      await server.call('turn/interrupt', { threadId: thread.id, turnId: turn.id });
      const completed = await server.waitForNotification('turn/completed');
      assert.equal(completed.params.turn.status, 'interrupted');
      await until(() => pids.every((pid) => !alive(pid)), 4000, 'the grandchildren to die');
    } finally {
      await server.close();
    }
  });

  test('a command left running is polled with write_stdin and survives into the next call', async () => {
    const server = startServer({ env: modelEnv(model) });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', { cwd: workspace, approvalPolicy: 'never', sandbox: 'danger-full-access' });
      const start = execCall('echo first; sleep 1.5; echo second', { yield_time_ms: 500, login: false });
      model.enqueue({ output: [start] }, { output: [writeStdinCall(1, '', { yield_time_ms: 8000 })] }, { output: [textMessage('both lines seen')] });
      const turn = await server.runTurn(thread.id, 'run slowly', 10_000);
      assert.equal(turn.status, 'completed');
      const bodies = model.requests.slice(-2).map((request) => [...toolOutputs(request.body).values()].at(-1)!);
      assert.match(bodies[0], /session ID 1/, 'still running after the first yield');
      assert.match(bodies[1], /exited with code 0/);
      // On a loaded machine "first" may only show in the poll; both lines arrive, in order, across the two calls.
      assert.match(bodies.join('\n'), /first[\s\S]*second/);
    } finally {
      await server.close();
    }
  });

  test('a pending approval is sent again to the next client that resumes the thread', async (t) => {
    const server = startServer({ env: modelEnv(model), args: ['app-server', '--listen', 'ws://127.0.0.1:0'] });
    const [, url] = await server.waitForStderr(/listening on (ws:\/\/[^ ]+)/);
    const first = await WsClient.connect(url);
    try {
      await first.initialize('first');
      const { thread } = await first.call('thread/start', { cwd: workspace, approvalPolicy: 'untrusted', sandbox: 'workspace-write' });
      const call = execCall('touch from-second-client.txt');
      model.enqueue({ output: [call] }, { output: [textMessage('done')] });
      await first.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'touch' }] });
      await first.waitFor((message) => message.method === 'item/commandExecution/requestApproval');
      await first.close();

      const second = await WsClient.connect(url);
      await second.initialize('second');
      const resumed = await second.call('thread/resume', { threadId: thread.id });
      assert.deepEqual(resumed.thread.status, { type: 'active', activeFlags: ['waitingOnApproval'] });
      const request = await second.waitFor((message) => message.method === 'item/commandExecution/requestApproval');
      assert.equal(request.params.itemId, callIdOf(call));
      second.send({ id: request.id, result: { decision: 'accept' } });
      const completed = await second.waitForNotification('turn/completed');
      assert.equal(completed.params.turn.status, 'completed');
      assert.equal(existsSync(join(workspace, 'from-second-client.txt')), true);
      assertConformsToOfficialSchema(t, second as never);
      await second.close();
    } finally {
      await server.terminate();
    }
  });

  test('an interrupt while an approval is pending ends the turn, then clears the request', async () => {
    const server = startServer({ env: modelEnv(model) });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', { cwd: workspace, approvalPolicy: 'untrusted' });
      model.enqueue({ output: [execCall('touch never.txt')] });
      const { turn } = await server.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'touch' }] });
      const request = await server.waitFor((message) => message.method === 'item/commandExecution/requestApproval');
      await server.call('turn/interrupt', { threadId: thread.id, turnId: turn.id });
      const resolved = await server.waitForNotification('serverRequest/resolved');
      assert.equal(resolved.params.requestId, request.id);
      const order = server.messages.map((message) => message.method);
      assert.ok(order.indexOf('turn/completed') < order.indexOf('serverRequest/resolved'));
      assert.equal(existsSync(join(workspace, 'never.txt')), false);
    } finally {
      await server.close();
    }
  });

  test('compaction replaces the history with a summary and keeps the thread usable', async (t) => {
    const server = startServer({ env: modelEnv(model) });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', { cwd: workspace, config: { model_context_window: 1000 } });
      // The first turn's request nearly fills the window…
      model.enqueue({ output: [textMessage('first answer')], usage: { input_tokens: 950, output_tokens: 10 } });
      await server.runTurn(thread.id, 'first question');
      // …so the next turn compacts before asking the model.
      model.enqueue({ output: [textMessage('The user asked a first question; it was answered.')] }, { output: [textMessage('second answer')] });
      const second = await server.runTurn(thread.id, 'second question');
      assert.equal(second.status, 'completed');
      const compactionItem = server.notifications('item/completed').find((message) => message.params.item.type === 'contextCompaction');
      assert.ok(compactionItem, 'a contextCompaction item');
      const summaryRequest = model.requests.at(-2)!.body;
      assert.match(summaryRequest.instructions, /compacting a long coding conversation/);
      const after = model.requests.at(-1)!.body.input.map((entry: any) => entry.content);
      assert.deepEqual(after, [
        'Summary of the conversation so far (older messages were compacted):\n\nThe user asked a first question; it was answered.',
        'second question',
      ]);

      // On request, as a turn of its own.
      model.enqueue({ output: [textMessage('Two questions, two answers.')] });
      assert.deepEqual(await server.call('thread/compact/start', { threadId: thread.id }), {});
      const compactTurn = await server.waitForNotification('turn/completed', (params) => params.turn.items.length === 0);
      assert.equal(compactTurn.params.turn.status, 'completed');
      model.enqueue({ output: [textMessage('third answer')] });
      const third = await server.runTurn(thread.id, 'third question');
      assert.equal(third.status, 'completed');
      const finalInput = model.requests.at(-1)!.body.input.map((entry: any) => entry.content);
      assert.deepEqual(finalInput, [
        'Summary of the conversation so far (older messages were compacted):\n\nTwo questions, two answers.',
        'third question',
      ]);
      assertConformsToOfficialSchema(t, server);
    } finally {
      await server.close();
    }
  });
});
