/**
 * Routes the server's approval requests to the user and their answers back.
 *
 * Each request gets a key of ours (server request ids are per connection
 * and repeat after a restart), an inline entry in the thread's panels
 * (`approval/requested`), and, unless the setting says inline-only or no
 * panel shows the thread, a modal. For a file change the proposal is
 * opened in the diff editor first. The first answer wins, from wherever it
 * comes (inline button, modal, diff editor title bar); Cancel/Escape in the
 * modal leaves the request pending inline. When the server settles it
 * first (`serverRequest/resolved` after an interrupt or another client's
 * answer, or the server going away), nothing is sent, and a modal answered
 * afterwards gets a short notice. Every settlement is posted as
 * `approval/settled`.
 *
 * Host-free: the extension injects the panels, the modal and the diff opener.
 */
import type { RequestId } from '../../server/protocol';
import type { HostToWebviewMessage } from '../../webview/protocol';
import type { AppServerConnection, IncomingServerRequest } from '../app-server/app-server-client';
import { DisposableStore, Emitter, type Disposable } from '../common/disposable';
import type { Logger } from '../common/logger';
import { APPROVAL_METHODS, isApprovalMethod, isOfferedDecision, type ApprovalMethod } from './approval-decisions';

export interface PendingApproval {
  key: string;
  method: ApprovalMethod;
  params: Record<string, unknown>;
  threadId: string;
  itemId: string;
}

export type AnswerSource = 'inline' | 'modal' | 'diffEditor';

export interface ApprovalRouterOptions {
  /** Shows a message in the panels of `threadId`; returns how many panels there are. */
  showInThread(threadId: string, message: HostToWebviewMessage): number;
  /** 'modal' also asks in a modal dialog; 'inline' only in the transcript. */
  promptStyle(method: ApprovalMethod): 'modal' | 'inline';
  /** The modal: resolves with the chosen decision, or undefined for Cancel/Escape. */
  prompt(approval: PendingApproval): Promise<unknown>;
  /** Shows a pending file change in the diff editor (before the modal). */
  openProposal(approval: PendingApproval): Promise<void>;
  /** A short notice for the user (an answer that came too late). */
  notify(message: string): void;
  logger: Logger;
}

interface Entry extends PendingApproval {
  client: AppServerConnection;
  requestId: RequestId;
  /** Settles the server request: the response's result, or undefined to send none. */
  settle(result: { decision: unknown } | undefined): void;
}

export const ALREADY_SETTLED_NOTICE =
  'Codex: that approval was already settled (the turn was interrupted or the request was answered elsewhere). Your answer was not used.';

export class ApprovalRouter implements Disposable {
  private readonly pending = new Map<string, Entry>();
  /** Keys settled without an answer of ours, to explain a late modal answer. Bounded. */
  private readonly clearedKeys = new Set<string>();
  private readonly changeEmitter = new Emitter<void>();
  /** Fires when an approval starts or stops pending (the diff editor's actions follow it). */
  readonly onDidChange = this.changeEmitter.event;
  private counter = 0;

  constructor(private readonly options: ApprovalRouterOptions) {}

  /** Answers one server's approval requests until disposed. */
  attach(client: AppServerConnection): Disposable {
    const store = new DisposableStore();
    store.add(client.handleServerRequests(APPROVAL_METHODS, (request) => this.handle(client, request)));
    store.add(
      client.onNotification((notification) => {
        if (notification.method === 'serverRequest/resolved') this.resolvedByServer(client, notification.params.requestId);
      }),
    );
    store.add(client.onDidClose(() => this.clearClient(client)));
    return store;
  }

  /** The pending approvals, oldest first. */
  get all(): PendingApproval[] {
    return [...this.pending.values()].map(({ key, method, params, threadId, itemId }) => ({ key, method, params, threadId, itemId }));
  }

  /** The pending approval of an item (a file change shown in the diff editor). */
  forItem(threadId: string, itemId: string): PendingApproval | undefined {
    return this.all.find((approval) => approval.threadId === threadId && approval.itemId === itemId);
  }

