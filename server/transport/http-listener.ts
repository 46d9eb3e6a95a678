/**
 * `--listen http://HOST:PORT`: the web runtime. A browser tab is a client
 * of the same server as the IDE and the TUI: it sends JSON-RPC messages by
 * `POST /rpc?session=S` and receives every server message as a
 * Server-Sent Event on `GET /events` (one `HttpSession` per tab; see there
 * for resumption with `Last-Event-ID`). `GET /` serves the chat UI.
 *
 * Access: every request must name this server as its Host (a loopback
 * listener answers loopback names only, which defeats DNS rebinding) and,
 * when it carries an `Origin` (browsers always send one on POST and on
 * cross-site requests), that origin must be the listener's own. The token
 * (given, or made at start and printed in the URL's fragment) is traded by
 * the page for an `HttpOnly`, `SameSite=Strict` cookie at `POST /auth`;
 * `/rpc` and `/events` need the cookie or `Authorization: Bearer <token>`.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import { bearerToken, sameToken } from './access-token';
import { HttpSession, DEFAULT_HTTP_SESSION_LIMITS, type EventSink, type HttpSessionLimits } from './http-session';
import type { MessageTransport } from './message-transport';
import { PAGE_CSP, PAGE_HTML, WebAssets } from './web-assets';

export interface HttpListenerOptions {
  host: string;
  port: number;
  /** Required: browsers on this machine can reach loopback, so loopback is no protection here. */
  token: string;
  maxMessageBytes: number;
  sessionLimits?: HttpSessionLimits;
  assets?: WebAssets;
  onConnection(transport: MessageTransport): void;
}

export interface HttpListener {
  server: Server;
  /** `http://HOST:PORT` as bound (the real port when 0 was asked). */
  url: string;
  close(): Promise<void>;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);
const KEEPALIVE_MS = 15_000;

export async function listenHttp(options: HttpListenerOptions): Promise<HttpListener> {
  const sessions = new Map<string, HttpSession>();
  const assets = options.assets ?? WebAssets.locate();
  const limits = options.sessionLimits ?? DEFAULT_HTTP_SESSION_LIMITS;
  let port = options.port;
  const cookieName = () => `codex_threads_token_${port}`;

  const openSession = (): HttpSession => {
    const session = new HttpSession(limits);
    sessions.set(session.id, session);
    session.onClose(() => sessions.delete(session.id));
    options.onConnection(session);
    return session;
  };

  const app = new Hono();

  app.use('*', async (c, next) => {
    const refusal = checkHostAndOrigin(c, options.host, port);
    if (refusal) return c.text(`${refusal}\n`, 403);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    await next();
  });

  app.get('/readyz', (c) => c.text('ok\n'));
  app.get('/healthz', (c) => c.text('ok\n'));

  app.get('/', (c) => {
    if (!assets.available) {
      return c.text(`The web UI is not part of this build (no web.js in ${assets.directory}): run the server from a source checkout after npm run build\n`, 503);
    }
    c.header('Content-Security-Policy', PAGE_CSP);
    c.header('Cache-Control', 'no-store');
    return c.html(PAGE_HTML);
  });

  app.get('/assets/:name', (c) => {
    const asset = assets.read(c.req.param('name'));
    if (!asset) return c.text('Not found\n', 404);
    c.header('Content-Type', asset.contentType);
    c.header('Cache-Control', 'no-cache');
    return c.body(new Uint8Array(asset.body));
  });

  app.post('/auth', async (c) => {
    // JSON only: a cross-site form cannot send it without a preflight we never grant.
    if (!(c.req.header('content-type') ?? '').startsWith('application/json')) return c.text('Expected application/json\n', 415);
    const body = (await c.req.json().catch(() => undefined)) as { token?: unknown } | undefined;
    const given = typeof body?.token === 'string' ? body.token : undefined;
    if (!sameToken(given, options.token)) return c.text('Wrong token: open the address the server printed at start\n', 401);
    setCookie(c, cookieName(), options.token, { httpOnly: true, sameSite: 'Strict', path: '/' });
    return c.body(null, 204);
  });

  app.use('/events', requireToken);
  app.use('/rpc', requireToken);

  app.get('/events', (c) => {
    const requested = c.req.query('session');
    const lastEventId = Number(c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? Number.NaN);
    const previous = requested ? sessions.get(requested) : undefined;
    const resumed = previous !== undefined && previous.canResumeFrom(lastEventId);
    // A session that cannot be continued is of no use to anyone: its client starts over.
    if (previous && !resumed) previous.close();
    const session = resumed ? previous : openSession();
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      await stream.writeSSE({ event: 'session', data: JSON.stringify({ sessionId: session.id, resumed }) });
      await new Promise<void>((resolve) => {
        const keepAlive = setInterval(() => void stream.write(': keepalive\n\n').catch(() => undefined), KEEPALIVE_MS);
        const finish = () => {
          clearInterval(keepAlive);
          resolve();
        };
        const sink: EventSink = {
          write: (id, data) => stream.writeSSE({ id: String(id), data }),
          end: finish,
        };
        stream.onAbort(() => {
          session.detach(sink);
          finish();
        });
        session.attach(sink, resumed ? lastEventId : 0);
      });
    });
  });

  app.post('/rpc', bodyLimit({ maxSize: options.maxMessageBytes, onError: (c) => c.text('Message too large\n', 413) }), async (c) => {
    const session = sessions.get(c.req.query('session') ?? '');
    if (!session) return c.json({ error: 'unknown session: open GET /events for a new one' }, 404);
    session.receive(await c.req.text());
    return c.body(null, 202);
  });

  app.notFound((c) => c.text('Not found\n', 404));

  async function requireToken(c: Context, next: () => Promise<void>) {
    const given = bearerToken(c.req.header('authorization')) ?? getCookie(c, cookieName());
    if (!sameToken(given, options.token)) {
      return c.text('Unauthorized: open the address the server printed at start (it carries the access token)\n', 401);
    }
    await next();
  }

  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  port = address.port;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: async () => {
      for (const session of [...sessions.values()]) session.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Null when the request may proceed, else why not. The Host must be one of
 * this listener's names; an Origin, when present, must be this very
 * listener (scheme, host and port), whatever name the page was opened by.
 */
function checkHostAndOrigin(c: Context, boundHost: string, port: number): string | null {
  const host = c.req.header('host');
  if (!host) return 'Forbidden: no Host header';
  const hostName = host.replace(/:\d+$/, '').toLowerCase();
  const loopbackBind = LOOPBACK_NAMES.has(boundHost);
  if (loopbackBind && !LOOPBACK_NAMES.has(hostName)) return `Forbidden: ${hostName} is not this server's name`;
  const origin = c.req.header('origin');
  if (origin === undefined) return null;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return 'Forbidden: malformed Origin';
  }
  const sameOrigin = originUrl.protocol === 'http:' && originUrl.host.toLowerCase() === host.toLowerCase() && Number(originUrl.port || 80) === port;
  return sameOrigin ? null : `Forbidden: requests from ${origin} are not allowed`;
}
