/** One WebSocket client: one JSON-RPC message per text frame, no newline framing. */
import type { WebSocket } from 'ws';
import type { MessageTransport } from './message-transport';

export class WebSocketTransport implements MessageTransport {
  private readonly closeListeners: Array<() => void> = [];
  private closed = false;

  constructor(private readonly socket: WebSocket) {
    socket.on('close', () => this.finish());
    socket.on('error', () => this.finish());
  }

  onMessage(listener: (text: string) => void): void {
    this.socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      listener(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString('utf8'));
    });
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  send(text: string): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(text);
  }

  close(): void {
    this.socket.close();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners) listener();
  }
}
