/**
 * The web page's approvals: the server's approval requests become inline
 * approval cards (`approval/requested`), and the card's answer goes back
 * to the server as the request's result. The extension's ApprovalRouter
 * does the same plus modals and the diff editor; a page has only the card.
 *
 * Each request gets a key of ours (server request ids repeat across
 * connections). The first answer wins; when the server settles a request
 * first (`serverRequest/resolved` after an interrupt or another tab's
 * answer, or the connection going away), nothing is sent. Every
 * settlement is shown as `approval/settled`.
 */
import type { RequestId } from '../../server/protocol';
import type { AppServerConnection, IncomingServerRequest } from '../../extension/app-server/app-server-client';
import { DisposableStore, type Disposable } from '../../extension/common/disposable';
import type { Logger } from '../../extension/common/logger';
import type { HostToWebviewMessage } from '../protocol';
import { decisionOptions, type ApprovalMethod } from '../state/decisions';

export const APPROVAL_METHODS: readonly ApprovalMethod[] = ['item/commandExecution/requestApproval', 'item/fileChange/requestApproval'];

export interface WebApprovalsOptions {
  /** Shows a message in the page's transcript. */
  show(message: HostToWebviewMessage): void;
  logger: Logger;
}

interface Entry {
  key: string;
  method: ApprovalMethod;
  params: Record<string, unknown>;
  connection: AppServerConnection;
  requestId: RequestId;
  /** Settles the server request: the result to send, or undefined to send none. */
  settle(result: { decision: unknown } | undefined): void;
}

export class WebApprovals {
  private readonly pending = new Map<string, Entry>();
  private counter = 0;

  constructor(private readonly options: WebApprovalsOptions) {}

  /** Answers `connection`'s approval requests until disposed. */
  attach(connection: AppServerConnection): Disposable {
    const store = new DisposableStore();
    store.add(connection.handleServerRequests(APPROVAL_METHODS, (request) => this.handle(connection, request)));
    store.add(
      connection.onNotification((notification) => {
        if (notification.method !== 'serverRequest/resolved') return;
        const entry = [...this.pending.values()].find((candidate) => candidate.connection === connection && candidate.requestId === notification.params.requestId);
        if (entry) this.clear(entry);
      }),
    );
    store.add(connection.onDidClose(() => this.clearConnection(connection)));
    store.add({ dispose: () => this.clearConnection(connection) });
    return store;
  }

  /** An answer from a card; returns whether it was used (the request is still pending and offered it). */
  answer(key: string, decision: unknown): boolean {
    const entry = this.pending.get(key);
    if (!entry) {
      this.options.logger.info(`Approval ${key}: ignoring a late answer`);
      return false;
    }
    if (!decisionOptions(entry.method, entry.params).some((option) => sameJson(option.decision, decision))) {
      this.options.logger.warn(`Approval ${key}: ignoring a decision the request did not offer: ${JSON.stringify(decision)}`);
      return false;
    }
    this.finish(entry, decision);
    entry.settle({ decision });
    return true;
  }

  private handle(connection: AppServerConnection, request: IncomingServerRequest): Promise<unknown> {
    const params = request.params;
    if (!isRecord(params) || typeof params.threadId !== 'string' || typeof params.itemId !== 'string') {
      // An error answer counts as a decline on the server: better than a turn waiting on a card that cannot be drawn.
      return Promise.reject(new Error(`Malformed ${request.method} request`));
    }
    return new Promise((resolve) => {
      const entry: Entry = {
        key: `approval-${++this.counter}`,
        method: request.method as ApprovalMethod,
        params,
        connection,
        requestId: request.id,
        settle: resolve,
      };
      this.pending.set(entry.key, entry);
      this.options.show({ type: 'approval/requested', approvalKey: entry.key, method: entry.method, params });
    });
  }

  private clearConnection(connection: AppServerConnection): void {
    for (const entry of [...this.pending.values()]) if (entry.connection === connection) this.clear(entry);
  }

  /** Settled without an answer of ours: send nothing. */
  private clear(entry: Entry): void {
    this.finish(entry, null);
    entry.settle(undefined);
  }

  private finish(entry: Entry, decision: unknown): void {
    this.pending.delete(entry.key);
    this.options.show({ type: 'approval/settled', approvalKey: entry.key, decision });
  }
}

/** Structural equality of JSON values (decisions are plain data: strings or small objects). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
