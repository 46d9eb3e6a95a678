import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentSecurityPolicy, createNonce, renderWebviewHtml } from '../../extension/chat/webview-html';

const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';

describe('webview HTML', () => {
  it('allows only the nonce script and local styles, images and fonts', () => {
    assert.equal(
      contentSecurityPolicy(cspSource, 'abc'),
      `default-src 'none'; script-src 'nonce-abc'; style-src ${cspSource}; img-src ${cspSource} data:; font-src ${cspSource}`,
    );
  });

  it('loads the bundle with the nonce and has no inline script or style', () => {
    const html = renderWebviewHtml({
      cspSource,
      nonce: 'n0nce',
      scriptUri: `${cspSource}/ext/dist/webview.js`,
      styleUri: `${cspSource}/ext/dist/webview.css`,
    });
    assert.match(html, /<script nonce="n0nce" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="[^"]+\/dist\/webview\.css">/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.doesNotMatch(html, /<style|\sstyle="|\son[a-z]+="/);
    assert.match(html, /http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-n0nce'/);
  });

  it('makes a different CSP-safe nonce each time', () => {
    const first = createNonce();
    assert.match(first, /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(createNonce(), first);
  });
});
