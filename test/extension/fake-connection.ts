/**
 * Plays one App Server for host-side units: records requests and answers
 * them from `answers` (a value or a function of the params), fires
 * notifications, and sends server requests to the registered handler,
 * keeping what the handler answered.
 */
import type { AppServerConnection, IncomingServerRequest, ServerRequestHandler } from '../../extension/app-server/app-server-client';
import { Emitter, type Disposable } from '../../extension/common/disposable';
import type { ClientRequestMethod, RequestParams, RequestResult, ServerNotification, Thread, Turn } from '../../server/protocol';

export type Call = { method: ClientRequestMethod; params: unknown };
type Answer = unknown | ((params: any) => unknown);

export class FakeConnection implements AppServerConnection {
  readonly calls: Call[] = [];
  readonly notifications = new Emitter<ServerNotification>();
  readonly closes = new Emitter<Error>();
  answers: { [K in ClientRequestMethod]?: Answer } = {};
  /** Fails the next request of that method with this error. */
  failures: { [K in ClientRequestMethod]?: Error } = {};
  private handler: { methods: readonly string[]; handler: ServerRequestHandler } | undefined;

  async request<M extends ClientRequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    this.calls.push({ method, params });
    const failure = this.failures[method];
    if (failure) {
      delete this.failures[method];
      throw failure;
    }
    const answer = this.answers[method];
    return (typeof answer === 'function' ? answer(params) : answer) as RequestResult<M>;
  }

  onNotification(listener: (notification: ServerNotification) => void): Disposable {
    return this.notifications.event(listener);
  }

  onDidClose(listener: (reason: Error) => void): Disposable {
    return this.closes.event(listener);
  }

  handleServerRequests(methods: readonly string[], handler: ServerRequestHandler): Disposable {
    const registration = { methods, handler };
    this.handler = registration;
    return { dispose: () => void (this.handler === registration && (this.handler = undefined)) };
  }

  /** Sends a server request; resolves with what the client would answer (`undefined`: no answer). */
  serverRequest(request: IncomingServerRequest): Promise<unknown> {
    if (!this.handler?.methods.includes(request.method)) return Promise.resolve({ error: 'unsupported' });
    return this.handler.handler(request);
  }

  fire(notification: ServerNotification): void {
    this.notifications.fire(notification);
  }

  methods(): ClientRequestMethod[] {
    return this.calls.map((call) => call.method);
  }
}

export function fakeThread(id: string, extra: Partial<Thread> = {}): Thread {
  return { id, cwd: '/work', name: null, preview: '', status: { type: 'idle' }, turns: [], ...extra } as Thread;
}

export function fakeTurn(id: string, status: Turn['status']): Turn {
  return { id, items: [], status, error: null, startedAt: null, completedAt: null, durationMs: null };
}

/** A connection that behaves like a server with one thread `thr-1` whose turns are `turn-1`, `turn-2`… */
export function threadServer(): FakeConnection {
  const connection = new FakeConnection();
  let turns = 0;
  connection.answers = {
    'thread/start': { thread: fakeThread('thr-1'), model: 'mock-model' },
    'thread/resume': (params: { threadId: string }) => ({ thread: fakeThread(params.threadId), model: 'mock-model' }),
    'turn/start': () => ({ turn: fakeTurn(`turn-${++turns}`, 'inProgress') }),
    'turn/steer': (params: { expectedTurnId: string }) => ({ turnId: params.expectedTurnId }),
    'turn/interrupt': {},
    'thread/unsubscribe': { status: 'unsubscribed' },
  };
  return connection;
}

export const turnStarted = (turnId: string, threadId = 'thr-1'): ServerNotification => ({
  method: 'turn/started',
  params: { threadId, turn: fakeTurn(turnId, 'inProgress') },
});

export const turnCompleted = (turnId: string, status: Turn['status'] = 'completed', threadId = 'thr-1'): ServerNotification => ({
  method: 'turn/completed',
  params: { threadId, turn: fakeTurn(turnId, status) },
});
