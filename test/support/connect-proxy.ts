/**
 * A loopback HTTP proxy for tests of company-network support: it tunnels
 * `CONNECT host:port` to the target (or refuses with a chosen status) and
 * records every tunnel asked for, with its headers.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';

export interface ConnectProxy {
  url: string;
  /** Each CONNECT: its target (`host:port`) and headers. */
  tunnels: Array<{ target: string; headers: IncomingHttpHeaders }>;
  /** Answer CONNECT with this status instead of tunnelling (e.g. 407). */
  refuseWith?: number;
  server: Server;
  /** Ends the open tunnels too, which the HTTP server no longer counts as its connections. */
  close(): Promise<void>;
}

export async function startConnectProxy(): Promise<ConnectProxy> {
  const open = new Set<Duplex>();
  const server = createServer((_request, response) => response.writeHead(405).end());
  const proxy: ConnectProxy = {
    url: '',
    tunnels: [],
    server,
    close: async () => {
      for (const socket of open) socket.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  server.on('connect', (request, clientSocket, head) => {
    proxy.tunnels.push({ target: request.url ?? '', headers: request.headers });
    open.add(clientSocket);
    clientSocket.on('close', () => open.delete(clientSocket));
    if (proxy.refuseWith) {
      clientSocket.end(`HTTP/1.1 ${proxy.refuseWith} Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host === 'localhost' ? '127.0.0.1' : host, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
