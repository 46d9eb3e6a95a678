/**
 * The typed JSON-RPC client of one App Server.
 *
 * Lifecycle: construct over a transport (a child process, or in-memory
 * streams in tests) → `initialize()` (the `initialize` request, then the
 * `initialized` notification) → `request()` / `onNotification()` →
 * `dispose()`, which shuts the transport down. When the server goes away
 * first, `onDidClose` fires once and every pending and later request rejects
 * with that reason instead of hanging.
 *
 * Host-free: no `vscode` import, so it runs under plain Node in tests.
 */
import { Value } from '@sinclair/typebox/value';
import { createMessageConnection, ResponseError, type MessageConnection } from 'vscode-jsonrpc/node';
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
import { JsonlMessageReader } from './jsonl-message-reader';
import { JsonlMessageWriter } from './jsonl-message-writer';
import type { ServerExit, ServerTransport } from './server-process';

export type ClientInfo = RequestParams<'initialize'>['clientInfo'];

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
}

/** A share of a running server; dispose it when the thread that holds it ends. */
export interface ServerLease extends Disposable {
  readonly client: AppServerConnection;
}

export class AppServerClient implements AppServerConnection, Disposable {
  private readonly disposables = new DisposableStore();
  private readonly connection: MessageConnection;
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
    this.connection = createMessageConnection(
      new JsonlMessageReader(transport.stdout, logger),
      new JsonlMessageWriter(transport.stdin),
      {
        error: (message) => logger.error(message),
        warn: (message) => logger.warn(message),
        info: (message) => logger.info(message),
        log: (message) => logger.debug(message),
      },
    );
    this.connection.onNotification((method, params) => this.handleNotification(method, params));
    // Approvals and other server requests arrive in later issues; until then say so rather than hang the turn.
    this.connection.onRequest((method) => {
      logger.warn(`Declining unsupported server request: ${method}`);
      return new ResponseError(ErrorCode.MethodNotFound, `unsupported: ${method}`);
    });
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

  private handleNotification(method: string, params: unknown): void {
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

function isServerNotificationMethod(method: string): method is ServerNotificationMethod {
  return Object.hasOwn(serverNotifications, method);
}

function describeExit(exit: ServerExit): string {
  if (exit.signal) return `The Codex server was stopped by signal ${exit.signal}`;
  if (exit.code === null) return 'The Codex server could not be started';
  return `The Codex server exited with code ${exit.code}`;
}
