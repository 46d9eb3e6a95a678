/**
 * The chat webview in headless Chromium, as VS Code would show it, for the
 * render benchmark and the webview's browser tests: Debian's
 * `/usr/bin/chromium` driven by playwright-core (no browser download), the
 * real HTML shell (`renderWebviewHtml`: same CSP, nonce script and
 * stylesheet) served from 127.0.0.1 with the built `dist/webview.js` and
 * `dist/webview.css`, a stylesheet standing in for the `--vscode-*` theme
 * variables VS Code injects, and a stubbed `acquireVsCodeApi` that records
 * what the webview posts. Host messages are posted to the window, the way
 * VS Code delivers them. CSP violations are collected, never ignored.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { renderWebviewHtml } from '../extension/chat/webview-html';
import { chromiumLaunchOptions } from '../test/support/chromium-launch';

export const CHROMIUM = '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export interface WebviewBrowser {
  browser: Browser;
  origin: string;
  /** A fresh context and page with the webview loaded and its `ready` posted. */
  openPage(viewport?: { width: number; height: number }): Promise<WebviewPage>;
  close(): Promise<void>;
}

export interface WebviewPage {
  page: Page;
  /** Page errors and console errors seen so far. */
  errors: string[];
  /** Posts a host → webview message. */
  post(message: unknown): Promise<void>;
  /** Messages the webview posted to the host. */
  posted(): Promise<Array<Record<string, unknown>>>;
  /** CSP violations reported by the page. */
  violations(): Promise<string[]>;
  close(): Promise<void>;
}

/** Starts the server and Chromium (flags from shared/E2E.md §4, with a throwaway HOME). */
export async function launchWebviewBrowser(dist: string): Promise<WebviewBrowser> {
  const { chromium } = await import('playwright-core');
  const server = await serve(dist);
  const home = await mkdtemp(join(tmpdir(), 'codex-threads-chromium-'));
  let browser: Browser;
  try {
    browser = await chromium.launch(chromiumLaunchOptions(home, CHROMIUM));
  } catch (error) {
    server.close();
    await rm(home, { recursive: true, force: true });
    throw error;
  }
  return {
    browser,
    origin: server.origin,
    openPage: async (viewport = { width: 1000, height: 800 }) => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
      });
      await page.addInitScript(PAGE_STUB);
      await page.goto(`${server.origin}/`);
      await waitForExpression(page, 'window.__bench.posted.some((message) => message.type === "ready")');
      return {
        page,
        errors,
        post: async (message) => {
          await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
        },
        posted: async () => (await page.evaluate('window.__bench.posted')) as Array<Record<string, unknown>>,
        violations: async () => (await page.evaluate('window.__bench.violations')) as string[],
        close: () => context.close(),
      };
    },
    close: async () => {
      await browser.close();
      server.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/**
 * Polls `expression` in the page until it is truthy. Playwright's
 * `waitForFunction` polls string predicates through `new Function` inside
 * the page, which the webview's CSP (rightly) refuses; `evaluate` goes
 * through the DevTools protocol and is not subject to it.
 */
export async function waitForExpression(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Stands in for VS Code: `acquireVsCodeApi` records what the webview posts; CSP violations are collected. */
const PAGE_STUB = `
  window.__bench = { posted: [], violations: [] };
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => window.__bench.posted.push(message),
    getState: () => undefined,
    setState: () => undefined,
  });
  document.addEventListener('securitypolicyviolation', (event) =>
    window.__bench.violations.push(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') + ' (' + (event.sourceFile || '') + ':' + event.lineNumber + ')'));
`;

interface StaticServer {
  origin: string;
  close(): void;
}

/** Serves the webview shell and `dist/` on 127.0.0.1 (an ephemeral port). */
async function serve(dist: string): Promise<StaticServer> {
  const files: Record<string, { type: string; path: string }> = {
    '/dist/webview.js': { type: 'text/javascript', path: join(dist, 'webview.js') },
    '/dist/webview.css': { type: 'text/css', path: join(dist, 'webview.css') },
  };
  let origin = '';
  const server: Server = createServer((request, response) => {
    const url = (request.url ?? '/').split('?')[0];
    if (url === '/') {
      const html = renderWebviewHtml({ cspSource: origin, nonce: 'bench-nonce-0123456789', scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/dist/webview.css` })
        // VS Code injects its theme variables; a stylesheet from the same origin stands in for them.
        .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/theme.css">\n  <link rel="stylesheet"`);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    if (url === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (url === '/theme.css') {
      response.writeHead(200, { 'content-type': 'text/css' }).end(THEME_CSS);
      return;
    }
    const file = files[url];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    readFile(file.path).then(
      (body) => response.writeHead(200, { 'content-type': file.type }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => server.close() };
}

/** A few of VS Code's Dark Modern theme variables (fonts matter for layout; colours only for screenshots). */
const THEME_CSS = `html {
  --vscode-font-family: system-ui, "Ubuntu", "Droid Sans", sans-serif;
  --vscode-font-size: 13px;
  --vscode-editor-font-family: "Droid Sans Mono", monospace;
  --vscode-editor-font-size: 14px;
  --vscode-foreground: #cccccc;
  --vscode-descriptionForeground: #9d9d9d;
  --vscode-editor-background: #1f1f1f;
  --vscode-editor-foreground: #cccccc;
  --vscode-panel-border: #2b2b2b;
  --vscode-input-background: #313131;
  --vscode-input-border: #3c3c3c;
  --vscode-input-foreground: #cccccc;
  --vscode-button-background: #0078d4;
  --vscode-button-foreground: #ffffff;
  --vscode-button-hoverBackground: #026ec1;
  --vscode-button-secondaryBackground: #313131;
  --vscode-button-secondaryForeground: #cccccc;
  --vscode-badge-background: #616161;
  --vscode-badge-foreground: #f8f8f8;
  --vscode-focusBorder: #0078d4;
  --vscode-textCodeBlock-background: #2b2b2b;
  --vscode-textPreformat-foreground: #d0d0d0;
  --vscode-textLink-foreground: #4daafc;
  --vscode-errorForeground: #f85149;
  --vscode-editorWidget-background: #202020;
  --vscode-editorLineNumber-foreground: #6e7681;
  --vscode-diffEditor-insertedLineBackground: rgba(155, 185, 85, 0.2);
  --vscode-diffEditor-removedLineBackground: rgba(255, 0, 0, 0.2);
  --vscode-diffEditor-insertedTextBackground: rgba(156, 204, 44, 0.2);
  --vscode-diffEditor-removedTextBackground: rgba(255, 0, 0, 0.4);
  --vscode-symbolIcon-keywordForeground: #569cd6;
  --vscode-symbolIcon-functionForeground: #dcdcaa;
  --vscode-symbolIcon-classForeground: #4ec9b0;
  --vscode-symbolIcon-variableForeground: #9cdcfe;
  --vscode-debugTokenExpression-string: #ce9178;
  --vscode-debugTokenExpression-number: #b5cea8;
  --vscode-debugTokenExpression-name: #c586c0;
  --vscode-terminal-background: #181818;
  --vscode-inputValidation-warningBackground: #352a05;
  --vscode-inputValidation-warningBorder: #b89500;
  --vscode-list-activeSelectionBackground: #04395e;
  --vscode-list-activeSelectionForeground: #ffffff;
  --vscode-widget-shadow: rgba(0, 0, 0, 0.36);
}`;
