/**
 * `--listen ws://HOST:PORT`: many clients, each with its own `initialize`,
 * subscriptions and approval routing. HTTP on the same port answers health
 * probes (`/readyz`, `/healthz`). Any request with an `Origin` header is
 * refused (403), so a web page cannot reach the server from a browser.
 * Without a token the listener only binds loopback addresses; with
 * `--token-file` or `--token-env`, clients must send `Authorization: Bearer <token>`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { bearerToken, sameToken } from './access-token';
import type { MessageTransport } from './message-transport';
import type { OutboundLimits } from './outbound-backlog';
import { WebSocketTransport } from './websocket-transport';

export interface WebSocketListenerOptions {
  host: string;
  port: number;
  /** When set, every upgrade must carry this bearer token. */
  token?: string;
  /** Largest accepted message, in bytes. */
  maxMessageBytes: number;
  /** Per-client bound on unsent output; a client past it is dropped (close code 1008). */
  outboundLimits?: OutboundLimits;
  onConnection(transport: MessageTransport): void;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function listenWebSocket(options: WebSocketListenerOptions): Promise<{ server: Server; url: string }> {
  if (!LOOPBACK.has(options.host) && !options.token) {
    throw new Error(`refusing to listen on ${options.host} without authentication: pass --token-file or --token-env, or listen on 127.0.0.1`);
  }
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
  const server = createServer((request, response) => {
    if (request.headers.origin) return void response.writeHead(403).end('Forbidden: browser origins are not allowed\n');
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/readyz' || path === '/healthz') return void response.writeHead(200).end('ok\n');
    response.writeHead(400).end('Expected a WebSocket upgrade\n');
  });
  server.on('upgrade', (request, socket, head) => {
    // A client that resets mid-handshake must not become an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const refusal = refuse(request, options.token);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) =>
      options.onConnection(new WebSocketTransport(webSocket, options.outboundLimits)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `ws://${host}:${address.port}` };
}

function refuse(request: IncomingMessage, token: string | undefined): string | null {
  if (request.headers.origin) return '403 Forbidden';
  if (!token) return null;
  return sameToken(bearerToken(request.headers.authorization), token) ? null : '401 Unauthorized';
}
