/**
 * Extension-host tests: loaded by VS Code (code-server) as the
 * `extensionTestsPath` module, next to our extension in development mode.
 * It runs against the real `vscode` API and reports each result as a log
 * line `[codex-e2e] {json}` that the runner (../extension.e2e.ts) reads;
 * `run()` rejecting makes the workbench exit with code 1.
 *
 * Bundled by the runner with esbuild (CommonJS, `vscode` external). No
 * mocha: a handful of sequential tests with a timeout each.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CodexThreadsApi } from '../../extension/api';

const EXTENSION_ID = 'codex-threads.codex-threads';
const BEFORE = 'alpha\nbeta\ngamma\n';
const AFTER = 'alpha\nBETA\ngamma\n';

interface HostTest {
  name: string;
  run(api: CodexThreadsApi): Promise<void>;
}

function report(entry: Record<string, unknown>): void {
  console.log(`[codex-e2e] ${JSON.stringify(entry)}`);
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function until<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const tests: HostTest[] = [
  {
    name: 'registers every contributed command',
    async run() {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert(extension, `${EXTENSION_ID} is not installed`);
      const contributed = (extension.packageJSON.contributes.commands as Array<{ command: string }>).map((entry) => entry.command);
      const registered = new Set(await vscode.commands.getCommands(true));
      const missing = contributed.filter((command) => !registered.has(command));
      assert(missing.length === 0, `not registered: ${missing.join(', ')}`);
    },
  },
  {
    name: 'streams a thread started against the scripted model into the panel',
    async run(api) {
      await api.sendPrompt('Say hello');
      await until(() => api.status?.phase === 'idle' && api.status.totalTokens !== null, 'the turn to end');
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert(tab?.input instanceof vscode.TabInputWebview, 'the chat tab is active');
      report({ serverPids: api.serverProcessIds });
    },
  },
  {
    name: 'vscode.diff opens a TabInputTextDiff with the proposed content before the file changes on disk',
    async run(api) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert(folder, 'a workspace folder is open');
      const file = join(folder, 'app.txt');
      await writeFile(file, BEFORE);
      await api.sendPrompt('Capitalise beta in app.txt');
      const tab = await until(
        () =>
          vscode.window.tabGroups.all
            .flatMap((group) => group.tabs)
            .find((candidate) => candidate.input instanceof vscode.TabInputTextDiff && candidate.input.modified.scheme === 'codex-threads-diff'),
        'the diff tab',
      );
      const input = tab.input as vscode.TabInputTextDiff;
      const proposed = (await vscode.workspace.openTextDocument(input.modified)).getText();
      const original = (await vscode.workspace.openTextDocument(input.original)).getText();
      assert(proposed === AFTER, `proposed: ${JSON.stringify(proposed)}`);
      assert(original === BEFORE, `original: ${JSON.stringify(original)}`);
      assert((await readFile(file, 'utf8')) === BEFORE, 'nothing is written before the approval');
      assert(tab.label === 'Codex: app.txt (proposed)', `tab label: ${tab.label}`);
      const focused = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert(focused?.input instanceof vscode.TabInputWebview, 'opening the diff did not take focus from the chat tab');
      assert(api.status?.phase === 'waitingForApproval', `phase: ${api.status?.phase}`);

      await vscode.commands.executeCommand('codexThreads.approveChange', input.modified);
      await until(async () => (await readFile(file, 'utf8')) === AFTER, 'the approved change on disk');
      await until(() => api.status?.phase === 'idle', 'the turn to end');
    },
  },
];

export async function run(): Promise<void> {
  // A restarted extension host runs the tests again: only the first run counts.
  const marker = process.env.CODEX_THREADS_E2E_STATE && join(process.env.CODEX_THREADS_E2E_STATE, 'host-suite-ran');
  if (marker && existsSync(marker)) {
    report({ rerun: true });
    return;
  }
  if (marker) await writeFile(marker, String(process.pid));
  const extension = vscode.extensions.getExtension<CodexThreadsApi>(EXTENSION_ID);
  const api = await extension?.activate();
  let failures = 0;
  for (const test of tests) {
    const started = Date.now();
    try {
      assert(api, `${EXTENSION_ID} did not activate`);
      await Promise.race([
        test.run(api),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 60 s')), 60_000)),
      ]);
      report({ test: test.name, ok: true, ms: Date.now() - started });
    } catch (error) {
      failures += 1;
      report({ test: test.name, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) });
    }
  }
  await outsideChecked();
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}

/**
 * Waits (≤ 30 s) until the outside (extension.e2e.ts) has checked the webview and written
 * `outside-done`: VS Code 1.139 ends the extension host, and so its webviews, as soon as run() settles.
 */
async function outsideChecked(): Promise<void> {
  const state = process.env.CODEX_THREADS_E2E_STATE;
  if (!state) return;
  const deadline = Date.now() + 30_000;
  while (!existsSync(join(state, 'outside-done')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}
