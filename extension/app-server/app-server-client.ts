/**
 * The typed JSON-RPC client of one App Server.
 *
 * Lifecycle: construct over a transport (a child process, or in-memory
 * streams in tests) → `initialize()` (the `initialize` request, then the
 * `initialized` notification) → `request()` / `onNotification()` →
 * `dispose()`, which shuts the transport down. When the server goes away
 * first, `onDidClose` fires once and every pending and later request rejects
 * with that reason instead of hanging. Server → client requests
 * (approvals) go to the one registered handler, in order with the
 * notifications, and its answer is written back under the request's id.
 *
 * Host-free: no `vscode` import, so it runs under plain Node in tests.
 */
import { Value } from '@sinclair/typebox/value';
import { createMessageConnection, type MessageConnection, type ResponseMessage } from 'vscode-jsonrpc/node';
import {
  ErrorCode,
  serverNotifications,
  type ClientRequestMethod,
  type RequestParams,
  type RequestResult,
  type ServerNotification,
  type ServerNotificationMethod,
} from '../../server/protocol';
import { DisposableStore, Emitter, type Disposable } from '../common/disposable';
import type { Logger } from '../common/logger';
import { JsonlMessageReader, SERVER_REQUEST_NOTIFICATION, type IncomingServerRequest } from './jsonl-message-reader';
import { JsonlMessageWriter } from './jsonl-message-writer';
import type { ServerExit, ServerTransport } from './server-process';
import { ServerRequestSlot } from './server-request-slot';

export type ClientInfo = RequestParams<'initialize'>['clientInfo'];
export type { IncomingServerRequest };

/**
 * Answers one server → client request: resolves with the `result` to send,
 * or with `undefined` to send nothing (the server cleared the request
 * meanwhile, e.g. `serverRequest/resolved` after an interrupt). A rejection
 * is sent as an error, which the server treats as a decline.
 */
export type ServerRequestHandler = (request: IncomingServerRequest) => Promise<unknown>;

export interface AppServerClientOptions {
  /**
   * Check every known notification against its schema and log mismatches.
   * Costly per delta, so tests and debugging only (STYLE §2: server →
   * extension is validated in tests/debug).
   */
  validateNotifications?: boolean;
}

/** The surface the chat router uses; fakes implement it in tests. */
export interface AppServerConnection {
  request<M extends ClientRequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>>;
  onNotification(listener: (notification: ServerNotification) => void): Disposable;
  onDidClose(listener: (reason: Error) => void): Disposable;
  /**
   * Routes server requests of `methods` (approvals) to `handler` until the
   * returned disposable is disposed. One handler at a time; other requests
   * are declined with -32601, so a turn never hangs on a request nobody sees.
   */
  handleServerRequests(methods: readonly string[], handler: ServerRequestHandler): Disposable;
}

/** A share of a running server; dispose it when the thread that holds it ends. */
export interface ServerLease extends Disposable {
  readonly client: AppServerConnection;
}

