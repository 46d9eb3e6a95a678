/**
 * One client connection: classifies incoming JSON-RPC messages, enforces the
 * `initialize` gate, runs requests concurrently through the router, and
 * writes responses and notifications. Outgoing messages omit `"jsonrpc"`;
 * incoming ones may carry it. Notifications get `emittedAtMs`, as upstream's.
 *
 * Ordering: a handler's side-effect notifications (registered with
 * `afterResponse`) are written right after its response, never before.
 *
 * Limits: at most `maxInflight` requests run at once per connection; one
 * more is answered at once with -32001 "Server overloaded; retry later."
 * (synchronous handlers finish before the next message is read, so only
 * pending asynchronous ones count). Client notifications and responses are
 * never counted. Outgoing bytes are bounded by the transport. A result that
 * cannot be serialized becomes a -32603 error, never an exception.
 */
import { ErrorCode, RpcError, type ErrorObject, type RequestId, type SerializedNotification, type ServerNotificationMethod } from '../protocol';
import type { MessageTransport } from '../transport/message-transport';
import { log } from '../common/log';
import type { ClientConnection, ClientInfoSnapshot } from './client-connection';
import type { Router } from './router';

let nextConnectionId = 1;

/** Requests one connection may have running at once: `CODEX_THREADS_MAX_INFLIGHT`, default 256. */
export const DEFAULT_MAX_INFLIGHT = positiveInteger(process.env.CODEX_THREADS_MAX_INFLIGHT) ?? 256;

export interface ConnectionLimits {
  /** Requests running at once before new ones get -32001. */
  maxInflight?: number;
}

interface PendingServerRequest {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export interface InitializeOutcome {
  clientInfo: ClientInfoSnapshot;
  experimentalApi: boolean;
  optOutNotificationMethods: string[];
}

export class Connection implements ClientConnection {
  readonly id = nextConnectionId++;
  clientInfo: ClientInfoSnapshot | null = null;
  experimentalApi = false;
  closed = false;
  initialized = false;
  private optOut = new Set<string>();
  private nextServerRequestId = 0;
  private readonly pending = new Map<number, PendingServerRequest>();
  private readonly closeListeners: Array<() => void> = [];
  private readonly maxInflight: number;
  private inflight = 0;

  constructor(
    private readonly transport: MessageTransport,
    private readonly router: Router,
    limits: ConnectionLimits = {},
  ) {
    this.maxInflight = limits.maxInflight ?? DEFAULT_MAX_INFLIGHT;
    transport.onMessage((text) => this.receive(text));
    transport.onClose((reason) => {
      if (reason) log.warn(`connection ${this.id}: dropped: ${reason}`);
      this.handleClose();
    });
  }

  /** Called by the `initialize` handler once params are valid. */
  markInitialized(outcome: InitializeOutcome): void {
    this.initialized = true;
    this.clientInfo = outcome.clientInfo;
    this.experimentalApi = outcome.experimentalApi;
    this.optOut = new Set(outcome.optOutNotificationMethods);
  }

  notify<M extends ServerNotificationMethod>(method: M, params: unknown): void {
    if (this.closed || this.optOut.has(method)) return;
    this.write({ method, params, emittedAtMs: Date.now() });
  }

  notifySerialized(notification: SerializedNotification): void {
    if (this.closed || this.optOut.has(notification.method)) return;
    this.transport.send(notification.text);
  }

  request(method: string, params: unknown, signal?: AbortSignal): { id: RequestId; response: Promise<unknown> } {
    const id = this.nextServerRequestId++;
    if (this.closed) return { id, response: Promise.reject(new Error('connection closed')) };
    const response = new Promise<unknown>((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(id);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (result) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(result);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      this.write({ id, method, params });
    });
    return { id, response };
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  private receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (error) {
      log.warn(`connection ${this.id}: unparseable message (${(error as Error).message})`);
      this.writeError(null, { code: ErrorCode.ParseError, message: `Parse error: ${(error as Error).message}` });
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.writeError(null, { code: ErrorCode.InvalidRequest, message: 'Invalid request: expected a JSON object' });
      return;
    }
    const fields = message as Record<string, unknown>;
    const hasId = Object.hasOwn(fields, 'id');
    if (typeof fields.method === 'string') {
      if (!hasId) return this.handleNotification(fields.method);
      if (!isRequestId(fields.id)) {
        this.writeError(null, {
          code: ErrorCode.InvalidRequest,
          message: 'Invalid request: id must be a string or an integer',
        });
        return;
      }
      void this.handleRequest(fields.id, fields.method, fields.params);
      return;
    }
    if (hasId && (Object.hasOwn(fields, 'result') || Object.hasOwn(fields, 'error'))) {
      this.handleResponse(fields);
      return;
    }
    this.writeError(isRequestId(fields.id) ? fields.id : null, {
      code: ErrorCode.InvalidRequest,
      message: 'Invalid request: missing field `method`',
    });
  }

