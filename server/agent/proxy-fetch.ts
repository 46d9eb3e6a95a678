/**
 * Company networks: when HTTPS_PROXY / HTTP_PROXY (or the lower-case forms)
 * are set, model requests go through that proxy, and NO_PROXY exempts
 * hosts. Node's built-in fetch ignores these variables, so we use undici's
 * own fetch with its EnvHttpProxyAgent, which reads them the standard way.
 * NODE_EXTRA_CA_CERTS needs nothing from us: Node adds those certificates
 * to every TLS connection.
 */
import type * as Undici from 'undici';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export interface ProxiedFetch {
  fetch: typeof globalThis.fetch;
  /** The proxy in use, for logs (credentials removed). */
  description: string;
}

let cached: { key: string; value: ProxiedFetch | null } | null = null;

export function proxiedFetch(env: NodeJS.ProcessEnv = process.env): ProxiedFetch | null {
  const key = [...PROXY_VARIABLES, 'NO_PROXY', 'no_proxy'].map((name) => env[name] ?? '').join('\n');
  if (cached?.key === key) return cached.value;
  const proxy = PROXY_VARIABLES.map((name) => env[name]).find(Boolean);
  let value: ProxiedFetch | null = null;
  if (proxy) {
    // Loaded only when a proxy is configured: undici is large, and startup time matters.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { EnvHttpProxyAgent, fetch: undiciFetch } = require('undici') as typeof Undici;
    const dispatcher = new EnvHttpProxyAgent({
      httpProxy: env.HTTP_PROXY ?? env.http_proxy,
      httpsProxy: env.HTTPS_PROXY ?? env.https_proxy,
      noProxy: env.NO_PROXY ?? env.no_proxy,
    });
    const proxiedCall = (input: Parameters<typeof Undici.fetch>[0], init?: Parameters<typeof Undici.fetch>[1]) =>
      undiciFetch(input, { ...init, dispatcher });
    value = { fetch: proxiedCall as unknown as typeof globalThis.fetch, description: withoutCredentials(proxy) };
  }
  cached = { key, value };
  return value;
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(unparseable proxy URL)';
  }
}
