/**
 * Approval requests of one thread: sent to every subscribed client (the
 * first answer wins; the others are told `serverRequest/resolved` and close
 * their dialog), re-sent to any client that subscribes while one is pending
 * (so a reconnecting client sees it: a deliberate improvement on upstream,
 * which ties an approval to the connection that received it), and cleared
 * when the turn is interrupted. An error answer counts as a decline.
 */
import { log } from '../../common/log';
import type { RequestId } from '../../protocol';
import type { ClientConnection } from '../../rpc/client-connection';
import type { LoadedThread } from '../loaded-thread';

export type ApprovalMethod = 'item/commandExecution/requestApproval' | 'item/fileChange/requestApproval';

interface Delivery {
  id: RequestId;
  cancel: AbortController;
}

interface PendingApproval {
  method: ApprovalMethod;
  params: Record<string, unknown>;
  deliveries: Map<ClientConnection, Delivery>;
  settle(result: Record<string, unknown> | Error): void;
}

export class ApprovalAbortedError extends Error {}

export class ApprovalGate {
  private readonly pending = new Set<PendingApproval>();
  /** `serverRequest/resolved` notices held back until the interrupted turn has completed. */
  private deferred: Array<() => void> = [];

  constructor(
    private readonly thread: LoadedThread,
    private readonly onWaitingChanged: () => void,
  ) {
    thread.onSubscribed((connection) => {
      for (const approval of this.pending) this.deliver(approval, connection);
    });
  }

  get waiting(): boolean {
    return this.pending.size > 0;
  }

  /**
   * Asks the clients; resolves with the answer (`{decision: …}`), or rejects
   * with ApprovalAbortedError when `signal` aborts. `announce` starts the
   * item; upstream's order differs by kind, and `order` follows it: a command
   * shows `waitingOnApproval` first, a file change announces its item first.
   * Once answered, the thread still shows `waitingOnApproval` until the
   * caller calls `thread.emitStatus()` at the point upstream does.
   */
  ask(
    method: ApprovalMethod,
    params: Record<string, unknown>,
    signal: AbortSignal,
    announce: () => void,
    order: 'waitingFirst' | 'itemFirst' = 'waitingFirst',
  ): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new ApprovalAbortedError('interrupted'));
      const approval: PendingApproval = {
        method,
        params,
        deliveries: new Map(),
        settle: (result) => {
          if (!this.pending.delete(approval)) return;
          signal.removeEventListener('abort', onAbort);
          const aborted = result instanceof Error;
          const notices = [...approval.deliveries].map(([connection, delivery]) => () => {
            delivery.cancel.abort();
            connection.notify('serverRequest/resolved', { threadId: this.thread.id, requestId: delivery.id });
          });
          if (aborted) {
            for (const [, delivery] of approval.deliveries) delivery.cancel.abort();
            this.deferred.push(...notices);
            reject(result);
            return;
          }
          for (const notice of notices) notice();
          resolve(result);
        },
      };
      const onAbort = () => approval.settle(new ApprovalAbortedError('interrupted'));
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.add(approval);
      if (order === 'itemFirst') announce();
      this.onWaitingChanged();
      if (order === 'waitingFirst') announce();
      for (const connection of this.thread.subscribers) this.deliver(approval, connection);
    });
  }

  /** Sends the held-back `serverRequest/resolved` notices (after `turn/completed`). */
  flushDeferred(): void {
    const notices = this.deferred;
    this.deferred = [];
    for (const notice of notices) notice();
  }

  private deliver(approval: PendingApproval, connection: ClientConnection): void {
    if (approval.deliveries.has(connection) || connection.closed) return;
    const cancel = new AbortController();
    const { id, response } = connection.request(approval.method, approval.params, cancel.signal);
    approval.deliveries.set(connection, { id, cancel });
    response.then(
      (result) => approval.settle(isRecord(result) ? result : { decision: 'decline' }),
      (error: Error) => {
        if (cancel.signal.aborted) return;
        if (connection.closed) {
          // The client went away: keep waiting for another one to answer.
          approval.deliveries.delete(connection);
          log.info(`thread ${this.thread.id}: approval client left; waiting for another client to resume the thread`);
          return;
        }
        log.warn(`thread ${this.thread.id}: approval answered with an error (${error.message}); treating it as a decline`);
        approval.settle({ decision: 'decline' });
      },
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The user's reason for a decline, when their client sent one (a tolerated extra field), as a sentence for the model. */
export function declineReason(answer: Record<string, unknown>): string {
  return typeof answer.reason === 'string' && answer.reason.trim() ? ` Their reason: ${answer.reason.trim()}` : '';
}
