/**
 * The chat tabs of the window: opening (one tab per thread: opening a
 * thread that has a tab reveals it), restoring after a window reload, the
 * lookup by thread (approvals go to the thread's tabs), and the current tab
 * (the last active one; the status bar and the interrupt command follow it).
 *
 * Restore: VS Code hands back each panel with the state its webview saved
 * (`setState`); the webview keeps `threadId` there. As a fallback for a
 * webview that did not, the ids of the open threads are also kept in
 * `workspaceState`, and a panel without one claims the next of them.
 */
import * as vscode from 'vscode';
import type { HostToWebviewMessage } from '../../webview/protocol';
import { DisposableStore } from '../common/disposable';
import { CHAT_VIEW_TYPE, ChatPanel, type ChatServices, type ChatTarget } from './chat-panel';

export const OPEN_THREADS_KEY = 'codexThreads.openThreadPanels';

export class ChatPanels implements vscode.Disposable {
  private readonly panels = new Set<ChatPanel>();
  private readonly disposables = new DisposableStore();
  private readonly currentEmitter = new vscode.EventEmitter<ChatPanel | undefined>();
  /** The current tab changed, or its thread's state did. */
  readonly onDidChangeCurrent = this.currentEmitter.event;
  private currentPanel: ChatPanel | undefined;
  private disposing = false;
  /** Thread ids of the last session not yet claimed by a restored panel. */
  private unclaimed: string[];

  constructor(
    private readonly services: ChatServices,
    private readonly memento: vscode.Memento,
    private readonly defaultFolder: () => string,
  ) {
    this.disposables.add(this.currentEmitter);
    this.unclaimed = stringArray(memento.get(OPEN_THREADS_KEY));
  }

  get current(): ChatPanel | undefined {
    return this.currentPanel;
  }

  get all(): ChatPanel[] {
    return [...this.panels];
  }

  /** Opens a tab on a new thread, or on a known one (revealing its tab when it has one). */
  open(target: ChatTarget): ChatPanel {
    if ('threadId' in target) {
      const existing = this.forThread(target.threadId)[0];
      if (existing) {
        existing.reveal();
        return existing;
      }
    }
    return this.adopt(ChatPanel.create(this.services, target));
  }

  forThread(threadId: string): ChatPanel[] {
    return this.all.filter((panel) => panel.session.threadId === threadId);
  }

  /** Shows a message in every tab of the thread; returns how many there are. */
  showInThread(threadId: string, message: HostToWebviewMessage): number {
    const panels = this.forThread(threadId);
    for (const panel of panels) panel.show(message);
    return panels.length;
  }

  /** Focuses the chat tab a `vscode.Tab` stands for; false when it is not one of ours. */
  refocus(tab: vscode.Tab): boolean {
    const panel = this.all.find((candidate) => candidate.panel.title === tab.label && candidate.panel.viewColumn === tab.group.viewColumn);
    panel?.reveal(false);
    return panel !== undefined;
  }

  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(CHAT_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        const saved = (state as { threadId?: unknown } | undefined)?.threadId;
        const threadId = typeof saved === 'string' && saved ? saved : this.unclaimed.shift();
        if (threadId) this.unclaimed = this.unclaimed.filter((id) => id !== threadId);
        this.adopt(ChatPanel.restore(this.services, panel, threadId, this.defaultFolder()));
      },
    });
  }

  serverSettingsChanged(): void {
    for (const panel of this.panels) panel.serverSettingsChanged();
  }

  dispose(): void {
    // Deactivation (window reload, extension host restart): keep the tabs and the record of
    // their threads, so the serializer revives them on their threads.
    this.disposing = true;
    for (const panel of [...this.panels]) panel.dispose(false);
    this.panels.clear();
    this.disposables.dispose();
  }

  private adopt(panel: ChatPanel): ChatPanel {
    this.panels.add(panel);
    this.currentPanel = panel;
    const listeners = new DisposableStore();
    listeners.add(
      panel.onDidFocus(() => {
        this.currentPanel = panel;
        this.currentEmitter.fire(panel);
      }),
    );
    listeners.add(
      panel.onDidChangeStatus(() => {
        this.remember();
        if (this.currentPanel === panel) this.currentEmitter.fire(panel);
      }),
    );
    listeners.add(
      panel.onDidDispose(() => {
        listeners.dispose();
        this.panels.delete(panel);
        if (this.disposing) return;
        if (this.currentPanel === panel) this.currentPanel = this.all.at(-1);
        this.currentEmitter.fire(this.currentPanel);
        this.remember();
      }),
    );
    this.currentEmitter.fire(panel);
    return panel;
  }

  private remember(): void {
    if (this.disposing) return;
    const ids = [...new Set(this.all.flatMap((panel) => (panel.session.threadId ? [panel.session.threadId] : [])))];
    void this.memento.update(OPEN_THREADS_KEY, ids);
  }
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}
