/**
 * Company networks: when HTTPS_PROXY / HTTP_PROXY (or the lower-case forms)
 * are set, model requests go through that proxy, and NO_PROXY exempts
 * hosts. Node 20's `http` ignores these variables, so this module reads
 * them and gives an `http.Agent` that opens each connection as a tunnel:
 * `CONNECT host:port` to the proxy, then TLS to the provider over it (for
 * an http:// provider, plain HTTP). Connections are kept alive and reused
 * like the default agent's.
 *
 * The rules are undici's EnvHttpProxyAgent's, which this replaces (undici
 * was 43 % of the server bundle, loaded for this alone): an https:// target
 * uses HTTPS_PROXY, else HTTP_PROXY; an http:// target uses HTTP_PROXY;
 * every target is tunnelled with CONNECT. NO_PROXY is a list separated by
 * commas or spaces: `*` exempts everything; `host` exempts that host exactly,
 * `.example.com` or `*.example.com` every host ending so; `:port` narrows
 * an entry to one port. Credentials in the proxy URL are sent as
 * `Proxy-Authorization: Basic`. NODE_EXTRA_CA_CERTS needs nothing from us:
 * Node adds those certificates to every TLS connection.
 */
import type { Agent, ClientRequest, IncomingMessage } from 'node:http';
import type { RequestOptions } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';

/** How long a proxy may take to answer CONNECT before the attempt fails. */
const CONNECT_TIMEOUT_MS = 30_000;

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** The proxy for `target` under `env`, or null when it goes out directly. Throws on a proxy URL we cannot use. */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv = process.env): URL | null {
  const http = env.HTTP_PROXY || env.http_proxy;
  const configured = target.protocol === 'https:' ? env.HTTPS_PROXY || env.https_proxy || http : target.protocol === 'http:' ? http : undefined;
  if (!configured) return null;
  const noProxy = env.NO_PROXY ?? env.no_proxy ?? '';
  if (isExempt(target, noProxy)) return null;
  return parseProxyUrl(configured);
}

/** Whether NO_PROXY exempts `target` (undici's EnvHttpProxyAgent rules, see above). */
export function isExempt(target: URL, noProxy: string): boolean {
  const entries = noProxy.split(/[,\s]/).filter(Boolean);
  if (entries.length === 0) return false;
  if (noProxy === '*') return true;
  // `host` keeps the brackets of an IPv6 address, as NO_PROXY entries are written.
  const hostname = target.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number(target.port) || DEFAULT_PORTS[target.protocol] || 0;
  for (const entry of entries) {
    const withPort = /^(.+):(\d+)$/.exec(entry);
    const name = (withPort ? withPort[1] : entry).toLowerCase();
    if (withPort && Number(withPort[2]) !== port) continue;
    if (/^[.*]/.test(name) ? hostname.endsWith(name.replace(/^\*/, '')) : hostname === name) return true;
  }
  return false;
}

/** `proxy.corp:3128` (no scheme) is common in these variables: it means an HTTP proxy. */
function withScheme(value: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
}

function parseProxyUrl(value: string): URL {
  const text = withScheme(value);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`the proxy variable's value is not a URL: ${describeProxy(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`only http:// and https:// proxies are supported, not ${url.protocol}// (${describeProxy(text)})`);
  }
  return url;
}

/** The proxy for logs and messages: its URL without credentials. */
export function describeProxy(proxy: URL | string): string {
  try {
    const url = new URL(typeof proxy === 'string' ? withScheme(proxy) : proxy);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return '(unparseable proxy URL)';
  }
}

const agents = new Map<string, Agent>();

/** The keep-alive agent that tunnels requests for `targetProtocol` through `proxy` (one per proxy). */
export function tunnelAgent(proxy: URL, targetProtocol: string): Agent {
  const secure = targetProtocol === 'https:';
  const key = `${proxy.href} ${secure}`;
  let agent = agents.get(key);
  if (!agent) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const base = (secure ? require('node:https') : require('node:http')) as typeof import('node:https');
    const Tunnel = class extends base.Agent {
      // Returning nothing and calling back later is the documented asynchronous form.
      override createConnection(options: RequestOptions, callback?: (error: Error | null, stream: Duplex) => void): undefined {
        const done = callback ?? (() => {});
        const host = options.host ?? options.hostname ?? 'localhost';
        const port = Number(options.port) || (secure ? 443 : 80);
        openTunnel(proxy, host, port).then(
          (socket) => {
            if (!secure) return done(null, socket);
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const tls = require('node:tls') as typeof import('node:tls');
            // `options` carries what the https agent would use itself: servername, CA, checks.
            done(null, tls.connect({ ...(options as ConnectionOptions), socket }));
          },
          (error: Error) => done(error, undefined as unknown as Duplex),
        );
        return undefined;
      }
    };
    // Like Node's global agent: idle tunnels close after 5 s (or before the server's Keep-Alive hint).
    agent = new Tunnel({ keepAlive: true, timeout: 5000 }) as Agent;
    agents.set(key, agent);
  }
  return agent;
}

/** `CONNECT host:port` through the proxy; resolves with the tunnelled socket. */
function openTunnel(proxy: URL, host: string, port: number): Promise<Socket> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const transport = (proxy.protocol === 'https:' ? require('node:https') : require('node:http')) as typeof import('node:http');
  const authority = `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
  const headers: Record<string, string> = { host: authority };
  if (proxy.username || proxy.password) {
    const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    headers['proxy-authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  return new Promise((resolve, reject) => {
    const request: ClientRequest = transport.request({
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: Number(proxy.port) || DEFAULT_PORTS[proxy.protocol],
      method: 'CONNECT',
      path: authority,
      headers,
      agent: false,
    });
    const timer = setTimeout(
      () => request.destroy(new Error(`the proxy ${describeProxy(proxy)} did not answer CONNECT within ${CONNECT_TIMEOUT_MS / 1000} s`)),
      CONNECT_TIMEOUT_MS,
    );
    request.once('connect', (response: IncomingMessage, socket: Socket, head: Buffer) => {
      clearTimeout(timer);
      if (response.statusCode !== 200) {
        socket.destroy();
        reject(new Error(`the proxy ${describeProxy(proxy)} refused the tunnel to ${authority}: HTTP ${response.statusCode} ${response.statusMessage ?? ''}`.trim()));
        return;
      }
      // Bytes the provider sent right after the proxy's answer belong to the tunnel.
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    request.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end();
  });
}
