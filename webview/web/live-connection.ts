/**
 * The page's current server connection (the chat's lease), for requests
 * beside the chat's own: the thread picker lists threads over the session
 * the page already has, instead of opening another HTTP session (and event
 * stream) for each look at the list. Follows the leases: a reconnect
 * attaches the new connection, a lost one is detached with its lease.
 */
import type { AppServerConnection } from '../../extension/app-server/app-server-client';
import { toDisposable, type Disposable } from '../../extension/common/disposable';
import type { ClientRequestMethod, RequestParams, RequestResult } from '../../server/protocol';

export const NOT_CONNECTED = 'The page is not connected to the Codex server';

/** How long a request waits for the page's first (or next) connection before it says there is none. */
const DEFAULT_CONNECT_WAIT_MS = 10_000;

export class LiveConnection {
  private current: AppServerConnection | undefined;
  private readonly waiting = new Set<(connection: AppServerConnection) => void>();

  constructor(private readonly connectWaitMs = DEFAULT_CONNECT_WAIT_MS) {}

  /** Makes `connection` the one requests use, until the returned disposable (the lease's end). */
  attach(connection: AppServerConnection): Disposable {
    this.current = connection;
    for (const wake of [...this.waiting]) wake(connection);
    return toDisposable(() => {
      // A newer lease may already have replaced it.
      if (this.current === connection) this.current = undefined;
    });
  }

  /**
   * Sends over the current connection. Without one (the page is still
   * connecting, or reconnecting) it waits a bounded time for the next, then
   * rejects: the caller shows the reason and offers a retry.
   */
  async request<M extends ClientRequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    const connection = this.current ?? (await this.next());
    return connection.request(method, params);
  }

  private next(): Promise<AppServerConnection> {
    return new Promise((resolve, reject) => {
      const wake = (connection: AppServerConnection) => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve(connection);
      };
      const timer = setTimeout(() => {
        this.waiting.delete(wake);
        reject(new Error(NOT_CONNECTED));
      }, this.connectWaitMs);
      this.waiting.add(wake);
    });
  }
}
