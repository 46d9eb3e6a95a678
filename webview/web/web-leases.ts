/**
 * The web page's `connect`/`reconnect` for ThreadSession: each lease is a
 * fresh HTTP session (HttpConnection) plus what the page attaches to every
 * connection (the approvals bridge), disposed together.
 *
 * `reconnect` runs after a session was lost (server restart, expiry, a long
 * network gap). It retries a bounded number of times, since the server may
 * still be starting; a refused token ends it at once (a retry cannot fix
 * that). ThreadSession then resumes the thread on the new session.
 */
import type { AppServerConnection, ServerLease } from '../../extension/app-server/app-server-client';
import type { Disposable } from '../../extension/common/disposable';
import type { Logger } from '../../extension/common/logger';
import { AccessError } from './access';
import { retryDelayMs } from './event-cursor';

export interface WebLeaseOptions {
  /** Opens and initializes one connection. */
  open(): Promise<AppServerConnection & Disposable>;
  /** Attaches per-connection services; what it returns is disposed with the lease. */
  onConnection(connection: AppServerConnection): Disposable;
  logger: Logger;
  /** Connection attempts of one reconnect. */
  attempts?: number;
  retryDelay?(attempt: number): number;
}

export interface WebLeases {
  connect(): Promise<ServerLease>;
  reconnect(): Promise<ServerLease | undefined>;
}

/** About 30 s of attempts at the default pacing. */
const RECONNECT_ATTEMPTS = 10;

export function createWebLeases(options: WebLeaseOptions): WebLeases {
  const connect = async (): Promise<ServerLease> => {
    const connection = await options.open();
    const attached = options.onConnection(connection);
    return {
      client: connection,
      dispose: () => {
        attached.dispose();
        connection.dispose();
      },
    };
  };

  const reconnect = async (): Promise<ServerLease | undefined> => {
    const attempts = options.attempts ?? RECONNECT_ATTEMPTS;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        return await connect();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        options.logger.warn(`Reconnect attempt ${attempt} of ${attempts} failed: ${message}`);
        if (error instanceof AccessError || attempt === attempts) return undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, (options.retryDelay ?? retryDelayMs)(attempt)));
    }
    return undefined;
  };

  return { connect, reconnect };
}
