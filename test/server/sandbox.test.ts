import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { modelEnv } from '../support/scenarios';
import { startServer, type ServerProcess } from '../support/server-process';
import { callIdOf, execCall, patchCall, toolOutputs } from '../support/tool-calls';

const bwrapWorks = spawnSync('bwrap', ['--ro-bind', '/', '/', '--dev', '/dev', '--unshare-net', '--', '/bin/true']).status === 0;
const skipWithoutBwrap = bwrapWorks ? false : 'bubblewrap cannot run here (apt install bubblewrap; user namespaces must be allowed)';

describe('the OS sandbox confines commands', () => {
  let model: MockModel;
  let workspace: string;
  let outside: string;
  let listener: Server;
  let port: number;

  before(async () => {
    model = await startMockModel();
    workspace = mkdtempSync(join(tmpdir(), 'codex-threads-sandbox-ws-'));
    // Outside the workspace and outside /tmp (which workspace-write leaves writable, as upstream does).
    outside = mkdtempSync(join(process.env.HOME ?? '/root', '.codex-threads-sandbox-outside-'));
    listener = createServer((socket) => socket.end('pong\n'));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as { port: number }).port;
  });
  after(async () => {
    await model.close();
    await new Promise((resolve) => listener.close(resolve));
    rmSync(workspace, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  beforeEach(() => model.reset());

  async function runCommands(server: ServerProcess, threadParams: object, commands: string[]): Promise<Map<string, string>> {
    const { thread } = await server.call('thread/start', { cwd: workspace, approvalPolicy: 'never', ...threadParams });
    const calls = commands.map((cmd) => execCall(cmd, { login: false }));
    for (const call of calls) model.enqueue({ output: [call] });
    model.enqueue({ output: [textMessage('done')] });
    const turn = await server.runTurn(thread.id, 'run them', 15_000);
    assert.equal(turn.status, 'completed');
    const outputs = toolOutputs(model.requests.at(-1)!.body);
    return new Map(calls.map((call, index) => [commands[index], outputs.get(callIdOf(call)) ?? '']));
  }

  const network = () => `exec 3<>/dev/tcp/127.0.0.1/${port} && head -n1 <&3`;

  test('workspace-write: writes inside the workspace work; outside and the network are refused', { skip: skipWithoutBwrap }, async () => {
    const server = startServer({ env: modelEnv(model) });
    try {
      await server.initialize();
      const outputs = await runCommands(server, { sandbox: 'workspace-write' }, [
        'echo inside > inside.txt && cat inside.txt',
        `echo escaped > ${outside}/escaped.txt`,
        network(),
      ]);
      assert.equal(readFileSync(join(workspace, 'inside.txt'), 'utf8'), 'inside\n');
      assert.equal(existsSync(join(outside, 'escaped.txt')), false);
      assert.match(outputs.get(`echo escaped > ${outside}/escaped.txt`)!, /Read-only file system|Permission denied/);
      const net = outputs.get(network())!;
      assert.doesNotMatch(net, /pong/);
      assert.doesNotMatch(net, /exited with code 0/);
    } finally {
      await server.close();
    }
  });

  test('danger-full-access: the same writes and connection succeed', { skip: skipWithoutBwrap }, async () => {
    const server = startServer({ env: modelEnv(model) });
    try {
      await server.initialize();
      const outputs = await runCommands(server, { sandbox: 'danger-full-access' }, [`echo escaped > ${outside}/full.txt`, network()]);
      assert.equal(readFileSync(join(outside, 'full.txt'), 'utf8'), 'escaped\n');
      assert.match(outputs.get(network())!, /pong/);
    } finally {
      await server.close();
    }
  });

  test('read-only: nothing can be written, not even in the workspace', { skip: skipWithoutBwrap }, async () => {
    const server = startServer({ env: modelEnv(model) });
    try {
      await server.initialize();
      const outputs = await runCommands(server, { sandbox: 'read-only' }, ['echo no > readonly.txt']);
      assert.equal(existsSync(join(workspace, 'readonly.txt')), false);
      assert.match(outputs.get('echo no > readonly.txt')!, /Read-only file system|Permission denied/);
    } finally {
      await server.close();
    }
  });

  test('apply_patch refuses paths that leave the writable roots', async () => {
    const server = startServer({ env: modelEnv(model) });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', { cwd: workspace, approvalPolicy: 'never', sandbox: 'workspace-write' });
      const escape = patchCall(`*** Begin Patch\n*** Add File: ../${outside.split('/').pop()}/patched.txt\n+x\n*** End Patch`);
      const absolute = patchCall(`*** Begin Patch\n*** Add File: ${outside}/abs.txt\n+x\n*** End Patch`);
      model.enqueue({ output: [escape] }, { output: [absolute] }, { output: [textMessage('ok')] });
      await server.runTurn(thread.id, 'patch outside');
      const outputs = toolOutputs(model.requests.at(-1)!.body);
      assert.match(outputs.get(callIdOf(escape))!, /not applied/);
      assert.match(outputs.get(callIdOf(absolute))!, /not applied/);
      assert.equal(existsSync(join(outside, 'abs.txt')), false);
    } finally {
      await server.close();
    }
  });

  test('without a sandbox the thread warns and commands that are not read-only need approval', async () => {
    const server = startServer({ env: { ...modelEnv(model), CODEX_THREADS_SANDBOX: 'none' } });
    try {
      await server.initialize();
      const { thread } = await server.call('thread/start', { cwd: workspace, approvalPolicy: 'on-request', sandbox: 'workspace-write' });
      const warning = await server.waitForNotification('warning', (params) => params.threadId === thread.id);
      assert.match(warning.params.message, /cannot be sandboxed.*turned off/);
      model.enqueue({ output: [execCall('touch unconfined.txt')] }, { output: [textMessage('ok')] });
      await server.call('turn/start', { threadId: thread.id, input: [{ type: 'text', text: 'touch' }] });
      const request = await server.waitFor((message) => message.method === 'item/commandExecution/requestApproval');
      assert.match(request.params.reason, /No sandbox is available/);
      server.send({ id: request.id, result: { decision: 'decline' } });
      await server.waitForNotification('turn/completed');
      assert.equal(existsSync(join(workspace, 'unconfined.txt')), false);
    } finally {
      await server.close();
    }
  });
});
