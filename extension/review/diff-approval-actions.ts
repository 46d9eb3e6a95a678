/**
 * Approve / Reject in the diff editor's title bar, for a proposal that
 * waits for approval. The buttons (`contributes.menus."editor/title"`) show
 * while the context key `codexThreads.diffHasPendingApproval` is true; it
 * follows the active tab and the pending approvals. The commands answer the
 * approval of the item the diff shows, like the inline buttons do.
 */
import * as vscode from 'vscode';
import { DisposableStore } from '../common/disposable';
import { ALREADY_SETTLED_NOTICE, type ApprovalRouter, type PendingApproval } from './approval-router';
import type { DiffOpener } from './diff-opener';
import { DIFF_SCHEME, parseDiffQuery } from './diff-uris';

export const PENDING_DIFF_CONTEXT = 'codexThreads.diffHasPendingApproval';
export const APPROVE_CHANGE_COMMAND = 'codexThreads.approveChange';
export const REJECT_CHANGE_COMMAND = 'codexThreads.rejectChange';

export class DiffApprovalActions implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private shown: boolean | undefined;

  constructor(
    private readonly approvals: ApprovalRouter,
    private readonly opener: DiffOpener,
  ) {
    this.disposables.add(vscode.commands.registerCommand(APPROVE_CHANGE_COMMAND, (uri?: unknown) => this.decide(uri, 'accept')));
    this.disposables.add(vscode.commands.registerCommand(REJECT_CHANGE_COMMAND, (uri?: unknown) => this.decide(uri, 'decline')));
    this.disposables.add(vscode.window.tabGroups.onDidChangeTabs(() => this.update()));
    this.disposables.add(vscode.window.tabGroups.onDidChangeTabGroups(() => this.update()));
    this.disposables.add(approvals.onDidChange(() => this.update()));
    this.update();
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private decide(uri: unknown, decision: 'accept' | 'decline'): void {
    const approval = this.approvalFor(uri);
    if (!approval) {
      void vscode.window.showInformationMessage(ALREADY_SETTLED_NOTICE);
      return;
    }
    this.approvals.answer(approval.key, decision, 'diffEditor');
  }

  /** The pending approval behind the command's argument (the diff's URI), else behind the active tab. */
  private approvalFor(uri: unknown): PendingApproval | undefined {
    const item = (uri instanceof vscode.Uri && itemOfUri(uri)) || this.itemOfActiveTab();
    return item && this.approvals.forItem(item.threadId, item.itemId);
  }

  private itemOfActiveTab(): { threadId: string; itemId: string } | undefined {
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    if (!tab) return undefined;
    if (tab.input instanceof vscode.TabInputTextDiff) return itemOfUri(tab.input.modified);
    return this.opener.itemForTitle(tab.label);
  }

  private update(): void {
    const item = this.itemOfActiveTab();
    const shown = Boolean(item && this.approvals.forItem(item.threadId, item.itemId));
    if (shown === this.shown) return;
    this.shown = shown;
    void vscode.commands.executeCommand('setContext', PENDING_DIFF_CONTEXT, shown);
  }
}

function itemOfUri(uri: vscode.Uri): { threadId: string; itemId: string } | undefined {
  if (uri.scheme !== DIFF_SCHEME) return undefined;
  const ref = parseDiffQuery(uri.query);
  return ref && { threadId: ref.threadId, itemId: ref.itemId };
}
