/**
 * The status bar item: the current chat tab's thread state (working,
 * waiting for approval…) and its token count; a click focuses that tab.
 * Hidden while no chat tab is open.
 */
import * as vscode from 'vscode';
import type { SessionStatus } from '../chat/thread-session';

export const FOCUS_PANEL_COMMAND = 'codexThreads.focusPanel';

export interface StatusPresentation {
  text: string;
  tooltip: string;
  /** A theme colour id for the background (warnings only). */
  background?: string;
}

export function presentStatus(status: SessionStatus): StatusPresentation {
  const tokens = status.totalTokens === null ? '' : ` · ${formatTokens(status.totalTokens)}`;
  const context =
    status.totalTokens !== null && status.contextWindow
      ? `\n${formatTokens(status.totalTokens)} of a ${formatTokens(status.contextWindow)} context window used`
      : '';
  const title = status.title ? `\n${status.title}` : '';
  switch (status.phase) {
    case 'starting':
      return { text: '$(loading~spin) Codex', tooltip: `Codex: starting the thread${title}` };
    case 'idle':
      return { text: `$(comment-discussion) Codex${tokens}`, tooltip: `Codex: ready${title}${context}` };
    case 'working':
      return { text: `$(loading~spin) Codex: working${tokens}`, tooltip: `Codex is working${title}${context}` };
    case 'waitingForApproval':
      return {
        text: `$(bell-dot) Codex: approval needed${tokens}`,
        tooltip: `Codex is waiting for your approval${title}`,
        background: 'statusBarItem.warningBackground',
      };
    case 'reconnecting':
      return { text: '$(sync~spin) Codex: restarting', tooltip: 'The Codex server stopped; restarting it' };
    case 'failed':
      return { text: '$(error) Codex', tooltip: 'Codex could not start the thread (see the chat tab)', background: 'statusBarItem.errorBackground' };
    case 'closed':
      return { text: '$(debug-disconnect) Codex: ended', tooltip: `This thread has ended${title}` };
  }
}

/** 950 → "950 tokens", 12_345 → "12.3k tokens", 1_200_000 → "1.2M tokens". */
export function formatTokens(count: number): string {
  if (count < 1000) return `${count} tokens`;
  if (count < 1_000_000) return `${trim(count / 1000)}k tokens`;
  return `${trim(count / 1_000_000)}M tokens`;
}

function trim(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, '');
}

export class ThreadStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('codexThreads.status', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'Codex';
    this.item.command = FOCUS_PANEL_COMMAND;
  }

  /** Shows the state of the current tab's thread; undefined hides the item. */
  update(status: SessionStatus | undefined): void {
    if (!status) {
      this.item.hide();
      return;
    }
    const presentation = presentStatus(status);
    this.item.text = presentation.text;
    this.item.tooltip = presentation.tooltip;
    this.item.accessibilityInformation = { label: presentation.tooltip.split('\n')[0] };
    this.item.backgroundColor = presentation.background ? new vscode.ThemeColor(presentation.background) : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
