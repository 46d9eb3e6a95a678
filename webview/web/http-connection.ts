/**
 * One App Server connection from a browser tab, over the web runtime's
 * HTTP listener: client → server messages are `POST /rpc?session=S`
 * bodies (202, no content), server → client messages arrive on the
 * session's event stream (EventStream). Implements the same
 * `AppServerConnection` the extension's stdio client does, so ChatRouter
 * and ThreadSession run unchanged in the page.
 *
 * Lifecycle: `open()` connects the stream, then `initialize` and the
 * `initialized` notification. POSTs leave one at a time, so the server
 * receives messages in the order they were sent (concurrent fetches could
 * overtake each other). When the session is lost (`onLost` of the stream,
 * or a POST answered 404 or 401), `onDidClose` fires once and every
 * pending and later request rejects with the reason. `dispose()` stops
 * without firing it; the server ends the session after its grace period.
 */
import {
  serverNotifications,
  type ClientRequestMethod,
  type RequestId,
  type RequestParams,
  type RequestResult,
  type ServerNotification,
  type ServerNotificationMethod,
} from '../../server/protocol';
import type { AppServerConnection, ClientInfo, IncomingServerRequest, ServerRequestHandler } from '../../extension/app-server/app-server-client';
import { Emitter, type Disposable } from '../../extension/common/disposable';
import type { Logger } from '../../extension/common/logger';
import { AccessError, ACCESS_HINT, checkAccess, type Fetch } from './access';
import { EventStream, type EventSourceLike } from './event-stream';
import { classifyIncoming } from './incoming-message';
import { ServerRequestSlot } from '../../extension/app-server/server-request-slot';

export interface HttpConnectionOptions {
  fetch: Fetch;
  createSource(url: string): EventSourceLike;
  logger: Logger;
  /** Stream reconnect pacing (tests shorten it). */
  retryDelay?(attempt: number): number;
}

/** An error answer of the server, with its JSON-RPC code. */
export class RpcResponseError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const SESSION_GONE = 'The Codex server restarted or forgot this page';

export class HttpConnection implements AppServerConnection, Disposable {
  private stream: EventStream | undefined;
  private nextId = 1;
  private readonly pending = new Map<RequestId, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  private readonly serverRequests = new ServerRequestSlot<IncomingServerRequest>();
  private readonly notificationEmitter = new Emitter<ServerNotification>();
  private readonly closeEmitter = new Emitter<Error>();
  private closedReason: Error | undefined;
  private sending: Promise<void> = Promise.resolve();

  private constructor(private readonly options: HttpConnectionOptions) {}

  /** Connects and initializes; rejects (AccessError when refused) if the server cannot be used. */
  static async open(options: HttpConnectionOptions, clientInfo: ClientInfo): Promise<HttpConnection> {
    const connection = new HttpConnection(options);
    connection.stream = await EventStream.open({
      path: '/events',
      createSource: options.createSource,
      checkAccess: () => checkAccess(options.fetch),
      onMessage: (data) => connection.receive(data),
      onLost: (reason) => connection.close(reason),
      retryDelay: options.retryDelay,
    });
    try {
      await connection.request('initialize', { clientInfo, capabilities: { experimentalApi: false } });
      await connection.post({ method: 'initialized' });
    } catch (error) {
      connection.dispose();
      throw error;
    }
    return connection;
  }

  async request<M extends ClientRequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    if (this.closedReason) throw this.closedReason;
    const id = this.nextId++;
    const response = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    response.catch(() => undefined); // observed below, or superseded by the POST's own failure
    try {
      await this.post({ id, method, params });
    } catch (error) {
      this.pending.delete(id);
      throw error;
    }
    return (await response) as RequestResult<M>;
  }

  onNotification(listener: (notification: ServerNotification) => void): Disposable {
    return this.notificationEmitter.event(listener);
  }

  onDidClose(listener: (reason: Error) => void): Disposable {
    return this.closeEmitter.event(listener);
  }

  handleServerRequests(methods: readonly string[], handler: ServerRequestHandler): Disposable {
    return this.serverRequests.register(methods, handler);
  }

  dispose(): void {
    this.end(this.closedReason ?? new Error('The Codex server connection was disposed'));
    this.notificationEmitter.dispose();
    this.closeEmitter.dispose();
  }

  /** Queues one message behind the ones before it; rejects when it was not delivered. */
  private post(message: object): Promise<void> {
    const sent = this.sending.then(() => this.send(message));
    this.sending = sent.catch(() => undefined);
    return sent;
  }

  private async send(message: object): Promise<void> {
    if (this.closedReason) throw this.closedReason;
    const session = encodeURIComponent(this.stream?.sessionId ?? '');
    let response: Response;
    try {
      response = await this.options.fetch(`/rpc?session=${session}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(message),
      });
    } catch {
      throw new Error('Could not reach the Codex server');
    }
    if (response.ok) return;
    if (response.status === 401 || response.status === 404) {
      const reason = response.status === 401 ? new AccessError(`The Codex server refused this page. ${ACCESS_HINT}`) : new Error(SESSION_GONE);
      this.close(reason);
      throw reason;
    }
    const detail = (await response.text().catch(() => '')).trim();
    throw new Error(`The Codex server refused the message (HTTP ${response.status}${detail ? `: ${detail}` : ''})`);
  }

  private receive(data: string): void {
    const message = classifyIncoming(data);
    switch (message.kind) {
      case 'response': {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (!waiter) return this.options.logger.warn(`Ignoring a response to unknown request ${message.id}`);
        if (message.error) waiter.reject(new RpcResponseError(message.error.code, message.error.message));
        else waiter.resolve(message.result);
        return;
      }
      case 'request':
        void this.answer(message);
        return;
      case 'notification':
        // Unknown methods are ignored, as the protocol asks (the stdio client does the same).
        if (isServerNotificationMethod(message.method)) this.notificationEmitter.fire({ method: message.method, params: message.params } as ServerNotification);
        return;
      case 'invalid':
        this.options.logger.warn(`Ignoring a server message: ${message.why}`);
    }
  }

  /** Answers a server request with its handler's result; nobody handles it → -32601, so no turn hangs on it. */
  private async answer(request: IncomingServerRequest): Promise<void> {
    const handler = this.serverRequests.handlerFor(request);
    let reply: object;
    if (!handler) {
      this.options.logger.warn(`Declining unsupported server request: ${request.method}`);
      reply = { id: request.id, error: { code: -32601, message: `unsupported: ${request.method}` } };
    } else {
      try {
        const result = await handler(request);
        if (result === undefined) return;
        reply = { id: request.id, result };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        reply = { id: request.id, error: { code: -32603, message } };
      }
    }
    if (this.closedReason) return;
    await this.post(reply).catch((error: Error) => this.options.logger.warn(`Could not answer ${request.method}: ${error.message}`));
  }

  private close(reason: Error): void {
    if (this.closedReason) return;
    this.end(reason);
    this.closeEmitter.fire(reason);
  }

  private end(reason: Error): void {
    this.closedReason ??= reason;
    this.stream?.close();
    for (const waiter of this.pending.values()) waiter.reject(this.closedReason);
    this.pending.clear();
  }
}

function isServerNotificationMethod(method: string): method is ServerNotificationMethod {
  return Object.hasOwn(serverNotifications, method);
}
