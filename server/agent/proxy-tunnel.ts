/**
 * Company networks: Node 20's `http` ignores HTTPS_PROXY and its kin, so
 * this adapter picks an agent per target URL. Which proxy (if any) a URL
 * takes is `proxy-from-env`'s rule (the one axios and `proxy-agent` use):
 * an https:// target uses HTTPS_PROXY, an http:// target HTTP_PROXY, either
 * falls back to ALL_PROXY, the lower-case form wins over the upper-case one,
 * and NO_PROXY (`*`, `host`, `.suffix` or `*.suffix`, each optionally
 * `:port`) exempts. The tunnel is `https-proxy-agent`: `CONNECT host:port`
 * (for http:// targets too), `Proxy-Authorization: Basic` from the proxy
 * URL's credentials, then TLS to the provider inside the tunnel.
 * NODE_EXTRA_CA_CERTS needs nothing from us: Node adds those certificates
 * to every TLS connection.
 */
import type { Agent } from 'node:http';

// proxy-from-env 2 ships no types; this is the one function we use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getProxyForUrl } = require('proxy-from-env') as { getProxyForUrl(url: URL): string };

/** The proxy for `target` under `env`, or null when it goes out directly. Throws on a proxy URL the agent cannot use. */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv = process.env): URL | null {
  const configured = readingEnv(env, () => getProxyForUrl(target));
  if (!configured) return null;
  let proxy: URL;
  try {
    proxy = new URL(configured);
  } catch {
    throw new Error(`the proxy variable's value is not a URL: ${describeProxy(configured)}`);
  }
  // A socks5:// ALL_PROXY, say: https-proxy-agent would speak CONNECT to it and fail obscurely.
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
    throw new Error(`only http:// and https:// proxies are supported, not ${proxy.protocol}// (${describeProxy(proxy)})`);
  }
  return proxy;
}

/**
 * proxy-from-env reads `process.env` only. A caller's own environment (the
 * server's settings, a test's) stands in for it during that synchronous
 * call, so it is what decides, as for every other variable the server reads.
 * The stand-in gives a proxy written without a scheme (`proxy.corp:3128`)
 * the `http://` that curl, Go and Python assume; the library would take the
 * target's scheme and speak TLS to a plain-HTTP proxy.
 */
function readingEnv<T>(env: NodeJS.ProcessEnv, read: () => T): T {
  const saved = process.env;
  process.env = withProxySchemes(env);
  try {
    return read();
  } finally {
    process.env = saved;
  }
}

const PROXY_VARIABLES = ['https_proxy', 'http_proxy', 'all_proxy', 'HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY'];

function withProxySchemes(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of PROXY_VARIABLES) {
    const value = copy[name];
    if (value && !value.includes('://')) copy[name] = `http://${value}`;
  }
  return copy;
}

/** The proxy for logs and messages: its URL without credentials. */
export function describeProxy(proxy: URL | string): string {
  try {
    const url = new URL(proxy);
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return '(unparseable proxy URL)';
  }
}

const agents = new Map<string, Agent>();

/** The keep-alive agent that tunnels through `proxy`: one per proxy URL, for https:// and http:// targets alike. */
export function tunnelAgent(proxy: URL): Agent {
  let agent = agents.get(proxy.href);
  if (!agent) {
    // Required on first use: the agent pulls in TLS, which a server with no proxy never needs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { HttpsProxyAgent } = require('https-proxy-agent') as typeof import('https-proxy-agent');
    type ConnectArgs = Parameters<InstanceType<typeof HttpsProxyAgent<string>>['connect']>;
    const Tunnel = class extends HttpsProxyAgent<string> {
      // A refused CONNECT (407, 403…) is passed on by the library as if the provider had
      // answered with it; it emits 'proxyConnect' with the proxy's answer first, so fail there.
      override async connect(request: ConnectArgs[0], options: ConnectArgs[1]) {
        let answer: { statusCode: number; statusText: string } | undefined;
        request.once('proxyConnect', (connect: typeof answer) => (answer = connect));
        const socket = await super.connect(request, options);
        if (answer !== undefined && answer.statusCode !== 200) {
          socket.destroy();
          const host = options.host?.includes(':') ? `[${options.host}]` : options.host;
          const reason = `HTTP ${answer.statusCode} ${answer.statusText}`.trim();
          throw new Error(`the proxy ${describeProxy(proxy)} refused the tunnel to ${host}:${options.port}: ${reason}`);
        }
        return socket;
      }
    };
    // Like Node's global agent: idle connections are kept for reuse and close after 5 s.
    agent = new Tunnel(proxy, { keepAlive: true, timeout: 5000 });
    agents.set(proxy.href, agent);
  }
  return agent;
}
