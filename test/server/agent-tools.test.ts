import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, afterEach, describe, test } from 'node:test';
import { assertConformsToOfficialSchema } from '../support/conformance';
import { startMockModel, textMessage, type MockModel } from '../support/mock-model';
import type { RpcClient } from '../support/rpc-client';
import { modelEnv } from '../support/scenarios';
import { startServer, type ServerProcess } from '../support/server-process';
import { callIdOf, execCall, patchCall, planCall, toolOutputs } from '../support/tool-calls';

const answered = new WeakMap<RpcClient, Set<unknown>>();

/** Answers the oldest unanswered approval request of `method` with `result`; returns the request. */
async function answerApproval(client: RpcClient, method: string, result: object): Promise<any> {
  const seen = answered.get(client) ?? new Set<unknown>();
  answered.set(client, seen);
  const request = await client.waitFor((message) => message.method === method && 'id' in message && !seen.has(message.id), 5000, method);
  seen.add(request.id);
  client.send({ id: request.id, result });
  return request;
}

describe('the agent runs tools under the approval policy', () => {
  let model: MockModel;
  let server: ServerProcess;
  let workspace: string;

  before(async () => (model = await startMockModel()));
  after(() => model.close());
  beforeEach(async () => {
    model.reset();
    workspace = mkdtempSync(join(tmpdir(), 'codex-threads-workspace-'));
    server = startServer({ env: modelEnv(model) });
    await server.initialize();
  });
  afterEach(async () => {
    await server.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  const startThread = (params: object = {}) => server.call('thread/start', { cwd: workspace, ...params }).then((result) => result.thread.id as string);

  test('a command needing approval waits, runs once accepted, and its output reaches the model', async (t) => {
    const threadId = await startThread({ approvalPolicy: 'untrusted', sandbox: 'workspace-write' });
    const call = execCall('echo hello > out.txt && cat out.txt', { login: false });
    model.enqueue({ output: [call] }, { output: [textMessage('Created out.txt.')] });
    const { turn } = await server.call('turn/start', { threadId, input: [{ type: 'text', text: 'make out.txt' }] });
    const request = await answerApproval(server, 'item/commandExecution/requestApproval', { decision: 'accept' });
    assert.equal(request.params.itemId, callIdOf(call));
    assert.equal(request.params.turnId, turn.id);
    assert.equal(request.params.command, "/bin/bash -c 'echo hello > out.txt && cat out.txt'");
    assert.ok(Array.isArray(request.params.availableDecisions));
    const completed = await server.waitForNotification('turn/completed');
    assert.equal(completed.params.turn.status, 'completed');
    assert.equal(readFileSync(join(workspace, 'out.txt'), 'utf8'), 'hello\n');

    const item = server.notifications('item/completed').find((message) => message.params.item.id === callIdOf(call))!.params.item;
    assert.equal(item.status, 'completed');
    assert.equal(item.exitCode, 0);
    // The machine's shell setup may print its own lines first (pyenv here); the command's output ends it.
    assert.match(item.aggregatedOutput, /(^|\n)hello\n$/);
    const deltas = server.notifications('item/commandExecution/outputDelta').map((message) => message.params.delta).join('');
    assert.equal(deltas, item.aggregatedOutput);
    assert.match(toolOutputs(model.requests.at(-1)!.body).get(callIdOf(call))!, /exited with code 0[\s\S]*hello/);

    // Order: waitingOnApproval → item/started → request → resolved → active again → item/completed.
    const order = server.messages.map((message) => message.method ?? 'response');
    const requestIndex = server.messages.indexOf(request);
    const started = server.messages.findIndex((message) => message.method === 'item/started' && message.params.item.id === callIdOf(call));
    const waiting = server.messages.findIndex((message) => message.method === 'thread/status/changed' && message.params.status.activeFlags?.includes('waitingOnApproval'));
    const resolved = order.indexOf('serverRequest/resolved');
    assert.ok(waiting < started && started < requestIndex && requestIndex < resolved, order.join(','));
    assertConformsToOfficialSchema(t, server);
  });

  test('a declined command is not run and the model is told why', async () => {
    const threadId = await startThread({ approvalPolicy: 'untrusted', sandbox: 'workspace-write' });
    const call = execCall('touch should-not-exist.txt');
    model.enqueue({ output: [call] }, { output: [textMessage('Understood.')] });
    await server.call('turn/start', { threadId, input: [{ type: 'text', text: 'touch it' }] });
    await answerApproval(server, 'item/commandExecution/requestApproval', { decision: 'decline', reason: 'not in this folder' });
    await server.waitForNotification('turn/completed');
    assert.equal(existsSync(join(workspace, 'should-not-exist.txt')), false);
    const item = server.notifications('item/completed').find((message) => message.params.item.id === callIdOf(call))!.params.item;
    assert.equal(item.status, 'declined');
    assert.equal(item.exitCode, null);
    const output = toolOutputs(model.requests.at(-1)!.body).get(callIdOf(call))!;
    assert.match(output, /declined/);
    assert.match(output, /not in this folder/);
  });

  test('acceptForSession covers the same normalised command, never a chained one', async () => {
    const threadId = await startThread({ approvalPolicy: 'untrusted', sandbox: 'workspace-write' });
    const first = execCall('touch a.txt');
    const second = execCall('touch b.txt');
    const chained = execCall('touch c.txt; rm -f a.txt');
    model.enqueue({ output: [first] }, { output: [second] }, { output: [chained] }, { output: [textMessage('done')] });
    await server.call('turn/start', { threadId, input: [{ type: 'text', text: 'touch files' }] });
    await answerApproval(server, 'item/commandExecution/requestApproval', { decision: 'acceptForSession' });
    const chainedRequest = await server.waitFor(
      (message) => message.method === 'item/commandExecution/requestApproval' && message.params.itemId === callIdOf(chained),
    );
    assert.equal(server.messages.filter((message) => message.method === 'item/commandExecution/requestApproval').length, 2, 'touch b.txt ran without asking');
    assert.equal(existsSync(join(workspace, 'b.txt')), true);
    server.send({ id: chainedRequest.id, result: { decision: 'decline' } });
    await server.waitForNotification('turn/completed');
    assert.equal(existsSync(join(workspace, 'a.txt')), true, 'the chained rm never ran');
  });

  test('untrusted runs known read-only commands without asking', async () => {
    writeFileSync(join(workspace, 'notes.txt'), 'one\ntwo\n');
    const threadId = await startThread({ approvalPolicy: 'untrusted' });
    const call = execCall('cat notes.txt');
    model.enqueue({ output: [call] }, { output: [textMessage('It has two lines.')] });
    const turn = await server.runTurn(threadId, 'read notes');
    assert.equal(turn.status, 'completed');
    assert.equal(server.messages.filter((message) => message.method === 'item/commandExecution/requestApproval').length, 0);
    const item = server.notifications('item/completed').find((message) => message.params.item.id === callIdOf(call))!.params.item;
    assert.deepEqual(item.commandActions, [{ type: 'read', command: 'cat notes.txt', name: 'notes.txt', path: 'notes.txt' }]);
  });

  test("commands do not inherit the extension's ELECTRON_RUN_AS_NODE", async () => {
    await server.close();
    server = startServer({ env: { ...modelEnv(model), ELECTRON_RUN_AS_NODE: '1', CODEX_THREADS_PROBE: 'inherited' } });
    await server.initialize();
    const threadId = await startThread({ approvalPolicy: 'never', sandbox: 'danger-full-access' });
    const call = execCall('echo "probe=${CODEX_THREADS_PROBE:-unset} electron=${ELECTRON_RUN_AS_NODE:-unset}"');
    model.enqueue({ output: [call] }, { output: [textMessage('done')] });
    const turn = await server.runTurn(threadId, 'show the environment');
    assert.equal(turn.status, 'completed');
    const item = server.notifications('item/completed').find((message) => message.params.item.id === callIdOf(call))!.params.item;
    assert.match(item.aggregatedOutput, /probe=inherited electron=unset/);
  });

  test('escalation under on-request asks with the justification; under never it is refused', async () => {
    const threadId = await startThread({ approvalPolicy: 'on-request', sandbox: 'workspace-write' });
    const call = execCall('echo escalated', { sandbox_permissions: 'require_escalated', justification: 'Needs the network to fetch deps' });
    model.enqueue({ output: [call] }, { output: [textMessage('ok')] });
    await server.call('turn/start', { threadId, input: [{ type: 'text', text: 'go' }] });
    const request = await answerApproval(server, 'item/commandExecution/requestApproval', { decision: 'accept' });
    assert.equal(request.params.reason, 'Needs the network to fetch deps');
    await server.waitForNotification('turn/completed');

    const strict = await startThread({ approvalPolicy: 'never', sandbox: 'workspace-write' });
    const refused = execCall('echo nope', { sandbox_permissions: 'require_escalated', justification: 'please' });
    model.enqueue({ output: [refused] }, { output: [textMessage('ok')] });
    const turn = await server.runTurn(strict, 'go');
    assert.equal(turn.status, 'completed');
    assert.match(toolOutputs(model.requests.at(-1)!.body).get(callIdOf(refused))!, /not allowed under the approval policy "never"/);
  });

  test('a patch needing approval is shown before anything is written; decline leaves the disk untouched', async (t) => {
    writeFileSync(join(workspace, 'app.txt'), 'alpha\nbeta\ngamma\n');
    const threadId = await startThread({ approvalPolicy: 'on-request', sandbox: 'read-only' });
    const patch = '*** Begin Patch\n*** Update File: app.txt\n@@\n alpha\n-beta\n+BETA\n gamma\n*** Add File: new.txt\n+fresh\n*** End Patch';
    const declined = patchCall(patch);
    const accepted = patchCall(patch);
    model.enqueue({ output: [declined] }, { output: [accepted] }, { output: [textMessage('patched')] });
    await server.call('turn/start', { threadId, input: [{ type: 'text', text: 'patch it' }] });

    const first = await answerApproval(server, 'item/fileChange/requestApproval', { decision: 'decline' });
    assert.equal(first.params.itemId, callIdOf(declined));
    const startedItem = server.notifications('item/started').find((message) => message.params.item.id === callIdOf(declined))!.params.item;
    assert.deepEqual(startedItem.changes.map((change: any) => [change.path, change.kind.type]), [
      [join(workspace, 'app.txt'), 'update'],
      [join(workspace, 'new.txt'), 'add'],
    ]);
    assert.match(startedItem.changes[0].diff, /-beta\n\+BETA/);
    assert.equal(readFileSync(join(workspace, 'app.txt'), 'utf8'), 'alpha\nbeta\ngamma\n');
    assert.equal(existsSync(join(workspace, 'new.txt')), false);

    await answerApproval(server, 'item/fileChange/requestApproval', { decision: 'accept' });
    await server.waitForNotification('turn/completed');
    assert.equal(readFileSync(join(workspace, 'app.txt'), 'utf8'), 'alpha\nBETA\ngamma\n');
    assert.equal(readFileSync(join(workspace, 'new.txt'), 'utf8'), 'fresh\n');
    const diff = await server.waitForNotification('turn/diff/updated');
    assert.match(diff.params.diff, /diff --git a\/app.txt b\/app.txt/);
    assert.match(diff.params.diff, /\+\+\+ b\/new.txt/);
    const outputs = toolOutputs(model.requests.at(-1)!.body);
    assert.match(outputs.get(callIdOf(declined))!, /declined/);
    assert.match(outputs.get(callIdOf(accepted))!, /M app.txt|app.txt/);
    assertConformsToOfficialSchema(t, server);
  });

  test('a patch that does not apply is reported to the model and nothing is written', async () => {
    writeFileSync(join(workspace, 'app.txt'), 'alpha\nbeta\n');
    const threadId = await startThread({ approvalPolicy: 'never', sandbox: 'workspace-write' });
    const bad = patchCall('*** Begin Patch\n*** Add File: extra.txt\n+x\n*** Update File: app.txt\n@@\n-not there\n+replacement\n*** End Patch');
    model.enqueue({ output: [bad] }, { output: [textMessage('I will re-read the file.')] });
    const turn = await server.runTurn(threadId, 'patch');
    assert.equal(turn.status, 'completed');
    assert.match(toolOutputs(model.requests.at(-1)!.body).get(callIdOf(bad))!, /not applied[\s\S]*app.txt/);
    assert.equal(existsSync(join(workspace, 'extra.txt')), false, 'never half-applied');
    assert.equal(readFileSync(join(workspace, 'app.txt'), 'utf8'), 'alpha\nbeta\n');
  });

  test('update_plan becomes a plan item and turn/plan/updated', async (t) => {
    const threadId = await startThread();
    model.enqueue(
      { output: [planCall([{ step: 'Read the code', status: 'completed' }, { step: 'Fix the bug', status: 'in_progress' }], 'Two steps')] },
      { output: [textMessage('Working on it.')] },
    );
    await server.runTurn(threadId, 'plan it');
    const planUpdate = await server.waitForNotification('turn/plan/updated');
    assert.deepEqual(planUpdate.params.plan, [
      { step: 'Read the code', status: 'completed' },
      { step: 'Fix the bug', status: 'inProgress' },
    ]);
    const planItem = server.notifications('item/completed').find((message) => message.params.item.type === 'plan')!.params.item;
    assert.equal(planItem.text, 'Two steps\n- [x] Read the code\n- [~] Fix the bug');
    assertConformsToOfficialSchema(t, server);
  });

  test('AGENTS.md from the workspace root down to the cwd reaches the model instructions', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(workspace, '.git'));
    mkdirSync(join(workspace, 'pkg'));
    writeFileSync(join(workspace, 'AGENTS.md'), 'Root rule: use tabs.');
    writeFileSync(join(workspace, 'pkg', 'AGENTS.md'), 'Package rule: run make test.');
    const { thread } = await server.call('thread/start', { cwd: join(workspace, 'pkg') });
    model.enqueue({ output: [textMessage('ok')] });
    await server.runTurn(thread.id, 'hi');
    const instructions: string = model.requests.at(-1)!.body.instructions;
    assert.ok(instructions.indexOf('Root rule: use tabs.') < instructions.indexOf('Package rule: run make test.'));
    assert.ok(instructions.includes('You are Codex Threads'));
  });
});