export class AppServerClient implements AppServerConnection, Disposable {
  private readonly disposables = new DisposableStore();
  private readonly connection: MessageConnection;
  private readonly writer: JsonlMessageWriter;
  private readonly serverRequests = new ServerRequestSlot<IncomingServerRequest>();
  private readonly notificationEmitter = this.disposables.add(new Emitter<ServerNotification>());
  private readonly closeEmitter = this.disposables.add(new Emitter<Error>());
  private closedReason: Error | undefined;
  /** Rejects when the server goes away; requests race against it. */
  private readonly closed: Promise<never>;
  private rejectClosed: (reason: Error) => void = () => undefined;
  private outputClosedTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly transport: ServerTransport,
    private readonly logger: Logger,
    private readonly options: AppServerClientOptions = {},
  ) {
    this.closed = new Promise<never>((_, reject) => (this.rejectClosed = reject));
    this.closed.catch(() => undefined); // observed via request(); never an unhandled rejection
    this.writer = new JsonlMessageWriter(transport.stdin);
    this.connection = createMessageConnection(
      new JsonlMessageReader(transport.stdout, logger, true),
      this.writer,
      {
        error: (message) => logger.error(message),
        warn: (message) => logger.warn(message),
        info: (message) => logger.info(message),
        log: (message) => logger.debug(message),
      },
    );
    this.connection.onNotification((method, params) => this.handleNotification(method, params));
    this.connection.onError(([error]) => logger.error(`Codex server connection: ${error.message}`));
    this.connection.onClose(() => this.outputClosed());
    this.disposables.add(transport.onDidExit((exit) => this.close(new Error(describeExit(exit)))));
    this.connection.listen();
  }

  /** The handshake: `initialize`, then the `initialized` notification. */
  async initialize(clientInfo: ClientInfo): Promise<RequestResult<'initialize'>> {
    const result = await this.request('initialize', { clientInfo, capabilities: { experimentalApi: false } });
    await this.connection.sendNotification('initialized');
    return result;
  }

  async request<M extends ClientRequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    if (this.closedReason) throw this.closedReason;
    const response = this.connection.sendRequest<RequestResult<M>>(method, params);
    return Promise.race([response, this.closed]);
  }

  onNotification(listener: (notification: ServerNotification) => void): Disposable {
    return this.notificationEmitter.event(listener);
  }

  handleServerRequests(methods: readonly string[], handler: ServerRequestHandler): Disposable {
    return this.serverRequests.register(methods, handler);
  }

  /** Fires once, when the server exits or closes its output. Not fired by `dispose()`. */
  onDidClose(listener: (reason: Error) => void): Disposable {
    return this.closeEmitter.event(listener);
  }

  /** Stops listening and shuts the server down; resolves once the process has exited. */
  async shutdown(): Promise<void> {
    clearTimeout(this.outputClosedTimer);
    if (!this.closedReason) this.closedReason = new Error('The Codex server connection was disposed');
    this.rejectClosed(this.closedReason);
    this.disposables.dispose();
    this.connection.dispose();
    await this.transport.shutdown();
  }

  dispose(): void {
    void this.shutdown();
  }

  private async answerServerRequest(request: IncomingServerRequest): Promise<void> {
    const handler = this.serverRequests.handlerFor(request);
    let response: ResponseMessage;
    if (!handler) {
      this.logger.warn(`Declining unsupported server request: ${request.method}`);
      response = errorResponse(request, ErrorCode.MethodNotFound, `unsupported: ${request.method}`);
    } else {
      try {
        const result = await handler(request);
        if (result === undefined) return;
        response = { jsonrpc: '2.0', id: request.id, result: result as ResponseMessage['result'] };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.warn(`Server request ${request.method} failed: ${message}`);
        response = errorResponse(request, ErrorCode.InternalError, message);
      }
    }
    // The server may be gone by the time the user answers; there is no one left to tell.
    if (this.closedReason) return;
    await this.writer.write(response).catch((error: Error) => this.logger.debug(`Could not answer ${request.method}: ${error.message}`));
  }

  private handleNotification(method: string, params: unknown): void {
    if (method === SERVER_REQUEST_NOTIFICATION) {
      void this.answerServerRequest(params as IncomingServerRequest);
      return;
    }
    // Unknown methods (upstream's `remoteControl/status/changed`, …) are ignored, as the protocol asks.
    if (!isServerNotificationMethod(method)) {
      this.logger.trace(`Ignoring notification ${method}`);
      return;
    }
    if (this.options.validateNotifications && !Value.Check(serverNotifications[method], params)) {
      const first = Value.Errors(serverNotifications[method], params).First();
      this.logger.error(`Invalid ${method} notification: ${first ? `${first.path} ${first.message}` : 'schema mismatch'}`);
    }
    this.notificationEmitter.fire({ method, params } as ServerNotification);
  }

  /**
   * stdout usually ends just before the exit is reported; wait a moment for
   * the exit, whose code or signal says more than "closed its output".
   */
  private outputClosed(): void {
    if (this.closedReason || this.outputClosedTimer) return;
    this.outputClosedTimer = setTimeout(() => this.close(new Error('The Codex server closed its output')), 2000);
  }

  private close(reason: Error): void {
    clearTimeout(this.outputClosedTimer);
    if (this.closedReason) return;
    this.closedReason = reason;
    this.rejectClosed(reason);
    this.closeEmitter.fire(reason);
  }
}

function errorResponse(request: IncomingServerRequest, code: number, message: string): ResponseMessage {
  return { jsonrpc: '2.0', id: request.id, error: { code, message } };
}

function isServerNotificationMethod(method: string): method is ServerNotificationMethod {
  return Object.hasOwn(serverNotifications, method);
}

function describeExit(exit: ServerExit): string {
  if (exit.signal) return `The Codex server was stopped by signal ${exit.signal}`;
  if (exit.code === null) return 'The Codex server could not be started';
  return `The Codex server exited with code ${exit.code}`;
}