  /**
   * Answers a pending approval; the first answer wins. Returns whether this
   * answer was used. A decision the request did not offer is refused.
   */
  answer(key: string, decision: unknown, source: AnswerSource): boolean {
    const entry = this.pending.get(key);
    if (!entry) {
      if (source !== 'inline' && this.clearedKeys.has(key)) this.options.notify(ALREADY_SETTLED_NOTICE);
      this.options.logger.info(`Approval ${key}: ignoring a late ${source} answer`);
      return false;
    }
    if (!isOfferedDecision(entry.method, entry.params, decision)) {
      this.options.logger.warn(`Approval ${key}: ignoring a decision the request did not offer: ${JSON.stringify(decision)}`);
      return false;
    }
    this.options.logger.info(`Approval ${key}: ${JSON.stringify(decision)} (${source})`);
    this.finish(entry, decision);
    entry.settle({ decision });
    return true;
  }

  dispose(): void {
    for (const entry of [...this.pending.values()]) this.clear(entry);
    this.changeEmitter.dispose();
  }

  private handle(client: AppServerConnection, request: IncomingServerRequest): Promise<unknown> {
    const params = request.params;
    if (!isApprovalMethod(request.method) || !isRecord(params) || typeof params.threadId !== 'string' || typeof params.itemId !== 'string') {
      // An error answer counts as a decline on the server: better than a turn waiting forever.
      return Promise.reject(new Error(`Malformed ${request.method} request`));
    }
    return new Promise((resolve) => {
      const entry: Entry = {
        key: `approval-${++this.counter}`,
        method: request.method as ApprovalMethod,
        params,
        threadId: params.threadId as string,
        itemId: params.itemId as string,
        client,
        requestId: request.id,
        settle: resolve,
      };
      this.pending.set(entry.key, entry);
      const panels = this.options.showInThread(entry.threadId, {
        type: 'approval/requested',
        approvalKey: entry.key,
        method: entry.method,
        params,
      });
      this.changeEmitter.fire();
      // With no panel on the thread the modal is the only place to answer, whatever the setting.
      const modal = this.options.promptStyle(entry.method) === 'modal' || panels === 0;
      void this.present(entry, modal);
    });
  }

  private async present(entry: Entry, modal: boolean): Promise<void> {
    if (entry.method === 'item/fileChange/requestApproval') {
      await this.options.openProposal(entry).catch((error: Error) => this.options.logger.warn(`Could not open the proposal: ${error.message}`));
    }
    if (!modal || !this.pending.has(entry.key)) return;
    let decision: unknown;
    try {
      decision = await this.options.prompt(entry);
    } catch (error) {
      this.options.logger.warn(`The approval dialog failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    // Cancel or Escape: the request stays pending in the transcript and the diff editor.
    if (decision !== undefined) this.answer(entry.key, decision, 'modal');
  }

  private resolvedByServer(client: AppServerConnection, requestId: RequestId): void {
    const entry = [...this.pending.values()].find((candidate) => candidate.client === client && candidate.requestId === requestId);
    if (entry) this.clear(entry);
  }

  private clearClient(client: AppServerConnection): void {
    for (const entry of [...this.pending.values()]) if (entry.client === client) this.clear(entry);
  }

  /** Settled without an answer of ours: send nothing, remember it for late answers. */
  private clear(entry: Entry): void {
    this.options.logger.info(`Approval ${entry.key}: settled by the server`);
    this.clearedKeys.add(entry.key);
    if (this.clearedKeys.size > 200) this.clearedKeys.delete(this.clearedKeys.values().next().value as string);
    this.finish(entry, null);
    entry.settle(undefined);
  }

  private finish(entry: Entry, decision: unknown): void {
    this.pending.delete(entry.key);
    this.options.showInThread(entry.threadId, { type: 'approval/settled', approvalKey: entry.key, decision });
    this.changeEmitter.fire();
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
