/**
 * The webview's side of the host channel: typed `postMessage`, the `ready`
 * handshake, request/response pairing by `requestId`, and VS Code's
 * per-webview state (`getState`/`setState`, which survives the webview being
 * hidden and re-created).
 */
import type { HostToWebviewMessage, WebviewToHostMessage } from './protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

type RequestMessage = Extract<WebviewToHostMessage, { requestId: string }>;
type PlainMessage = Exclude<WebviewToHostMessage, { requestId: string }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A request as the caller writes it: the host channel assigns the id. */
export type HostRequest = DistributiveOmit<RequestMessage, 'requestId'>;
/** Messages the view handles; responses are consumed here. */
export type HostEvent = Exclude<HostToWebviewMessage, { type: 'response' }>;

export class HostChannel<State> {
  // acquireVsCodeApi may be called only once per webview load.
  private readonly api = acquireVsCodeApi();
  private readonly pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  private nextRequest = 1;

  constructor(private readonly onEvent: (event: HostEvent) => void) {
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  /** Tells the host we are listening; it posts nothing before this (and replays history after). */
  ready(): void {
    this.post({ type: 'ready' });
  }

  post(message: PlainMessage): void {
    this.api.postMessage(message);
  }

  /** Sends a request; settles when the host's `response` arrives (rejects with its error message). */
  request(message: HostRequest): Promise<void> {
    const requestId = `r${this.nextRequest++}`;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.api.postMessage({ ...message, requestId } satisfies RequestMessage);
    });
  }

  /**
   * Posts a request whose answer is its own message type (`files/search` →
   * `files/searchResult` with the same `requestId`) rather than a `response`;
   * returns the id so the caller can match the answer (a `response`, if the
   * host sends one too, is ignored).
   */
  query(message: Extract<HostRequest, { type: 'files/search' }>): string {
    const requestId = `r${this.nextRequest++}`;
    this.api.postMessage({ ...message, requestId } satisfies RequestMessage);
    return requestId;
  }

  getState(): Partial<State> {
    const state = this.api.getState();
    return typeof state === 'object' && state !== null ? (state as Partial<State>) : {};
  }

  setState(state: State): void {
    this.api.setState(state);
  }

  private receive(data: unknown): void {
    if (!isHostMessage(data)) return;
    if (data.type === 'response') {
      const waiter = this.pending.get(data.requestId);
      this.pending.delete(data.requestId);
      if (data.error) waiter?.reject(new Error(data.error.message));
      else waiter?.resolve();
      return;
    }
    this.onEvent(data);
  }
}

/** A cheap shape check: the host is trusted, but other frames could post to us. */
function isHostMessage(data: unknown): data is HostToWebviewMessage {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string';
}
