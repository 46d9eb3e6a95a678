/**
 * The extension in a real VS Code: code-server 4.139.1 (VS Code 1.139.1;
 * CODEX_THREADS_E2E_VSCODE=1.100 for 4.100.3, our minimum engine) with our extension in development mode, driven by
 * headless Chromium. The extension-host suite (host-suite/index.ts) runs
 * inside VS Code against the real API; this file starts everything, plays
 * the model (the scripted mock on loopback), reads the suite's results, and
 * checks what only the outside can see: the streamed text in the chat
 * webview, and that our server child is gone once the extension was
 * deactivated (the workbench deactivates extensions when the suite ends).
 * Needs `npm run build` and e2e/setup.sh (`npm run e2e` does both).
 * E2E_DEBUG=1 prints the workbench's log; E2E_KEEP=1 keeps the run folder
 * (code-server's logs, the Codex output channel); a failure also leaves a
 * screenshot in e2e/.cache/failure.png.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { startMockModel, textMessage, type MockModel } from '../test/support/mock-model';
import { patchCall } from '../test/support/tool-calls';
import { startCodeServer, type CodeServer } from './code-server';
import { install } from './install';
import { openWorkbench, webviewFrame, type Workbench } from './workbench';

const REPO = resolve(__dirname, '..');
const GREETING = 'Hello from the scripted model';

interface HostResult {
  test?: string;
  ok?: boolean;
  error?: string;
  serverPids?: number[];
}

describe('the extension in code-server', { timeout: 300_000 }, () => {
  let run: string;
  let model: MockModel;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let exitCode: number;
  let results: HostResult[] = [];
  let version = '';
  /** Whether the greeting showed in the chat webview while the suite ran (VS Code 1.139 ends the extension host, and so its webviews, once the suite's run() settles). */
  let greetingSeen: Promise<boolean> = Promise.resolve(false);

  before(async () => {
    assert.ok(existsSync(join(REPO, 'dist/extension.js')), 'run `npm run build` first');
    const installation = install();
    const { installDir, node } = installation;
    version = installation.version;
    run = await mkdtemp(join(tmpdir(), 'codex-threads-e2e-'));
    const workspace = join(run, 'workspace');
    const state = join(run, 'state');
    await mkdir(workspace, { recursive: true });
    await mkdir(state, { recursive: true });
    const suite = join(run, 'host-suite', 'index.js');
    await esbuild.build({
      entryPoints: [join(REPO, 'e2e/host-suite/index.ts')],
      outfile: suite,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      logLevel: 'warning',
    });
    model = await startMockModel([
      { output: [textMessage(GREETING, { chunks: 6 })] },
      { output: [patchCall('*** Begin Patch\n*** Update File: app.txt\n@@\n alpha\n-beta\n+BETA\n gamma\n*** End Patch')] },
      { output: [textMessage('Capitalised.')] },
    ]);
    server = await startCodeServer({
      installDir,
      node,
      smokeTestDriver: version !== '4.100.3',
      runDir: join(run, 'code-server'),
      settings: {
        'codexThreads.baseUrl': model.baseUrl,
        'codexThreads.approvalPolicy': 'untrusted',
        'codexThreads.approvalPrompt.commands': 'inline',
        'codexThreads.approvalPrompt.fileChanges': 'inline',
      },
      env: { CODEX_THREADS_HOME: join(run, 'codex-home'), CODEX_THREADS_MODEL: 'mock-model', CODEX_THREADS_E2E_STATE: state },
    });
    workbench = await openWorkbench({ url: server.url, folder: workspace, extensionPath: REPO, testsPath: suite, home: join(run, 'chromium-home') });
    // The suite waits for `outside-done` before it ends (see host-suite/index.ts outsideChecked()).
    greetingSeen = webviewFrame(workbench.page)
      .getByText(GREETING)
      .first()
      .waitFor({ timeout: 90_000 })
      .then(
        () => true,
        () => false,
      )
      .then(async (seen) => {
        await writeFile(join(state, 'outside-done'), String(seen));
        return seen;
      });
    let timer: NodeJS.Timeout | undefined;
    exitCode = await Promise.race([
      workbench.testsExited,
      new Promise<number>((resolveTimeout) => (timer = setTimeout(() => resolveTimeout(-1), 180_000))),
    ]);
    clearTimeout(timer);
    results = workbench.logs.flatMap((line) => {
      const match = /\[codex-e2e\] (\{.*\})/.exec(line);
      return match ? [JSON.parse(match[1]) as HostResult] : [];
    });
    if (exitCode !== 0 || process.env.E2E_DEBUG) console.error(workbench.logs.slice(-80).join('\n'));
  });

  after(async () => {
    if (workbench && exitCode !== 0) await workbench.page.screenshot({ path: join(REPO, 'e2e/.cache/failure.png') }).catch(() => undefined);
    await workbench?.close();
    await server?.stop();
    await model?.close();
    if (run && !process.env.E2E_KEEP) await rm(run, { recursive: true, force: true });
    else if (run) console.error(`e2e: kept ${run}`);
  });

  const hostTest = (name: string) => {
    const result = results.find((entry) => entry.test === name);
    assert.ok(result, `the extension-host suite did not run "${name}" (exit code ${exitCode})`);
    assert.equal(result.ok, true, result.error);
  };

  it('registers every contributed command', () => hostTest('registers every contributed command'));

  it('streams a thread started against the scripted model into the chat panel', async () => {
    hostTest('streams a thread started against the scripted model into the panel');
    let timer: NodeJS.Timeout | undefined;
    const seen = await Promise.race([greetingSeen, new Promise<boolean>((resolveWait) => (timer = setTimeout(() => resolveWait(false), 15_000)))]);
    clearTimeout(timer);
    assert.ok(seen, `the chat webview did not show "${GREETING}"`);
    assert.equal(model.requests.length >= 1, true);
  });

  it('vscode.diff opens a TabInputTextDiff with the proposed content before the file changes on disk', () =>
    hostTest('vscode.diff opens a TabInputTextDiff with the proposed content before the file changes on disk'));

  it('leaves no server process once the extension is deactivated', async () => {
    // The workbench deactivates the extensions when the suite's run() settles; the extension host itself lives on.
    const pids = results.find((entry) => entry.serverPids)?.serverPids ?? [];
    assert.ok(pids.length > 0, 'the suite reported the server pid');
    const deadline = Date.now() + 15_000;
    while (pids.some(isRunning) && Date.now() < deadline) await new Promise((resolveWait) => setTimeout(resolveWait, 200));
    assert.deepEqual(pids.filter(isRunning), [], 'no server outlives deactivation');
    // VS Code 1.100 keeps the extension host after the suite, so the server was stopped by deactivate(), not
    // orphaned by its parent's exit. VS Code 1.139 terminates the extension host when the suite ends (its log:
    // "received terminate message from renderer"), so there only "no server outlives it" can be checked.
    if (version === '4.100.3') assert.ok(extensionHostPids().length > 0, 'the extension host still runs: the server was stopped, not orphaned by its parent');
  });
});

/** The code-server extension host processes (their command line says `--type=extensionHost`). */
function extensionHostPids(): number[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('--type=extensionHost') && isRunning(Number(entry)) ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

/** Alive and not a zombie (a zombie has exited; only its parent has not reaped it yet). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
