/**
 * One chat editor tab: a WebviewPanel plus its ChatRouter (one thread).
 * This is the thin `vscode` adapter; the routing logic lives in ChatRouter.
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { HostCommand } from '../../webview/protocol';
import type { ServerLease } from '../app-server/app-server-client';
import { DisposableStore } from '../common/disposable';
import { readSettings } from '../common/settings';
import { ChatRouter } from './chat-router';
import { createNonce, renderWebviewHtml } from './webview-html';

export const CHAT_VIEW_TYPE = 'codexThreads.chat';

export interface ChatPanelOptions {
  extensionUri: vscode.Uri;
  connect(): Promise<ServerLease>;
  log: vscode.LogOutputChannel;
}

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

  static open(options: ChatPanelOptions): ChatPanel {
    const roots = [vscode.Uri.joinPath(options.extensionUri, 'dist'), vscode.Uri.joinPath(options.extensionUri, 'media')];
    const panel = vscode.window.createWebviewPanel(
      CHAT_VIEW_TYPE,
      'Codex',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, localResourceRoots: roots, retainContextWhenHidden: false, enableCommandUris: false },
    );
    return new ChatPanel(panel, options);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    options: ChatPanelOptions,
  ) {
    panel.iconPath = vscode.Uri.joinPath(options.extensionUri, 'media', 'codex.svg');
    this.router = this.disposables.add(
      new ChatRouter({
        post: (message) => void panel.webview.postMessage(message),
        connect: options.connect,
        threadStartParams: () => {
          const { model } = readSettings();
          const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? homedir();
          return model ? { cwd, model } : { cwd };
        },
        runCommand: (command) => {
          const [id, ...args] = HOST_COMMANDS[command];
          void vscode.commands.executeCommand(id, ...args);
        },
        logger: options.log,
      }),
    );
    this.disposables.add(panel.webview.onDidReceiveMessage((message: unknown) => void this.router.handleMessage(message)));
    this.disposables.add(
      panel.onDidChangeViewState(() => {
        // Without retainContextWhenHidden a hidden webview is destroyed; it says `ready` again when shown.
        if (!panel.visible) this.router.detachWebview();
      }),
    );
    this.disposables.add(panel.onDidDispose(() => this.dispose()));
    const webview = panel.webview;
    webview.html = renderWebviewHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(options.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(options.extensionUri, 'dist', 'webview.css')).toString(),
      nonce: createNonce(),
    });
  }

  serverSettingsChanged(): void {
    this.router.serverSettingsChanged();
  }

  dispose(): void {
    if (this.disposables.isDisposed) return;
    this.disposables.dispose();
    this.panel.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }
}