  private handleNotification(method: string): void {
    // `initialized` needs no action (requests are served as soon as the
    // `initialize` response is out); anything else, such as
    // `$/cancelRequest`, is ignored on purpose.
    if (method !== 'initialized') log.debug(`connection ${this.id}: ignored notification ${method}`);
  }

  private handleRequest(id: RequestId, method: string, params: unknown): void {
    if (method === 'initialize' && this.initialized) {
      return this.writeError(id, { code: ErrorCode.InvalidRequest, message: 'Already initialized' });
    }
    if (method !== 'initialize' && !this.initialized) {
      return this.writeError(id, { code: ErrorCode.InvalidRequest, message: 'Not initialized' });
    }
    if (this.inflight >= this.maxInflight) {
      return this.writeError(id, { code: ErrorCode.ServerOverloaded, message: 'Server overloaded; retry later.' });
    }
    const after: Array<() => void> = [];
    const context = { connection: this, afterResponse: (callback: () => void) => after.push(callback) };
    let outcome: unknown;
    try {
      outcome = this.router.dispatch(method, params, context);
    } catch (error) {
      return this.writeError(id, toErrorObject(error, method));
    }
    // Synchronous handlers answer at once, keeping responses in request order.
    if (!isThenable(outcome)) return this.respond(id, outcome, after, method);
    this.inflight++;
    const settle = (write: () => void) => {
      this.inflight--;
      try {
        write();
      } catch (error) {
        log.error(`after ${method}: ${(error as Error).stack ?? error}`);
      }
    };
    outcome.then(
      (result) => settle(() => this.respond(id, result, after, method)),
      (error: unknown) => settle(() => this.writeError(id, toErrorObject(error, method))),
    );
  }

  private respond(id: RequestId, result: unknown, after: Array<() => void>, method: string): void {
    if (!this.write({ id, result: result ?? {} })) {
      this.writeError(id, { code: ErrorCode.InternalError, message: `Request ${method} failed: its result could not be serialized` });
    }
    for (const callback of after) {
      try {
        callback();
      } catch (error) {
        log.error(`after ${method}: ${(error as Error).stack ?? error}`);
      }
    }
  }

  private handleResponse(fields: Record<string, unknown>): void {
    const pending = typeof fields.id === 'number' ? this.pending.get(fields.id) : undefined;
    if (!pending) {
      log.debug(`connection ${this.id}: response to unknown request ${JSON.stringify(fields.id)}`);
      return;
    }
    this.pending.delete(fields.id as number);
    if (Object.hasOwn(fields, 'error')) {
      const error = fields.error as Partial<ErrorObject> | null;
      pending.reject(new RpcError(Number(error?.code ?? ErrorCode.InternalError), String(error?.message ?? 'error')));
    } else {
      pending.resolve(fields.result);
    }
  }

  private handleClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [, pending] of this.pending) pending.reject(new Error('connection closed'));
    this.pending.clear();
    for (const listener of this.closeListeners.splice(0)) {
      try {
        listener();
      } catch (error) {
        log.error(`close listener: ${(error as Error).stack ?? error}`);
      }
    }
  }

  private writeError(id: RequestId | null, error: ErrorObject): void {
    this.write({ id, error });
  }

  /** Returns false only when the message could not be serialized (e.g. nested too deep). */
  private write(message: object): boolean {
    if (this.closed) return true;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      log.error(`connection ${this.id}: cannot serialize an outgoing message: ${(error as Error).message}`);
      return false;
    }
    this.transport.send(text);
    return true;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value));
}

function positiveInteger(value: string | undefined): number | undefined {
  const parsed = Number(value);
  return value && Number.isSafeInteger(parsed) && parsed > 0 ? parsed : undefined;
}

function toErrorObject(error: unknown, method: string): ErrorObject {
  if (error instanceof RpcError) return error.toErrorObject();
  log.error(`request ${method} failed: ${(error as Error)?.stack ?? error}`);
  return { code: ErrorCode.InternalError, message: `Request ${method} failed: ${(error as Error)?.message ?? error}` };
}
