/**
 * What the rest of the server sees of one connected client: send it
 * notifications, ask it questions (approvals), and learn when it leaves.
 * `threads/` depends on this interface, never on the transport.
 */
import type { RequestId, SerializedNotification, ServerNotificationMethod, ServerNotificationParams } from '../protocol';

export interface ClientInfoSnapshot {
  name: string;
  title: string | null;
  version: string;
}

export interface ClientConnection {
  /** Process-unique, for logs and subscription sets. */
  readonly id: number;
  readonly clientInfo: ClientInfoSnapshot | null;
  readonly experimentalApi: boolean;
  /** Sends a notification unless the client opted out of this method. */
  notify<M extends ServerNotificationMethod>(method: M, params: ServerNotificationParams<M>): void;
  /** The same, for a notification serialized once for several connections (opt-outs still apply). */
  notifySerialized(notification: SerializedNotification): void;
  /**
   * Sends a server → client request. `response` resolves with the client's
   * result, or rejects with its error, when the connection closes, or when
   * `signal` aborts (the request is then forgotten).
   */
  request(method: string, params: unknown, signal?: AbortSignal): { id: RequestId; response: Promise<unknown> };
  onClose(listener: () => void): void;
  readonly closed: boolean;
}
