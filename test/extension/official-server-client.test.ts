/**
 * The extension's server client against the OFFICIAL `codex app-server`
 * (0.169.0), as a user gets with `codexThreads.serverPath` pointing at the
 * `codex` binary: the same handshake, thread, streamed turn and approval
 * answer must work. Uses the binary the benchmarks install into
 * `bench/.official/`; skipped, with the reason, when it is absent.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { officialNativeSpec, writeOfficialConfig } from '../../bench/official-server';
import { AppServerClient } from '../../extension/app-server/app-server-client';
import { resolveServerLaunch } from '../../extension/app-server/server-launch';
import { ServerProcess } from '../../extension/app-server/server-process';
import { withTimeout } from '../../extension/common/timeout';
import type { ServerNotification } from '../../server/protocol';
import { startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { officialServerUnavailable } from '../support/official-process';
import { memoryLogger, processIsGone, waitFor } from './harness';

const unavailable = officialServerUnavailable();

describe('AppServerClient with the official codex app-server', { skip: unavailable ?? false }, () => {
  let model: MockModel;
  let codexHome: string;
  let workspace: string;

  before(async () => {
    model = await startMockModel();
    codexHome = mkdtempSync(join(tmpdir(), 'codex-official-ext-'));
    workspace = mkdtempSync(join(tmpdir(), 'codex-official-ws-'));
    writeOfficialConfig(codexHome, model.baseUrl);
  });
  after(async () => {
    await model.close();
    rmSync(codexHome, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  });

  it('initializes, starts a thread and streams a turn, then shuts down without an orphan', async () => {
    const spec = officialNativeSpec(codexHome);
    // Launched the way the extension launches a custom serverPath.
    const launch = resolveServerLaunch({
      bundledServerPath: '',
      serverPath: spec.command,
      serverArgs: spec.args,
      apiKey: undefined,
      baseUrl: '',
      execPath: process.execPath,
      baseEnv: spec.env,
    });
    const logger = memoryLogger();
    const server = new ServerProcess(launch, logger);
    const client = new AppServerClient(server, logger);
    const pid = server.pid!;
    const notifications: ServerNotification[] = [];
    client.onNotification((notification) => notifications.push(notification));
    try {
      const init = await withTimeout(client.initialize({ name: 'codex_threads_vscode', title: 'Codex Threads', version: '0.0.0-test' }), 15_000, 'initialize timed out');
      assert.equal(init.codexHome, codexHome);
      const started = await withTimeout(client.request('thread/start', { cwd: workspace }), 10_000, 'thread/start timed out');
      model.enqueue({ output: [textMessage('Hello from the official server', { chunks: 4 })] });
      const { turn } = await withTimeout(
        client.request('turn/start', { threadId: started.thread.id, input: [{ type: 'text', text: 'hi', text_elements: [] }] }),
        10_000,
        'turn/start timed out',
      );
      const completed = await waitFor(
        () => notifications.find((n) => n.method === 'turn/completed' && n.params.turn.id === turn.id),
        'turn/completed',
        15_000,
      );
      assert.equal(completed.method === 'turn/completed' && completed.params.turn.status, 'completed');
      const text = notifications.flatMap((n) => (n.method === 'item/agentMessage/delta' ? [n.params.delta] : [])).join('');
      assert.equal(text, 'Hello from the official server');
    } finally {
      await client.dispose();
    }
    await waitFor(() => processIsGone(pid) || undefined, 'the official server to exit', 10_000);
  });
});
