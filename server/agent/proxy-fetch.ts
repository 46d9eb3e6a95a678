/**
 * `fetch` through the configured proxy, for requests other than model turns
 * (the provider's model list, `server/config/provider-models.ts`). Node 20's
 * built-in fetch ignores HTTPS_PROXY / NO_PROXY; this one sends through
 * `model-http.ts`, so it follows the same proxy rules as model requests
 * (`proxy-tunnel.ts`), and answers with a standard `Response`. It takes
 * what that caller passes: a URL, a method, headers, a string body and a
 * signal.
 */
import { describeCauses } from './model-error';
import { sendHttp } from './model-http';
import { describeProxy } from './proxy-tunnel';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export interface ProxiedFetch {
  fetch: typeof globalThis.fetch;
  /** The proxy in use, for logs (credentials removed). */
  description: string;
}

/** A fetch that honours the proxy variables, or null when none is set (then the global fetch will do). */
export function proxiedFetch(env: NodeJS.ProcessEnv = process.env): ProxiedFetch | null {
  const proxy = PROXY_VARIABLES.map((name) => env[name]).find(Boolean);
  if (!proxy) return null;
  const proxiedCall = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (typeof input !== 'string' && !(input instanceof URL)) throw new TypeError('proxiedFetch takes a URL, not a Request');
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') throw new TypeError('proxiedFetch sends string bodies only');
    const signal = init.signal ?? undefined;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    let answer;
    try {
      answer = await sendHttp({ url: new URL(input), method: init.method ?? 'GET', headers, body: init.body ?? undefined, signal, env });
    } catch (error) {
      // Like fetch: an aborted request rejects with the signal's reason (a TimeoutError for AbortSignal.timeout).
      if (signal?.aborted) throw signal.reason;
      throw new TypeError(`fetch failed: ${describeCauses(error)}`, { cause: error });
    }
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.rawHeaders)) {
      for (const one of Array.isArray(value) ? value : [value ?? '']) responseHeaders.append(name, one);
    }
    const empty = init.method === 'HEAD' || answer.status === 204 || answer.status === 304;
    if (empty) answer.body.resume();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Readable } = require('node:stream') as typeof import('node:stream');
    const body = empty ? null : (Readable.toWeb(answer.body) as ReadableStream<Uint8Array>);
    return new Response(body, { status: answer.status, statusText: answer.statusText, headers: responseHeaders });
  };
  return { fetch: proxiedCall as typeof globalThis.fetch, description: describeProxy(proxy) };
}
