/** A test client over a real loopback WebSocket (one message per text frame). */
import WebSocket from 'ws';
import { DEFAULT_TIMEOUT_MS, RpcClient } from './rpc-client';

export class WsClient extends RpcClient {
  private constructor(private readonly socket: WebSocket) {
    super();
    socket.on('message', (data) => this.receive(data.toString()));
  }

  static async connect(url: string, headers: Record<string, string> = {}, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<WsClient> {
    const socket = new WebSocket(url, { headers, handshakeTimeout: timeoutMs });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    });
    return new WsClient(socket);
  }

  protected sendText(text: string): void {
    this.socket.send(text);
  }

  protected describeFailure(): string {
    return `websocket state ${this.socket.readyState}`;
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
