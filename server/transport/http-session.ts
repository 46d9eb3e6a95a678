/**
 * One browser client of the web runtime (`--listen http://`): a
 * `MessageTransport` whose incoming messages arrive as `POST /rpc` bodies
 * and whose outgoing messages leave as Server-Sent Events.
 *
 * A session outlives its event stream. Every outgoing message gets the next
 * event id and is kept in a replay buffer (bounded by bytes, oldest dropped
 * first), so a stream that reconnects with `Last-Event-ID` receives what it
 * missed and the connection (its `initialize`, subscriptions, pending
 * approvals) carries on. A stream that asks for events the buffer no longer
 * holds is refused resumption: the client starts a new session and catches
 * up from the thread's history instead. A session with no stream for
 * `graceMs` ends; the server's turns go on regardless (they belong to
 * threads, not to tabs).
 *
 * Slow readers: writes to the stream never wait; the bytes handed to it and
 * not yet flushed are watched by a `BacklogGuard`, and a stream that stays
 * too far behind is cut (the session survives, to be resumed or to expire).
 */
import { randomBytes } from 'node:crypto';
import type { MessageTransport } from './message-transport';
import { BacklogGuard, DEFAULT_OUTBOUND_LIMITS, type OutboundLimits } from './outbound-backlog';

/** Where a session's events go while a browser listens: one SSE response. */
export interface EventSink {
  /** Writes one event; resolves once it was handed to the socket. */
  write(id: number, data: string): Promise<void>;
  /** Ends the response (the client will reconnect if it still wants events). */
  end(): void;
}

export interface HttpSessionLimits {
  /** How long a session without an event stream lives on, in ms. */
  graceMs: number;
  /** Bytes of past events kept for `Last-Event-ID` resumption. */
  replayBytes: number;
  outbound: OutboundLimits;
}

export const DEFAULT_HTTP_SESSION_LIMITS: HttpSessionLimits = {
  graceMs: 5 * 60_000,
  replayBytes: 8 * 1024 * 1024,
  outbound: DEFAULT_OUTBOUND_LIMITS,
};

interface PastEvent {
  id: number;
  data: string;
}

export class HttpSession implements MessageTransport {
  /** Unguessable: it names the session in `/rpc?session=` and `/events?session=`. */
  readonly id = randomBytes(18).toString('base64url');
  private readonly messageListeners: Array<(text: string) => void> = [];
  private readonly closeListeners: Array<(reason?: string) => void> = [];
  private readonly past: PastEvent[] = [];
  private pastBytes = 0;
  private lastId = 0;
  private sink: EventSink | undefined;
  private guard: BacklogGuard | undefined;
  private unflushedBytes = 0;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(private readonly limits: HttpSessionLimits = DEFAULT_HTTP_SESSION_LIMITS) {
    this.startGrace();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Whether a stream that has seen every event up to `lastEventId` can
   * continue this session: nothing it missed has left the replay buffer,
   * and it does not claim events that never existed.
   */
  canResumeFrom(lastEventId: number): boolean {
    if (this.closed || !Number.isSafeInteger(lastEventId) || lastEventId < 0 || lastEventId > this.lastId) return false;
    if (lastEventId === this.lastId) return true;
    const oldestKept = this.past[0]?.id ?? this.lastId + 1;
    return oldestKept <= lastEventId + 1;
  }

  /**
   * Makes `sink` the session's stream (ending any previous one: a session
   * has one reader) and sends it every kept event after `lastEventId`.
   */
  attach(sink: EventSink, lastEventId: number): void {
    if (this.closed) return sink.end();
    this.detachSink();
    this.stopGrace();
    this.sink = sink;
    this.unflushedBytes = 0;
    this.guard = new BacklogGuard(this.limits.outbound, () => this.unflushedBytes, () => this.detach(sink));
    for (const event of this.past) if (event.id > lastEventId) this.deliver(event);
  }

  /** The stream `sink` ended (the tab closed, the network dropped, or it was cut). */
  detach(sink: EventSink): void {
    if (this.sink !== sink) return;
    this.detachSink();
    if (!this.closed) this.startGrace();
  }

  /** A `POST /rpc` body: one JSON-RPC message. */
  receive(text: string): void {
    if (this.closed) return;
    for (const listener of this.messageListeners) listener(text);
  }

  onMessage(listener: (text: string) => void): void {
    this.messageListeners.push(listener);
  }

  onClose(listener: (reason?: string) => void): void {
    this.closeListeners.push(listener);
  }

  send(text: string): void {
    if (this.closed) return;
    const event = { id: ++this.lastId, data: text };
    this.keep(event);
    if (this.sink) this.deliver(event);
  }

  close(reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    this.stopGrace();
    this.detachSink();
    this.past.length = 0;
    for (const listener of this.closeListeners) listener(reason);
  }

  private deliver(event: PastEvent): void {
    const sink = this.sink;
    const guard = this.guard;
    if (!sink || !guard?.admit()) return;
    const bytes = event.data.length;
    this.unflushedBytes += bytes;
    sink.write(event.id, event.data).then(
      () => {
        if (this.sink === sink) this.unflushedBytes -= bytes;
      },
      () => this.detach(sink),
    );
    guard.written();
  }

  private keep(event: PastEvent): void {
    this.past.push(event);
    this.pastBytes += event.data.length;
    // The newest event stays even when alone it is over the budget.
    while (this.pastBytes > this.limits.replayBytes && this.past.length > 1) {
      this.pastBytes -= this.past.shift()!.data.length;
    }
  }

  private detachSink(): void {
    const sink = this.sink;
    this.sink = undefined;
    this.guard?.dispose();
    this.guard = undefined;
    sink?.end();
  }

  private startGrace(): void {
    this.stopGrace();
    this.graceTimer = setTimeout(() => this.close('no event stream for too long'), this.limits.graceMs);
    this.graceTimer.unref?.();
  }

  private stopGrace(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }
}
