/**
 * HTTP for the model clients, on `node:http` / `node:https`: one request,
 * and its answer as status, headers and the body as a Node stream.
 * `postModelRequest` (a model turn's JSON POST) reads a non-2xx answer and
 * throws it as an HttpStatusError; a request that got no answer at all
 * rejects with a ConnectionFailure. Proxies (HTTPS_PROXY, NO_PROXY…) are
 * `proxy-tunnel.ts`'s agent; a proxy that refuses the tunnel is a
 * ConnectionFailure too, not the provider's answer.
 *
 * Why not `fetch`: in Node 20 the first `fetch` loads undici's bundle and
 * compiles its WebAssembly HTTP parser (on a background thread whose scratch
 * memory stays resident), and every body chunk then goes through web
 * streams. With `node:http` the parser is the one built into Node and the
 * body a plain stream. Measured with the `openai` SDK no longer loaded at
 * run time (`model-endpoint.ts`): about 17 MB less peak RSS on a
 * 10,000-delta answer, and less CPU (BENCHMARKS.md).
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { log } from '../common/log';
import type { HeaderSource } from './backoff';
import { ConnectionFailure, HttpStatusError } from './model-error';
import { describeProxy, proxyFor, tunnelAgent } from './proxy-tunnel';

export interface HttpRequest {
  url: URL;
  method?: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: string;
  /** Aborting it ends the request (or the body being read) at once. */
  signal?: AbortSignal;
  /** Where the proxy variables are read (default: the process environment). */
  env?: NodeJS.ProcessEnv;
}

export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: HeaderSource;
  rawHeaders: IncomingHttpHeaders;
  /** The body, decompressed if the server compressed it. Destroy it to stop reading early. */
  body: Readable;
}

/** Error bodies are read up to this size: they only feed a message. */
const ERROR_BODY_LIMIT = 64 * 1024;

/** A model request: the answer when it is 2xx, else an HttpStatusError with what the body said. */
export async function postModelRequest(request: HttpRequest & { body: string; signal: AbortSignal }): Promise<HttpAnswer> {
  const answer = await sendHttp({ ...request, method: 'POST' });
  if (answer.status >= 200 && answer.status < 300) return answer;
  const text = await readText(answer.body, ERROR_BODY_LIMIT);
  throw new HttpStatusError(answer.status, answer.headers, errorObject(text), text);
}

let loggedProxy: string | undefined;

/** Sends `request`; resolves once the answer's headers are in, whatever its status. */
export function sendHttp(request: HttpRequest): Promise<HttpAnswer> {
  const { url, body, signal } = request;
  const proxy = proxyFor(url, request.env);
  if (proxy && describeProxy(proxy) !== loggedProxy) log.debug(`model requests go through the proxy ${describeProxy(proxy)}`);
  loggedProxy = proxy ? describeProxy(proxy) : undefined;
  // Required on use: `https` pulls in TLS, which a loopback provider never needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const transport = (url.protocol === 'https:' ? require('node:https') : require('node:http')) as typeof import('node:http');
  const headers = body === undefined ? request.headers : { ...request.headers, 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(url, {
      method: request.method ?? 'GET',
      headers,
      signal,
      // Without a proxy: Node's default agent, which keeps connections alive between turns.
      ...(proxy ? { agent: tunnelAgent(proxy) } : {}),
    });
    outgoing.on('response', (response: IncomingMessage) =>
      resolve({
        status: response.statusCode ?? 0,
        statusText: response.statusMessage ?? '',
        headers: headerSource(response.headers),
        rawHeaders: response.headers,
        body: decoded(response, response.headers),
      }),
    );
    // Before the answer only: an error after it (a reset mid-stream) reaches the body's reader.
    outgoing.on('error', (error) => reject(signal?.aborted ? error : new ConnectionFailure(error)));
    outgoing.end(body);
  });
}

/** The body as text, at most `limit` bytes of it; the rest is not read. */
export async function readText(body: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/** Headers with a case-insensitive `get`, like fetch's `Headers`. */
function headerSource(headers: IncomingHttpHeaders): HeaderSource {
  return {
    get(name: string): string | null {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : String(value);
    },
  };
}

/**
 * We ask for no compression, but a proxy or gateway may compress anyway
 * (with no Accept-Encoding, any coding is allowed): undo it.
 */
function decoded(body: Readable, headers: IncomingHttpHeaders): Readable {
  const coding = String(headers['content-encoding'] ?? '').trim().toLowerCase();
  if (!coding || coding === 'identity') return body;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zlib = require('node:zlib') as typeof import('node:zlib');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { pipeline } = require('node:stream') as typeof import('node:stream');
  const decoder =
    coding === 'gzip' || coding === 'x-gzip'
      ? zlib.createGunzip()
      : coding === 'deflate'
        ? zlib.createInflate()
        : coding === 'br'
          ? zlib.createBrotliDecompress()
          : null;
  if (!decoder) return body;
  // Errors of either side end both; destroying the decoder (a reader that stops early) ends the body too.
  return pipeline(body, decoder, () => {});
}

/** OpenAI's `{"error": {…}}` of a JSON error body, when that is what the provider sent. */
function errorObject(text: string): { message?: string; code?: string | null; type?: string } | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    return parsed && typeof parsed.error === 'object' && parsed.error !== null ? (parsed.error as { message?: string }) : undefined;
  } catch {
    return undefined;
  }
}
