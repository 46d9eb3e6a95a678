/**
 * The webview's side of the host channel: typed `postMessage`, the `ready`
 * handshake, request/response pairing by `requestId`, and the host's
 * per-page state (`getState`/`setState`; in VS Code it survives the webview
 * being hidden and re-created).
 *
 * The host itself is injected (`HostApi`): VS Code's `acquireVsCodeApi()`
 * in the editor (webview/vscode-main.ts), the in-page host of the web
 * runtime in a browser tab (webview/web/).
 */
import type { HostToWebviewMessage, WebviewToHostMessage } from './protocol';

/** What the app needs from whatever hosts it. */
export interface HostApi {
  /** Delivers a webview → host message (asynchronously, as VS Code's `postMessage` does). */
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
  /** Registers the receiver of host → webview messages; called once, before `ready`. */
  onMessage(listener: (message: unknown) => void): void;
}

type RequestMessage = Extract<WebviewToHostMessage, { requestId: string }>;
type PlainMessage = Exclude<WebviewToHostMessage, { requestId: string }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A request as the caller writes it: the host channel assigns the id. */
export type HostRequest = DistributiveOmit<RequestMessage, 'requestId'>;
/** Messages the view handles; responses are consumed here. */
export type HostEvent = Exclude<HostToWebviewMessage, { type: 'response' }>;

export class HostChannel<State> {
  private readonly pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  private nextRequest = 1;

  constructor(
    private readonly api: HostApi,
    private readonly onEvent: (event: HostEvent) => void,
  ) {
    api.onMessage((data) => this.receive(data));
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
