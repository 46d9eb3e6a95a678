/**
 * The page's stream of server messages: one EventSource at a time on
 * `/events`, reconnected by us rather than by the browser (its automatic
 * retry would reconnect without the session id, i.e. to a new session).
 *
 * Lifecycle: `open()` resolves once the first stream named its session.
 * When a stream drops, the next one asks for the same session from the
 * last event seen, after a growing pause; the server replays what was
 * missed and nothing else changes. `onLost` fires once, and the stream
 * stops, when the session cannot be continued: the server started a new
 * one instead (it restarted, or the session expired), it refused the
 * page's credentials, or it stayed unreachable for every retry.
 */
import { AccessError, ACCESS_HINT, type Access } from './access';
import { EventCursor, parseSessionAnnouncement, retryDelayMs, STREAM_RETRIES } from './event-cursor';

/** The part of EventSource the stream uses (a test double implements it). */
export interface EventSourceLike {
  addEventListener(type: 'session' | 'message' | 'error', listener: (event: Event) => void): void;
  close(): void;
}

export interface EventStreamOptions {
  /** The events endpoint, e.g. `/events`. */
  path: string;
  createSource(url: string): EventSourceLike;
  /** Asked when a stream failed before its first event: is the server refusing us? */
  checkAccess(): Promise<Access>;
  /** One server message (a JSON text), in order, each once. */
  onMessage(data: string): void;
  onLost(reason: Error): void;
  retryDelay?(attempt: number): number;
  retries?: number;
}

export class EventStream {
  private readonly cursor = new EventCursor();
  private source: EventSourceLike | undefined;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private opened: { resolve: () => void; reject: (error: Error) => void } | undefined;

  private constructor(private readonly options: EventStreamOptions) {}

  /** Opens a stream on a new session; rejects when the server cannot be reached or refuses us. */
  static open(options: EventStreamOptions): Promise<EventStream> {
    const stream = new EventStream(options);
    return new Promise<EventStream>((resolve, reject) => {
      stream.opened = { resolve: () => resolve(stream), reject };
      stream.connect();
    });
  }

  /** The server's name for this page's connection (set once open). */
  get sessionId(): string {
    return this.cursor.sessionId ?? '';
  }

  /** Stops for good; `onLost` does not fire. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.source?.close();
    this.source = undefined;
  }

  private connect(): void {
    if (this.closed) return;
    const source = this.options.createSource(this.cursor.streamUrl(this.options.path));
    this.source = source;
    let announced = false;
    source.addEventListener('session', (event) => {
      if (this.source !== source) return;
      const announcement = parseSessionAnnouncement(String((event as MessageEvent).data));
      if (!announcement) return this.lose(new Error('The Codex server sent an unexpected event stream'));
      announced = true;
      const outcome = this.cursor.announce(announcement);
      if (outcome === 'lost') return this.lose(new Error('The Codex server restarted or forgot this page'));
      this.attempt = 0;
      if (outcome === 'opened') this.opened?.resolve();
      this.opened = undefined;
    });
    source.addEventListener('message', (event) => {
      if (this.source !== source) return;
      const message = event as MessageEvent;
      if (this.cursor.accept(message.lastEventId)) this.options.onMessage(String(message.data));
    });
    source.addEventListener('error', () => {
      if (this.source !== source) return;
      source.close();
      this.source = undefined;
      void this.dropped(announced);
    });
  }

  private async dropped(announced: boolean): Promise<void> {
    // Only a stream that never got its first event may have been refused (a dropped one had been let in).
    const access = announced ? 'ok' : await this.options.checkAccess();
    if (this.closed) return;
    if (access === 'unauthorized') return this.lose(new AccessError(`The Codex server refused this page. ${ACCESS_HINT}`));
    if (this.opened) return this.lose(new Error('Could not reach the Codex server. Is it running?'));
    this.attempt++;
    if (this.attempt > (this.options.retries ?? STREAM_RETRIES)) return this.lose(new Error('Lost the connection to the Codex server'));
    this.timer = setTimeout(() => this.connect(), (this.options.retryDelay ?? retryDelayMs)(this.attempt));
  }

  private lose(reason: Error): void {
    if (this.closed) return;
    this.close();
    if (this.opened) {
      this.opened.reject(reason);
      this.opened = undefined;
      return;
    }
    this.options.onLost(reason);
  }
}
