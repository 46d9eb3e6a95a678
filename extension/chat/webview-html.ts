/**
 * The chat webview's HTML shell: a strict CSP allowing only our bundle
 * (by nonce) and our stylesheet/images/fonts from the extension's own
 * resource roots. No remote content, no inline script or style. Host-free,
 * so the policy is unit-testable.
 */
import { randomBytes } from 'node:crypto';

export interface WebviewHtmlOptions {
  /** `webview.cspSource`: the origin the webview serves local resources from. */
  cspSource: string;
  /** `dist/webview.js`, as a webview URI string. */
  scriptUri: string;
  /** `dist/webview.css`, as a webview URI string. */
  styleUri: string;
  nonce: string;
}

/** A fresh nonce per rendering; 128 random bits in base64url (valid CSP nonce characters). */
export function createNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function renderWebviewHtml(options: WebviewHtmlOptions): string {
  const csp = contentSecurityPolicy(options.cspSource, options.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeAttribute(options.styleUri)}">
  <title>Codex</title>
</head>
<body>
  <div id="app"></div>
  <script nonce="${escapeAttribute(options.nonce)}" src="${escapeAttribute(options.scriptUri)}"></script>
</body>
</html>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
