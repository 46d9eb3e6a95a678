/**
 * The host of the chat app in a browser tab: the app and its host
 * (ChatRouter) live in the same page, so `postMessage` becomes a queued
 * call. Each message is copied and delivered on a microtask, as VS Code's
 * postMessage does across frames: the router keeps what it posts for
 * replay and the app's store keeps what it receives, so neither may see the
 * other's later changes, and neither side re-enters the other while it is
 * still handling a message. The app's state (its draft) lives in the tab's
 * sessionStorage, which survives a reload like VS Code's webview state.
 */
import type { HostApi } from '../host';
import type { HostToWebviewMessage } from '../protocol';

const STATE_KEY = 'codexThreads.webviewState';

export class InPageHost {
  private appListener: ((message: unknown) => void) | undefined;
  private hostListener: ((message: unknown) => void) | undefined;

  /** What the app is started with (`startApp`). */
  readonly api: HostApi;

  constructor(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined) {
    this.api = {
      postMessage: (message) => this.queue(message, () => this.hostListener),
      getState: () => readState(storage),
      setState: (state) => writeState(storage, state),
      onMessage: (listener) => (this.appListener = listener),
    };
  }

  /** Host → app (ChatRouter's `post`). */
  deliver(message: HostToWebviewMessage): void {
    this.queue(message, () => this.appListener);
  }

  /** Receives app → host messages (ChatRouter's `handleMessage`). */
  onAppMessage(listener: (message: unknown) => void): void {
    this.hostListener = listener;
  }

  private queue(message: unknown, target: () => ((message: unknown) => void) | undefined): void {
    const copy = structuredClone(message);
    queueMicrotask(() => target()?.(copy));
  }
}

function readState(storage: Pick<Storage, 'getItem'> | undefined): unknown {
  try {
    const text = storage?.getItem(STATE_KEY);
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined; // storage disabled or a corrupt entry: start without a draft
  }
}

function writeState(storage: Pick<Storage, 'setItem'> | undefined, state: unknown): void {
  try {
    storage?.setItem(STATE_KEY, JSON.stringify(state));
  } catch {
    // Storage full or disabled: the draft is simply not kept across reloads.
  }
}
