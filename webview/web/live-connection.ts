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

export class LiveConnection {
  private current: AppServerConnection | undefined;

  /** Makes `connection` the one requests use, until the returned disposable (the lease's end). */
  attach(connection: AppServerConnection): Disposable {
    this.current = connection;
    return toDisposable(() => {
      // A newer lease may already have replaced it.
      if (this.current === connection) this.current = undefined;
    });
  }

  /** Rejects at once when there is no connection: the caller shows the reason and offers a retry. */
  async request<M extends ClientRequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    if (!this.current) throw new Error(NOT_CONNECTED);
    return this.current.request(method, params);
  }
}
