/**
 * One chat editor tab: a WebviewPanel, its ChatRouter and thread session.
 * The thin `vscode` adapter; the routing logic lives in ChatRouter and
 * ThreadSession. A panel is created for a new thread (in a folder), or for
 * a known thread (opened from the list, or restored after a window reload
 * by the serializer in ChatPanels).
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { Thread } from '../../server/protocol';
import type { HostCommand, HostToWebviewMessage } from '../../webview/protocol';
import type { ServerLease } from '../app-server/app-server-client';
import { DisposableStore } from '../common/disposable';
import { readSettings } from '../common/settings';
import type { ApprovalRouter } from '../review/approval-router';
import type { DiffOpener } from '../review/diff-opener';
import type { FileChangeStore } from '../review/file-change-store';
import { threadResumeOverrides, threadStartParams } from '../threads/thread-params';
import { ChatRouter } from './chat-router';
import type { WorkspaceFileSearch } from './file-search';
import type { SessionStatus, ThreadSession } from './thread-session';
import { buildUserInput } from './user-input';
import { createNonce, renderWebviewHtml } from './webview-html';

export const CHAT_VIEW_TYPE = 'codexThreads.chat';

/** The window's services a panel uses. */
export interface ChatServices {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  connect(): Promise<ServerLease>;
  reconnect(): Promise<ServerLease | undefined>;
  approvals: ApprovalRouter;
  diffs: DiffOpener;
  files: WorkspaceFileSearch;
  fileChanges: FileChangeStore;
}

/** A new thread in `cwd`, or an existing thread by id. */
export type ChatTarget = { cwd: string } | { threadId: string };

/** What each allowed webview button runs. */
const HOST_COMMANDS: Record<HostCommand, readonly [string, ...unknown[]]> = {
  setApiKey: ['codexThreads.setApiKey'],
  showLog: ['codexThreads.showLog'],
  openSettings: ['workbench.action.openSettings', 'codexThreads'],
  startThread: ['codexThreads.startThread'],
};

export class ChatPanel implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly router: ChatRouter;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  /** Fires once, when the tab is closed or the panel disposed. */
  readonly onDidDispose = this.disposeEmitter.event;
  private readonly statusEmitter = new vscode.EventEmitter<SessionStatus>();
  /** The thread's state changed (for the status bar and the tab title). */
  readonly onDidChangeStatus = this.statusEmitter.event;
  private readonly focusEmitter = new vscode.EventEmitter<void>();
  /** The tab became the active one. */
  readonly onDidFocus = this.focusEmitter.event;

  static create(services: ChatServices, target: ChatTarget): ChatPanel {
    const panel = vscode.window.createWebviewPanel(
      CHAT_VIEW_TYPE,
      'Codex',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      webviewOptions(services.extensionUri),
    );
    return new ChatPanel(panel, services, target);
  }

  /** Adopts a panel VS Code restored after a reload; without a thread id it starts a new thread. */
  static restore(services: ChatServices, panel: vscode.WebviewPanel, threadId: string | undefined, cwd: string): ChatPanel {
    panel.webview.options = webviewOptions(services.extensionUri);
    return new ChatPanel(panel, services, threadId ? { threadId } : { cwd });
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    services: ChatServices,
    target: ChatTarget,
  ) {
    panel.iconPath = vscode.Uri.joinPath(services.extensionUri, 'media', 'codex.svg');
    const newThreadCwd = 'cwd' in target ? target.cwd : undefined;
    this.router = this.disposables.add(
      new ChatRouter({
        post: (message) => void panel.webview.postMessage(message),
        session: {
          threadId: 'threadId' in target ? target.threadId : undefined,
          connect: services.connect,
          reconnect: services.reconnect,
          startParams: () => threadStartParams(readSettings(), vscode.workspace.isTrusted, newThreadCwd ?? defaultFolder()),
          resumeOverrides: () => threadResumeOverrides(vscode.workspace.isTrusted),
        },
        toInput: (text, mentions) =>
          buildUserInput(text, mentions, {
            cwd: this.router.session.cwd ?? newThreadCwd ?? defaultFolder(),
            roots: (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ name: folder.name, path: folder.uri.fsPath })),
          }),
        searchFiles: (query) => services.files.search(query),
        answerApproval: (key, decision) => void services.approvals.answer(key, decision, 'inline'),
        openDiff: (threadId, itemId) => services.diffs.open(threadId, itemId),
        onHistory: (thread: Thread) => services.fileChanges.addThread(thread),
        runCommand: (command) => {
          const [id, ...args] = HOST_COMMANDS[command];
          void vscode.commands.executeCommand(id, ...args);
        },
        logger: services.log,
      }),
    );
    this.disposables.add(this.disposeEmitter);
    this.disposables.add(this.statusEmitter);
    this.disposables.add(this.focusEmitter);
    this.disposables.add(panel.webview.onDidReceiveMessage((message: unknown) => void this.router.handleMessage(message)));
    this.disposables.add(
      panel.onDidChangeViewState(() => {
        // Without retainContextWhenHidden a hidden webview is destroyed; it says `ready` again when shown.
        if (!panel.visible) this.router.detachWebview();
        if (panel.active) this.focusEmitter.fire();
      }),
    );
    this.disposables.add(
      this.session.onDidChangeStatus((status) => {
        panel.title = status.title ? `Codex: ${shortTitle(status.title)}` : 'Codex';
        this.statusEmitter.fire(status);
      }),
    );
    this.disposables.add(panel.onDidDispose(() => this.dispose(false)));
    const webview = panel.webview;
    webview.html = renderWebviewHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(services.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(services.extensionUri, 'dist', 'webview.css')).toString(),
      nonce: createNonce(),
    });
  }

  get session(): ThreadSession {
    return this.router.session;
  }

  /** Shows a message in the transcript (approvals posted by the window's approval router). */
  show(message: HostToWebviewMessage): void {
    this.router.show(message);
  }

  /** A prompt from the host ("Ask about selection"). */
  sendPrompt(text: string): Promise<void> {
    return this.router.sendPrompt(text);
  }

  reveal(preserveFocus = false): void {
    this.panel.reveal(this.panel.viewColumn, preserveFocus);
  }

  serverSettingsChanged(): void {
    this.router.serverSettingsChanged();
  }

  /**
   * Ends the thread session. `closeTab: false` leaves the tab itself to VS
   * Code: when the extension deactivates (window reload, extension host
   * restart) the tab must stay, so the serializer can revive it.
   */
  dispose(closeTab = true): void {
    if (this.disposables.isDisposed) return;
    this.disposeEmitter.fire();
    this.disposables.dispose();
    if (closeTab) this.panel.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  const roots = [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
  return { enableScripts: true, localResourceRoots: roots, retainContextWhenHidden: false, enableCommandUris: false };
}

function defaultFolder(): string {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? homedir();
}

function shortTitle(title: string): string {
  return title.length <= 30 ? title : `${title.slice(0, 29)}…`;
}
