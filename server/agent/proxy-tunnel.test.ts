import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ConnectionFailure } from './model-error';
import { readText, sendHttp } from './model-http';
import { startConnectProxy, type ConnectProxy } from '../../test/support/connect-proxy';
import { proxyFor, tunnelAgent } from './proxy-tunnel';
import { ProviderModels } from '../config/provider-models';
import { resolveProvider } from '../config/providers';
import { SecretSet } from '../config/redact';

// A self-signed certificate for localhost and 127.0.0.1 (EC P-256, valid until 2126), for the TLS-through-tunnel test only.
const CERT = `-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUNfBaRTYsPxV7sHBpldfJBjw4G88wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNjAwMDI1MloYDzIxMjYxMTAy
MDAwMjUyWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASthevOc1d4yM5Vt4zlM32a14kxNUo85SuHl/sIln33cE6Cav4XLYn6
qOd+kAanzbFf36TmB+D/1NIj4HGw+Oppo28wbTAdBgNVHQ4EFgQUVWOedF/ZOrbF
C4j4vIIRMwanimcwHwYDVR0jBBgwFoAUVWOedF/ZOrbFC4j4vIIRMwanimcwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDSAAwRQIgZkB8On1VxlyIbK2E0U0uDH+c23MPXF5ojLcgFJ1QHbICIQD6
nhsQe5A6J6hBzIOciPP04VsKCBmDcPR3FA1/x3SXmg==
-----END CERTIFICATE-----
`;
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgucs/J/B9xzib18O/
Jc+Xs5Hp9JCfl3RspVmGeoejO5ihRANCAASthevOc1d4yM5Vt4zlM32a14kxNUo8
5SuHl/sIln33cE6Cav4XLYn6qOd+kAanzbFf36TmB+D/1NIj4HGw+Opp
-----END PRIVATE KEY-----
`;


async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('NO_PROXY and the choice of proxy (proxy-from-env)', () => {
  const url = (text: string) => new URL(text);
  const PROXY = 'http://proxy.corp:3128';

  test('NO_PROXY entries: exact hosts, suffixes with a leading dot or star, ports, IPv6, any case', () => {
    const cases: Array<[string, string, boolean]> = [
      ['https://api.openai.com/v1', '', false],
      ['https://api.openai.com/v1', '*', true],
      ['https://api.openai.com/v1', 'api.openai.com', true],
      ['https://api.openai.com/v1', 'openai.com', false],
      ['https://api.openai.com/v1', '.openai.com', true],
      ['https://api.openai.com/v1', '*.openai.com', true],
      ['https://API.OpenAI.com/v1', 'other.example, API.openai.COM', true],
      ['https://api.openai.com/v1', 'api.openai.com:443', true],
      ['https://api.openai.com/v1', 'api.openai.com:8443', false],
      ['http://127.0.0.1:11434/v1', '127.0.0.1', true],
      ['http://127.0.0.1:11434/v1', 'localhost 127.0.0.1:11434', true],
      ['http://[::1]:8080/v1', '[::1]', true],
      // A `*` entry anywhere in the list exempts every host.
      ['https://api.openai.com/v1', 'other.example,*', true],
    ];
    for (const [target, noProxy, exempt] of cases) {
      const env = { HTTPS_PROXY: PROXY, HTTP_PROXY: PROXY, NO_PROXY: noProxy };
      assert.equal(proxyFor(url(target), env) === null, exempt, `${target} with NO_PROXY=${noProxy}`);
    }
  });

  test('https targets use HTTPS_PROXY, http targets HTTP_PROXY, both fall back to ALL_PROXY; lower case wins', () => {
    const https = url('https://api.openai.com/v1');
    const http = url('http://model.lan/v1');
    assert.equal(proxyFor(https, {}), null);
    assert.equal(proxyFor(https, { HTTPS_PROXY: 'http://a:1', HTTP_PROXY: 'http://b:2' })?.host, 'a:1');
    // Unlike undici's rule that this replaced: HTTP_PROXY is for http:// targets only.
    assert.equal(proxyFor(https, { HTTP_PROXY: 'http://b:2' }), null);
    assert.equal(proxyFor(http, { HTTPS_PROXY: 'http://a:1' }), null);
    assert.equal(proxyFor(http, { HTTPS_PROXY: 'http://a:1', HTTP_PROXY: 'http://b:2' })?.host, 'b:2');
    assert.equal(proxyFor(https, { ALL_PROXY: 'http://c:3' })?.host, 'c:3');
    assert.equal(proxyFor(http, { all_proxy: 'http://c:3', http_proxy: 'http://b:2' })?.host, 'b:2');
    assert.equal(proxyFor(https, { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' })?.host, 'lower:2');
    assert.equal(proxyFor(https, { HTTPS_PROXY: 'http://a:1', NO_PROXY: 'x', no_proxy: '.openai.com' }), null);
  });

  test('a proxy without a scheme is plain HTTP, as curl reads it; schemes the agent cannot speak are refused with a clear message', () => {
    assert.equal(proxyFor(url('http://model.lan/v1'), { HTTP_PROXY: 'proxy.corp:3128' })?.href, 'http://proxy.corp:3128/');
    // proxy-from-env alone would give the target's scheme and speak TLS to a plain-HTTP proxy.
    assert.equal(proxyFor(url('https://api.openai.com/v1'), { HTTPS_PROXY: 'proxy.corp:3128' })?.href, 'http://proxy.corp:3128/');
    assert.equal(proxyFor(url('https://api.openai.com/v1'), { https_proxy: 'https://secure.corp:443' })?.href, 'https://secure.corp/');
    assert.throws(() => proxyFor(url('https://api.openai.com/v1'), { ALL_PROXY: 'socks5://user:secret@proxy.corp:1080' }), (error: Error) => {
      assert.match(error.message, /only http:\/\/ and https:\/\/ proxies are supported, not socks5:/);
      assert.doesNotMatch(error.message, /secret/);
      return true;
    });
  });

  test("the caller's environment decides, and the process environment is left as it was", () => {
    const processEnv = process.env;
    const saved = process.env.https_proxy;
    process.env.https_proxy = 'http://from-process:1';
    try {
      assert.equal(proxyFor(url('https://api.openai.com/v1'))?.host, 'from-process:1');
      assert.equal(proxyFor(url('https://api.openai.com/v1'), {}), null);
      assert.throws(() => proxyFor(url('https://api.openai.com/v1'), { HTTPS_PROXY: 'socks5://x:1' }));
      assert.equal(process.env, processEnv, 'process.env is the same object after a call that threw');
      assert.equal(process.env.https_proxy, 'http://from-process:1');
    } finally {
      if (saved === undefined) delete process.env.https_proxy;
      else process.env.https_proxy = saved;
    }
  });
});

describe('requests through a CONNECT proxy (https-proxy-agent)', () => {
  let proxy: ConnectProxy;
  let plain: Server;
  let plainUrl: string;
  const plainPaths: string[] = [];
  before(async () => {
    proxy = await startConnectProxy();
    plain = createServer((request, response) => {
      plainPaths.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'application/json', 'x-seen-path': request.url ?? '' });
      response.end('{"data":[{"id":"m1"}]}');
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  });
  after(async () => {
    await proxy.close();
    await close(plain);
  });

  test('TLS to the provider runs inside the tunnel, with the credentials of the proxy URL, and the tunnel is reused', async () => {
    const tlsServer = createHttpsServer({ cert: CERT, key: KEY }, (_request, response) => response.end('over tls'));
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    const port = (tlsServer.address() as AddressInfo).port;
    const agent = tunnelAgent(new URL(`http://user%40corp:p%3Ass@127.0.0.1:${new URL(proxy.url).port}`));
    const get = () =>
      new Promise<string>((resolve, reject) => {
        // `ca` reaches the TLS connection the agent opens over the tunnel, as NODE_EXTRA_CA_CERTS would.
        httpsRequest(`https://localhost:${port}/`, { agent, ca: CERT }, (response) => {
          readText(response, 1000).then(resolve, reject);
        })
          .on('error', reject)
          .end();
      });
    const before = proxy.tunnels.length;
    try {
      assert.equal(await get(), 'over tls');
      assert.equal(await get(), 'over tls');
      const tunnels = proxy.tunnels.slice(before);
      assert.deepEqual(tunnels.map((tunnel) => tunnel.target), [`localhost:${port}`], 'one tunnel, kept alive for the second request');
      assert.equal(tunnels[0].headers['proxy-authorization'], `Basic ${Buffer.from('user@corp:p:ss').toString('base64')}`);
    } finally {
      agent.destroy();
      await close(tlsServer as unknown as Server);
    }
  });

  test('one agent per proxy URL, whatever the target', () => {
    const a = tunnelAgent(new URL('http://cache-test:1'));
    assert.equal(tunnelAgent(new URL('http://cache-test:1')), a);
    assert.notEqual(tunnelAgent(new URL('http://other@cache-test:1')), a);
  });

  test('sendHttp follows HTTP_PROXY and NO_PROXY from the given environment, reusing the tunnel', async () => {
    const before = proxy.tunnels.length;
    const env = { HTTP_PROXY: `${proxy.url}/` };
    const answer = await sendHttp({ url: new URL(`${plainUrl}/v1/models`), headers: {}, env });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('X-Seen-Path'), '/v1/models');
    assert.equal(await readText(answer.body, 1000), '{"data":[{"id":"m1"}]}');
    // Let the finished request hand its connection back to the agent.
    await new Promise((resolve) => setImmediate(resolve));
    const again = await sendHttp({ url: new URL(`${plainUrl}/again`), headers: {}, env });
    await readText(again.body, 1000);
    assert.deepEqual(proxy.tunnels.slice(before).map((tunnel) => tunnel.target), [new URL(plainUrl).host], 'one CONNECT for both');
    const direct = await sendHttp({ url: new URL(plainUrl), headers: {}, env: { ...env, NO_PROXY: '127.0.0.1' } });
    await readText(direct.body, 1000);
    assert.equal(proxy.tunnels.length, before + 1, 'NO_PROXY: no tunnel');
  });

  test('a proxy that refuses the tunnel is a connection failure that says so, and nothing reaches the provider', async () => {
    proxy.refuseWith = 407;
    const before = plainPaths.length;
    try {
      // Another proxy user: another agent, not the tunnel the previous test left open.
      const refusing = proxy.url.replace('http://', 'http://someone-else:pw@');
      await assert.rejects(sendHttp({ url: new URL(`${plainUrl}/refused`), headers: {}, env: { HTTP_PROXY: refusing } }), (error: Error) => {
        assert.ok(error instanceof ConnectionFailure, `got ${error}`);
        const message = String((error.cause as Error).message);
        assert.match(message, /the proxy http:\/\/127\.0\.0\.1:\d+\/ refused the tunnel to 127\.0\.0\.1:\d+: HTTP 407 Proxy Authentication Required/);
        assert.doesNotMatch(message, /pw/);
        return true;
      });
      assert.equal(plainPaths.length, before);
    } finally {
      proxy.refuseWith = undefined;
    }
  });

  test("model/list asks the provider through the proxy, over node:http", async () => {
    const before = proxy.tunnels.length;
    const provider = resolveProvider('local', [{ base_url: `${plainUrl}/v1` }])!;
    // Its own proxy user, so its own agent: a CONNECT of its own, not an idle tunnel of an earlier test.
    const lists = new ProviderModels({ HTTP_PROXY: proxy.url.replace('http://', 'http://lister@') }, new SecretSet());
    assert.deepEqual(await lists.list(provider), ['m1']);
    assert.deepEqual(proxy.tunnels.slice(before).map((tunnel) => tunnel.target), [new URL(plainUrl).host]);
    // Nothing in this file touches fetch, Response or Headers, whose first use loads Node's undici (about 13 MB).
    // `moduleLoadList` (Node's internal modules loaded so far) is untyped; were it gone, this would throw, not pass.
    const loaded = (process as unknown as { moduleLoadList: string[] }).moduleLoadList;
    assert.ok(!loaded.some((name) => name.includes('undici')), 'model/list loaded undici');
  });
});
