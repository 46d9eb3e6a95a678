/**
 * A CodexWindow (the extension's services, as `activate` builds them) on
 * the fake `vscode`, spawning the REAL built server against the mock model,
 * with a temp home and workspace, and helpers to play the chat webview.
 */
import './use-fake-vscode';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { CodexWindow } from '../../extension/codex-window';
import type { ServerNotification } from '../../server/protocol';
import type { HostToWebviewMessage } from '../../webview/protocol';
import { configuration, FakeMemento, FakeSecretStorage, resetFake, Uri, webviewPanels, workspace, type FakeWebviewPanel } from './fake-vscode';
import { memoryLogger, REPO_ROOT, waitFor } from './harness';

export interface WindowFixture {
  home: string;
  workspaceDir: string;
  globalState: FakeMemento;
  workspaceState: FakeMemento;
  log: ReturnType<typeof memoryLogger>;
  open(): CodexWindow;
  remove(): Promise<void>;
}

export async function windowFixture(baseUrl: string): Promise<WindowFixture> {
  const home = await mkdtemp(join(tmpdir(), 'codex-threads-window-home-'));
  const workspaceDir = await mkdtemp(join(tmpdir(), 'codex-threads-window-ws-'));
  const globalState = new FakeMemento();
  const workspaceState = new FakeMemento();
  const log = memoryLogger();
  resetFake();
  configuration.set('codexThreads.baseUrl', baseUrl);
  workspace.workspaceFolders = [{ name: 'ws', uri: { fsPath: workspaceDir } }];
  return {
    home,
    workspaceDir,
    globalState,
    workspaceState,
    log,
    open: () =>
      new CodexWindow({
        extensionUri: Uri.file(REPO_ROOT) as unknown as vscode.Uri,
        version: '0.0.0-test',
        secrets: new FakeSecretStorage() as unknown as vscode.SecretStorage,
        globalState: globalState as unknown as vscode.Memento,
        workspaceState: workspaceState as unknown as vscode.Memento,
        log: { ...log, show: () => undefined } as unknown as vscode.LogOutputChannel,
        baseEnv: { PATH: process.env.PATH, CODEX_THREADS_HOME: home, CODEX_THREADS_MODEL: 'mock-model' },
        supervisor: { initialDelayMs: 50 },
      }),
    remove: async () => {
      await rm(home, { recursive: true, force: true });
      await rm(workspaceDir, { recursive: true, force: true });
    },
  };
}

/** The messages the host posted to a panel's webview. */
export function posted(panel: FakeWebviewPanel): HostToWebviewMessage[] {
  return panel.webview.posted as HostToWebviewMessage[];
}

export function notificationsOf(panel: FakeWebviewPanel, method: ServerNotification['method']): ServerNotification[] {
  return posted(panel).flatMap((message) => (message.type === 'server/notification' && message.notification.method === method ? [message.notification] : []));
}

/** Waits for a posted message matching `match`, after the first `from` messages. */
export function waitForPosted<T extends HostToWebviewMessage>(
  panel: FakeWebviewPanel,
  match: (message: HostToWebviewMessage) => message is T,
  what: string,
  from = 0,
  timeoutMs = 10_000,
): Promise<T> {
  return waitFor(() => posted(panel).slice(from).find(match), what, timeoutMs);
}

export function isType<K extends HostToWebviewMessage['type']>(type: K) {
  return (message: HostToWebviewMessage): message is Extract<HostToWebviewMessage, { type: K }> => message.type === type;
}

export function isNotification(method: ServerNotification['method']) {
  return (message: HostToWebviewMessage): message is Extract<HostToWebviewMessage, { type: 'server/notification' }> =>
    message.type === 'server/notification' && message.notification.method === method;
}

/** Opens a new-thread tab through the command and plays its webview's `ready`; resolves once the thread exists. */
export async function openThreadTab(window: CodexWindow): Promise<FakeWebviewPanel> {
  const count = webviewPanels.length;
  await window.startThread();
  const panel = webviewPanels[count];
  if (!panel) throw new Error('no panel was created');
  panel.webview.receive({ type: 'ready' });
  await waitForPosted(panel, isType('thread/opened'), 'thread/opened');
  return panel;
}

let requests = 0;
/** Plays the composer's Send; resolves with the host's answer to it. */
export function send(panel: FakeWebviewPanel, text: string, extra: object = {}): Promise<HostToWebviewMessage> {
  const requestId = `send-${++requests}`;
  const from = posted(panel).length;
  panel.webview.receive({ type: 'send', requestId, text, ...extra });
  return waitForPosted(panel, (message): message is HostToWebviewMessage => message.type === 'response' && message.requestId === requestId, `the answer to ${requestId}`, from);
}

/** Waits for the n-th (1-based) `turn/completed` posted to the panel. */
export function turnCompleted(panel: FakeWebviewPanel, nth: number, timeoutMs = 15_000) {
  return waitFor(() => notificationsOf(panel, 'turn/completed')[nth - 1], `turn/completed #${nth}`, timeoutMs);
}
