/** The open chat tabs of the window, so window-wide events reach each of them. */
import type * as vscode from 'vscode';
import { ChatPanel, type ChatPanelOptions } from './chat-panel';

export class ChatPanels implements vscode.Disposable {
  private readonly panels = new Set<ChatPanel>();

  constructor(private readonly options: ChatPanelOptions) {}

  open(): ChatPanel {
    const panel = ChatPanel.open(this.options);
    this.panels.add(panel);
    panel.onDidDispose(() => this.panels.delete(panel));
    return panel;
  }

  serverSettingsChanged(): void {
    for (const panel of this.panels) panel.serverSettingsChanged();
  }

  dispose(): void {
    for (const panel of [...this.panels]) panel.dispose();
    this.panels.clear();
  }
}
