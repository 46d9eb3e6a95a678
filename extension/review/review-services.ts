/**
 * Builds the window's review services (file-change store, diff documents,
 * diff opener, approval router, diff editor actions) and owns them. The
 * chat tabs are reached through `panels`, given later: the tabs need these
 * services to exist first.
 */
import * as vscode from 'vscode';
import type { HostToWebviewMessage } from '../../webview/protocol';
import { DisposableStore } from '../common/disposable';
import { readSettings } from '../common/settings';
import { ApprovalRouter } from './approval-router';
import { promptApproval } from './approval-prompts';
import { DiffApprovalActions } from './diff-approval-actions';
import { DiffContentProvider } from './diff-content-provider';
import { DiffOpener } from './diff-opener';
import { FileChangeStore } from './file-change-store';

/** What the review services need from the chat tabs. */
export interface ReviewPanels {
  showInThread(threadId: string, message: HostToWebviewMessage): number;
  refocus(tab: vscode.Tab): boolean;
}

export class ReviewServices implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  readonly fileChanges: FileChangeStore;
  readonly diffs: DiffOpener;
  readonly approvals: ApprovalRouter;
  private panels: ReviewPanels | undefined;

  constructor(log: vscode.LogOutputChannel) {
    this.fileChanges = this.disposables.add(new FileChangeStore());
    this.disposables.add(DiffContentProvider.register(this.fileChanges));
    this.diffs = new DiffOpener(this.fileChanges, (tab) => this.panels?.refocus(tab) ?? false);
    this.approvals = this.disposables.add(
      new ApprovalRouter({
        showInThread: (threadId, message) => this.panels?.showInThread(threadId, message) ?? 0,
        promptStyle: (method) => readSettings().approvalPrompt[method === 'item/fileChange/requestApproval' ? 'fileChanges' : 'commands'],
        prompt: (approval) => promptApproval(approval, this.fileChanges.get(approval.threadId, approval.itemId)?.changes),
        openProposal: (approval) => this.diffs.open(approval.threadId, approval.itemId, { pending: true }),
        notify: (message) => void vscode.window.showInformationMessage(message),
        logger: log,
      }),
    );
    this.disposables.add(new DiffApprovalActions(this.approvals, this.diffs));
  }

  connectPanels(panels: ReviewPanels): void {
    this.panels = panels;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
