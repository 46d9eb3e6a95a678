/**
 * The VS Code workbench in headless Debian Chromium through playwright-core
 * (no browser download): opening a folder with our extension in
 * development mode and an extension-host test module (the `payload`
 * dev/test paths), the command palette, and webview frames. Selectors and
 * quirks: ../shared/E2E.md §3–§6.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../test/support/chromium-launch';
import { playwright } from './install';

export interface Workbench {
  page: Page;
  /** Log lines the workbench reported (extension host console included). */
  logs: string[];
  /** Resolves with the exit code of the extension-host test module's run(). */
  testsExited: Promise<number>;
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  url: string;
  folder: string;
  extensionPath: string;
  testsPath: string;
  /** Chromium's HOME (it writes crash reports and dconf there). */
  home: string;
}

export async function openWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  await mkdir(join(options.home, '.config'), { recursive: true });
  const browser: Browser = await playwright().chromium.launch(chromiumLaunchOptions(options.home));
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const logs: string[] = [];
  let exit: (code: number) => void = () => undefined;
  const testsExited = new Promise<number>((resolve) => (exit = resolve));
  await page.exposeFunction('codeAutomationLog', (level: string, message: unknown) => logs.push(`${level}: ${String(message)}`));
  await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
  page.on('console', (message) => logs.push(`console.${message.type()}: ${message.text()}`));
  const remote = (path: string) => `vscode-remote://remote${path}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(options.extensionPath)],
    ['extensionTestsPath', remote(options.testsPath)],
    ['skipWelcome', 'true'],
  ]);
  await page.goto(`${options.url}/?folder=${encodeURIComponent(options.folder)}&payload=${encodeURIComponent(payload)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return { page, logs, testsExited, close: () => browser.close() };
}

export interface BrowserWorkbench {
  page: Page;
  logs: string[];
  close(): Promise<void>;
}

/** The workbench on a folder, with the extensions installed in code-server (no dev/test payload). */
export async function openFolder(options: { url: string; folder: string; home: string }): Promise<BrowserWorkbench> {
  await mkdir(join(options.home, '.config'), { recursive: true });
  const browser: Browser = await playwright().chromium.launch(chromiumLaunchOptions(options.home));
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(15_000);
  const logs: string[] = [];
  page.on('console', (message) => logs.push(`console.${message.type()}: ${message.text()}`));
  await page.goto(`${options.url}/?folder=${encodeURIComponent(options.folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return { page, logs, close: () => browser.close() };
}

/** Runs a command from the palette; retries while the extension host is still starting. */
export async function runCommand(page: Page, title: string, attempts = 10): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = page.locator(`.quick-input-list .monaco-list-row[aria-label^="${title}"]`).first();
    try {
      await row.waitFor({ timeout: 2000 });
      await page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden', timeout: 10_000 });
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (attempt >= attempts) throw error;
      await page.waitForTimeout(300);
    }
  }
}

/**
 * The content frame of the i-th visible webview (outer iframe, then its active inner frame). Visible only:
 * VS Code 1.139 keeps hidden webview iframes of its own (e.g. the Chat views') in the page.
 */
export function webviewFrame(page: Page, index = 0): FrameLocator {
  return page.locator('iframe.webview.ready:visible').nth(index).contentFrame().locator('iframe#active-frame').contentFrame();
}

/**
 * "Developer: Reload Window" from the palette, as a user reloads. In the web
 * workbench this awaits a storage flush (editor layout, webview state →
 * IndexedDB) before it navigates. A raw page.reload() only starts that flush
 * in beforeunload and does not wait for it, so the restored layout can miss
 * the webview tab. Resolves once a new workbench document is up.
 */
export async function reloadWindow(page: Page): Promise<void> {
  const marker = '__codexE2eBeforeReload';
  await page.evaluate((key) => void ((globalThis as Record<string, unknown>)[key] = true), marker);
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 60_000 });
  await runCommand(page, 'Developer: Reload Window');
  await navigated;
  await page.waitForFunction((key) => !(globalThis as Record<string, unknown>)[key], marker, { timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
}
