/**
 * One WebSocket client: one JSON-RPC message per text frame, no newline
 * framing.
 *
 * Slow clients: `send` never waits, so a client that stops reading only
 * grows its own socket's buffer (`bufferedAmount`), watched by a
 * `BacklogGuard`. Past the limit the connection ends at once for the server
 * (no more frames, subscriptions dropped); the socket gets close code 1008
 * with the reason, and is destroyed if the client has not taken the close
 * frame (queued behind everything it did not read) within `CLOSE_GRACE_MS`.
 */
import type { WebSocket } from 'ws';
import type { MessageTransport } from './message-transport';
import { BacklogGuard, DEFAULT_OUTBOUND_LIMITS, type OutboundLimits } from './outbound-backlog';

/** Policy violation: the client does not read what it asked for. */
export const SLOW_CLIENT_CLOSE_CODE = 1008;
const CLOSE_GRACE_MS = 1000;
/** A close reason must fit a control frame (125 bytes, 2 of them for the code). */
const MAX_CLOSE_REASON_BYTES = 123;

export class WebSocketTransport implements MessageTransport {
  private readonly closeListeners: Array<(reason?: string) => void> = [];
  private readonly guard: BacklogGuard;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    limits: OutboundLimits = DEFAULT_OUTBOUND_LIMITS,
  ) {
    this.guard = new BacklogGuard(limits, () => socket.bufferedAmount, (reason) => this.dropSlowClient(reason));
    socket.on('close', () => this.finish());
    socket.on('error', () => this.finish());
  }

  onMessage(listener: (text: string) => void): void {
    this.socket.on('message', (data, isBinary) => {
      if (isBinary || this.closed) return;
      listener(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString('utf8'));
    });
  }

  onClose(listener: (reason?: string) => void): void {
    this.closeListeners.push(listener);
  }

  send(text: string): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN || !this.guard.admit()) return;
    this.socket.send(text);
    this.guard.written();
  }

  close(): void {
    this.socket.close();
    this.finish();
  }

  private dropSlowClient(reason: string): void {
    if (this.closed) return;
    this.socket.close(SLOW_CLIENT_CLOSE_CODE, truncateUtf8(reason, MAX_CLOSE_REASON_BYTES));
    const timer = setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
    this.socket.once('close', () => clearTimeout(timer));
    this.finish(reason);
  }

  private finish(reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    this.guard.dispose();
    for (const listener of this.closeListeners) listener(reason);
  }
}

function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length <= maxBytes ? text : bytes.subarray(0, maxBytes).toString('utf8').replace(/\uFFFD$/, '');
}
