/**
 * A test client of the web runtime, speaking its HTTP contract from Node:
 * messages out by `POST /rpc?session=S`, messages in from the
 * Server-Sent Events of `GET /events`. It can drop its event stream and
 * come back with `Last-Event-ID`, as a browser does after a network blip.
 */
import { DEFAULT_TIMEOUT_MS, RpcClient } from './rpc-client';

export interface SessionEvent {
  sessionId: string;
  resumed: boolean;
}

export class SseClient extends RpcClient {
  sessionId = '';
  lastEventId = 0;
  /** Every event id received, in order (to check there are neither gaps nor repeats). */
  readonly eventIds: number[] = [];
  private stream: AbortController | undefined;
  private readonly posts = new Set<Promise<unknown>>();

  private constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string>,
  ) {
    super();
  }

  /** Opens a new session. */
  static async connect(baseUrl: string, token: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<SseClient> {
    const client = new SseClient(baseUrl, { authorization: `Bearer ${token}` });
    const first = await client.openStream('', timeoutMs);
    if (first.resumed) throw new Error('a new stream claimed to resume');
    return client;
  }

  /** Drops the event stream (the session stays on the server). */
  dropStream(): void {
    this.stream?.abort();
    this.stream = undefined;
  }

  /** Opens the stream again for this session, from the last event seen; says whether the server resumed it. */
  async reconnect(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<SessionEvent> {
    this.dropStream();
    return this.openStream(`?session=${encodeURIComponent(this.sessionId)}&lastEventId=${this.lastEventId}`, timeoutMs);
  }

  protected sendText(text: string): void {
    const post = fetch(`${this.baseUrl}/rpc?session=${encodeURIComponent(this.sessionId)}`, {
      method: 'POST',
      headers: { ...this.headers, 'content-type': 'application/json' },
      body: text,
    }).then(async (response) => {
      if (response.status !== 202) throw new Error(`POST /rpc: HTTP ${response.status} ${await response.text()}`);
    });
    this.posts.add(post);
    post.catch(() => undefined).finally(() => this.posts.delete(post));
  }

  protected describeFailure(): string {
    return `session ${this.sessionId}, last event ${this.lastEventId}`;
  }

  async close(): Promise<void> {
    this.dropStream();
    await Promise.allSettled([...this.posts]);
  }

  private async openStream(query: string, timeoutMs: number): Promise<SessionEvent> {
    const controller = new AbortController();
    this.stream = controller;
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const response = await fetch(`${this.baseUrl}/events${query}`, { headers: this.headers, signal: controller.signal });
    if (response.status !== 200 || !response.body) {
      clearTimeout(timer);
      throw new Error(`GET /events: HTTP ${response.status} ${await response.text()}`);
    }
    return new Promise<SessionEvent>((resolve, reject) => {
      let settled = false;
      const onEvent = (event: { type: string; id?: string; data: string }) => {
        if (event.type === 'session') {
          const session = JSON.parse(event.data) as SessionEvent;
          this.sessionId = session.sessionId;
          if (!session.resumed) this.lastEventId = 0;
          settled = true;
          clearTimeout(timer);
          resolve(session);
          return;
        }
        if (event.id !== undefined) {
          this.lastEventId = Number(event.id);
          this.eventIds.push(this.lastEventId);
        }
        this.receive(event.data);
      };
      readEvents(response.body!, onEvent).catch((error: unknown) => {
        if (!settled) reject(error);
      });
    });
  }
}

/** Parses an SSE byte stream (UTF-8 decoded as a stream) into events. */
async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (event: { type: string; id?: string; data: string }) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  let fields: { type: string; id?: string; data: string[] } = { type: 'message', data: [] };
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (fields.data.length > 0) onEvent({ type: fields.type, id: fields.id, data: fields.data.join('\n') });
        fields = { type: 'message', data: [] };
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'data') fields.data.push(value);
        else if (name === 'event') fields.type = value;
        else if (name === 'id') fields.id = value;
      }
    }
  }
}
