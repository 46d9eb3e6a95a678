/**
 * The web runtime's page and its files: the chat UI that runs in the VS
 * Code webview, built for a plain browser tab (`dist/web.js` +
 * `dist/web.css`, see esbuild.mjs). The page is static and holds no
 * secret, so it is served without the token; the script then trades the
 * token of the URL fragment for a cookie.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The same rules as the VS Code webview: no inline script or style, nothing remote. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Codex Threads</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/web.css">
</head>
<body>
<div id="app"></div>
<script src="/assets/web.js"></script>
</body>
</html>
`;

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** Only plain file names of the web bundle's kinds: no folders, so no way out of dist/. */
const ASSET_NAME = /^[\w-]+(\.[\w-]+)*\.(js|css|map|svg|png|woff2?|ttf)$/;

export interface WebAsset {
  body: Buffer;
  contentType: string;
}

export class WebAssets {
  constructor(readonly directory: string) {}

  /** dist/ beside the running bundle, or the repository's dist/ when run from source. */
  static locate(): WebAssets {
    const candidates = [__dirname, join(__dirname, '..', '..', 'dist')];
    const found = candidates.find((directory) => existsSync(join(directory, 'web.js')));
    return new WebAssets(found ?? candidates[candidates.length - 1]);
  }

  get available(): boolean {
    return existsSync(join(this.directory, 'web.js'));
  }

  /** A file of the bundle by name, or undefined (unknown, or not built). Read each time, so `npm run watch` rebuilds show on reload. */
  read(name: string): WebAsset | undefined {
    if (!ASSET_NAME.test(name)) return undefined;
    const extension = name.slice(name.lastIndexOf('.'));
    let body: Buffer;
    try {
      body = readFileSync(join(this.directory, name));
    } catch {
      return undefined;
    }
    return { body, contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream' };
  }
}
