/**
 * The web runtime end to end: the built server (`--listen http://127.0.0.1:0`)
 * with the scripted model, and its page (dist/web.js + web.css) in real
 * Chromium under the page's real CSP. One browser context is one browser
 * profile: its tabs share the cookie the first tab got for the printed
 * token. Skipped when /usr/bin/chromium is missing or the web bundle was not
 * built (`npm test` builds it first). The thread picker's scenario runs its
 * own server, with stdio beside HTTP to make many threads quickly. The page-look scenario saves
 * e2e/screenshots/7-web-runtime.png once its assertions passed.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumAvailable, CHROMIUM } from '../../bench/webview-page';
import { chromiumLaunchOptions } from '../support/chromium-launch';
import { deltasMessage, startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { modelEnv, threadWithTurns } from '../support/scenarios';
import { startServer, startWebServer, temporaryHome, type ServerProcess } from '../support/server-process';
import { execCall, patchCall } from '../support/tool-calls';
import { PAGE_SIZE } from '../../webview/web/thread-list';

const DIST = join(__dirname, '..', '..', 'dist');
const SCREENSHOT = join(__dirname, '..', '..', 'e2e', 'screenshots', '7-web-runtime.png');
const skip = !chromiumAvailable() ? 'no /usr/bin/chromium' : !existsSync(join(DIST, 'web.js')) ? 'dist/web.js not built' : false;

/** A tab and what went wrong in it (page errors, console errors, CSP violations). */
interface Tab {
  page: Page;
  errors: string[];
  violations(): Promise<string[]>;
}

const RECORD_VIOLATIONS = `
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (event) =>
    window.__violations.push(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline')));
`;

async function openTab(context: BrowserContext, url: string): Promise<Tab> {
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
  });
  await page.addInitScript(RECORD_VIOLATIONS);
  await page.goto(url);
  return { page, errors, violations: async () => (await page.evaluate('window.__violations')) as string[] };
}

async function healthy(tab: Tab): Promise<void> {
  assert.deepEqual(await tab.violations(), []);
  assert.deepEqual(tab.errors, []);
}

/** Polls the page (it redraws on animation frames, not on our calls). */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const transcriptText = (tab: Tab) => tab.page.locator('.transcript').innerText();
const turnStatus = (tab: Tab) => tab.page.locator('.turn-status').innerText();

async function send(tab: Tab, text: string): Promise<void> {
  // A plain text box: the page has no `@` file picker, so the prompt is no combobox.
  const prompt = tab.page.getByRole('textbox', { name: 'Message Codex' });
  await prompt.fill(text);
  await prompt.press('Enter');
}

/** The thread the tab's address names, once it names one. */
async function threadOf(tab: Tab): Promise<string> {
  await eventually(async () => new URL(tab.page.url()).searchParams.has('thread'), 'the thread id in the address');
  return new URL(tab.page.url()).searchParams.get('thread')!;
}

describe('web runtime in Chromium', { skip, timeout: 180_000 }, () => {
  let model: MockModel;
  let server: ServerProcess;
  let address: string;
  let origin: string;
  let workspace: string;
  let chromeHome: string;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    model = await startMockModel();
    workspace = mkdtempSync(join(tmpdir(), 'codex-threads-web-workspace-'));
    ({ server, address } = await startWebServer({ env: modelEnv(model), cwd: workspace }));
    origin = new URL(address).origin;
    chromeHome = mkdtempSync(join(tmpdir(), 'codex-threads-chromium-'));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch(chromiumLaunchOptions(chromeHome, CHROMIUM));
    context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  });

  after(async () => {
    await browser?.close();
    await server?.terminate();
    await model?.close();
    for (const folder of [workspace, chromeHome]) if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('signs in with the printed address, streams a turn, and names the thread in the address', async () => {
    const reply = 'Hello from the web runtime, streamed in pieces.';
    model.enqueue({ output: [textMessage(reply, { chunks: 6, delayMs: 20 })] });
    const tab = await openTab(context, address);
    await send(tab, 'Say hello');
    await eventually(async () => (await transcriptText(tab)).includes(reply), 'the streamed answer');
    await eventually(async () => (await turnStatus(tab)) === '', 'the turn to end');
    const url = new URL(tab.page.url());
    assert.equal(url.hash, '', 'the token left the address');
    assert.match(url.searchParams.get('thread') ?? '', /\S/);
    assert.match(await transcriptText(tab), /Say hello/);
    // What the model received is the page's prompt.
    assert.match(JSON.stringify(model.requests.at(-1)!.body.input), /Say hello/);
    await healthy(tab);
    await tab.page.close();
  });

  it('answers a command approval from the inline card', async () => {
    const call = execCall('echo approved-in-the-page > approved.txt', {
      login: false,
      sandbox_permissions: 'require_escalated',
      justification: 'Write approved.txt for the web test',
    });
    model.enqueue({ output: [call] }, { output: [textMessage('Wrote approved.txt.')] });
    const tab = await openTab(context, `${origin}/`);
    await send(tab, 'write the file');
    const card = tab.page.getByRole('group', { name: 'Run this command?' });
    await card.waitFor();
    assert.match(await card.innerText(), /Write approved\.txt for the web test/);
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await eventually(async () => (await transcriptText(tab)).includes('Wrote approved.txt.'), 'the answer after the command');
    assert.equal(readFileSync(join(workspace, 'approved.txt'), 'utf8'), 'approved-in-the-page\n');
    await tab.page.waitForSelector('.approval.settled');
    assert.equal(await card.locator('.approval-outcome').innerText(), 'Approved');
    await healthy(tab);
    await tab.page.close();
  });

  it('is a web page: its own header, no @ mentions, the inline diff as the review (screenshot 7)', async () => {
    writeFileSync(join(workspace, 'parse.ts'), 'export function tokens(text: string): string[] {\n  return text.split(/\\s+/);\n}\n');
    const answer = [
      'The tokenizer splits on runs of whitespace, so input that **starts or ends** with a space yields an empty token:',
      '',
      '- `" a b".split(/\\s+/)` gives `["", "a", "b"]`',
      '- the parser then reads `""` as a name',
      '',
      'Dropping the empty pieces fixes both ends:',
      '',
      '```ts',
      'return text.split(/\\s+/).filter(Boolean);',
      '```',
    ].join('\n');
    const patch = [
      '*** Begin Patch',
      '*** Update File: parse.ts',
      '@@',
      ' export function tokens(text: string): string[] {',
      '-  return text.split(/\\s+/);',
      '+  return text.split(/\\s+/).filter(Boolean);',
      ' }',
      '*** End Patch',
    ].join('\n');
    model.enqueue({ output: [textMessage(answer, { chunks: 8, delayMs: 10 }), patchCall(patch)] }, { output: [textMessage('Fixed parse.ts.')] });
    // The picture the README shows: light scheme, a laptop-sized window (and a small file).
    const shots = await browser.newContext({ viewport: { width: 1100, height: 800 }, colorScheme: 'light' });
    try {
      const first = await openTab(shots, address);
      await first.page.getByRole('textbox', { name: 'Message Codex' }).waitFor();
      assert.equal(await first.page.getByRole('combobox').count(), 0, 'no @ file picker');
      assert.equal(await first.page.locator('.composer-hint').innerText(), 'Enter sends · Shift+Enter new line');
      const prompt = 'Why does the tokenizer return empty tokens?';
      await send(first, prompt);
      await first.page.getByRole('group', { name: 'Apply these changes?' }).waitFor();
      // A second tab resumes the thread mid-turn. Its history carries the thread's folder, so paths
      // show relative to it and the picture does not change with the temporary folder's name.
      const tab = await openTab(shots, `${origin}/?thread=${await threadOf(first)}`);
      const card = tab.page.getByRole('group', { name: 'Apply these changes?' });
      await card.waitFor();
      await eventually(async () => (await turnStatus(tab)) === 'Waiting for your approval', 'the pending approval in the status');
      assert.equal(await tab.page.locator('.page-header .page-brand').innerText(), 'Codex Threads');
      assert.equal(await tab.page.locator('.page-header .page-thread').innerText(), prompt);
      assert.equal(await tab.page.locator('.page-header .page-new-thread').getAttribute('href'), '/');
      assert.equal(await tab.page.title(), `${prompt} · Codex Threads`);
      assert.match(await tab.page.locator('.entry-agent .markdown').innerText(), /Dropping the empty pieces fixes both ends/);
      const change = tab.page.locator('.entry-file-change');
      assert.equal(await change.locator('.file-path').innerText(), 'parse.ts');
      assert.ok((await change.locator('.d2h-ins').count()) > 0, 'the inline diff is shown');
      assert.equal(await change.getByRole('button', { name: /diff editor/ }).count(), 0, 'no diff editor offered');
      const picture = await tab.page.screenshot({ animations: 'disabled' });

      await card.getByRole('button', { name: 'Approve', exact: true }).click();
      await eventually(async () => (await transcriptText(tab)).includes('Fixed parse.ts.'), 'the answer after the change');
      assert.match(readFileSync(join(workspace, 'parse.ts'), 'utf8'), /filter\(Boolean\)/);
      await healthy(first);
      await healthy(tab);
      writeFileSync(SCREENSHOT, picture);
    } finally {
      await shots.close();
    }
  });

  it('resumes a thread in a new tab after the old one closed mid-turn, and the turn completes', async () => {
    const chunks = Array.from({ length: 40 }, (_, index) => `part${index} `);
    model.enqueue({ output: [deltasMessage(chunks, { delayMs: 75 })] });
    const first = await openTab(context, `${origin}/`);
    await send(first, 'take your time');
    await eventually(async () => (await transcriptText(first)).includes('part2 '), 'the first pieces of the slow answer');
    const threadId = await threadOf(first);
    await first.page.close();

    const second = await openTab(context, `${origin}/?thread=${threadId}`);
    // Resumed while the turn still runs (the closed tab did not stop it): the rest arrives live.
    await eventually(async () => (await turnStatus(second)) === 'Working…', 'the running turn in the new tab');
    await eventually(async () => (await transcriptText(second)).includes('part39'), 'the rest of the answer in the new tab');
    await eventually(async () => (await turnStatus(second)) === '', 'the resumed turn to end');
    const text = await transcriptText(second);
    assert.match(text, /take your time/);
    assert.ok(text.includes(chunks.join('').trim()), `the whole answer, once:\n${text}`);
    assert.equal(text.split('part0 ').length - 1, 1, 'no piece shown twice');
    await healthy(second);
    await second.page.close();
  });

  it('shows the same thread live in two tabs; an approval answered in one is settled in the other', async () => {
    model.enqueue({ output: [textMessage('First, a plain answer.', { chunks: 4, delayMs: 20 })] });
    const one = await openTab(context, `${origin}/`);
    await send(one, 'start here');
    await eventually(async () => (await transcriptText(one)).includes('First, a plain answer.'), 'the first answer');
    await eventually(async () => (await turnStatus(one)) === '', 'the first turn to end');
    const threadId = await threadOf(one);
    const two = await openTab(context, `${origin}/?thread=${threadId}`);
    await eventually(async () => (await transcriptText(two)).includes('First, a plain answer.'), 'the history in the second tab');

    const reply = 'Both tabs see this answer as it streams.';
    const call = execCall('echo from-two-tabs > two-tabs.txt', { login: false, sandbox_permissions: 'require_escalated', justification: 'Write two-tabs.txt' });
    model.enqueue({ output: [textMessage(reply, { chunks: 5, delayMs: 20 }), call] }, { output: [textMessage('Done in both.')] });
    await send(one, 'now the shared part');
    for (const tab of [one, two]) {
      await eventually(async () => (await transcriptText(tab)).includes(reply), 'the streamed answer in each tab');
      await tab.page.getByRole('group', { name: 'Run this command?' }).waitFor();
    }
    assert.match(await transcriptText(two), /now the shared part/);
    await two.page.getByRole('group', { name: 'Run this command?' }).getByRole('button', { name: 'Approve', exact: true }).click();
    for (const tab of [one, two]) {
      await eventually(async () => (await transcriptText(tab)).includes('Done in both.'), 'the end of the turn in each tab');
      await tab.page.waitForSelector('.approval.settled');
    }
    assert.equal(readFileSync(join(workspace, 'two-tabs.txt'), 'utf8'), 'from-two-tabs\n');
    // The tab that did not answer learns the request was settled elsewhere.
    assert.equal(await one.page.locator('.approval-outcome').innerText(), 'No longer pending');
    assert.equal(await two.page.locator('.approval-outcome').innerText(), 'Approved');
    await healthy(one);
    await healthy(two);
    await one.page.close();
    await two.page.close();
  });

  it('tells a tab with a wrong token (and no cookie) to open the printed address', async () => {
    const stranger = await browser.newContext();
    try {
      const tab = await openTab(stranger, `${origin}/#token=not-the-token`);
      await eventually(
        async () => (await transcriptText(tab)).includes('Open the address the server printed at start; it carries the access token.'),
        'the access hint',
      );
      assert.deepEqual(await tab.violations(), []);
    } finally {
      await stranger.close();
    }
  });

  it('lists recent threads in the header picker, a page at a time, and opens the one picked', async () => {
    const home = temporaryHome();
    const own = startServer({ env: modelEnv(model), cwd: workspace, home, args: ['app-server', '--listen', 'stdio://', '--listen', 'http://127.0.0.1:0'] });
    const profile = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    try {
      const [, printed] = await own.waitForStderr(/open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/);
      const pageOrigin = new URL(printed).origin;
      model.enqueue({ output: [textMessage('The older answer.')] });
      const first = await openTab(profile, printed);
      await send(first, 'Picker: the older thread');
      await eventually(async () => (await transcriptText(first)).includes('The older answer.'), 'the older answer');
      await eventually(async () => (await turnStatus(first)) === '', 'the older turn to end');
      const olderId = await threadOf(first);
      await first.page.close();

      // A page's worth of threads in between (one of them archived, so not listed): the older thread moves to the second page.
      await own.initialize();
      const fillers: string[] = [];
      for (let index = 0; index < PAGE_SIZE; index++) fillers.push((await threadWithTurns(own, model, [`filler thread ${index}`])).threadId);
      await own.call('thread/archive', { threadId: fillers[0] });

      model.enqueue({ output: [textMessage('The newer answer.')] });
      const tab = await openTab(profile, `${pageOrigin}/`);
      await send(tab, 'Picker: the newer thread');
      await eventually(async () => (await transcriptText(tab)).includes('The newer answer.'), 'the newer answer');
      await eventually(async () => (await turnStatus(tab)) === '', 'the newer turn to end');
      const newerId = await threadOf(tab);
      const focused = () => tab.page.evaluate(() => document.activeElement?.getAttribute('href') ?? document.activeElement?.textContent ?? null);

      const toggle = tab.page.locator('.page-header').getByRole('button', { name: 'Threads' });
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      await toggle.click();
      const picker = tab.page.getByRole('dialog', { name: 'Recent threads' });
      const links = picker.getByRole('link');
      const more = picker.getByRole('button', { name: 'Show more' });
      await more.waitFor();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      assert.equal(await links.count(), PAGE_SIZE);
      // Newest first, the page's own thread marked and focused; every link is the plain page address, without the token.
      // Title, then when it was last updated and the folder it works in.
      const folder = basename(workspace);
      assert.match(await links.first().innerText(), new RegExp(`^Picker: the newer thread\\n(just now|1 min ago)\\n${folder}$`));
      assert.equal(await links.first().getAttribute('aria-current'), 'page');
      assert.equal(await links.first().getAttribute('href'), `/?thread=${newerId}`);
      assert.equal(await focused(), `/?thread=${newerId}`);
      assert.match(await links.nth(1).innerText(), new RegExp(`^filler thread ${PAGE_SIZE - 1}\\n(just now|1 min ago)\\n${folder}$`));
      assert.equal(await links.nth(1).getAttribute('aria-current'), null);
      assert.equal(await picker.getByRole('link', { name: /filler thread 0\b/ }).count(), 0, 'the archived thread is not listed');
      assert.equal(await picker.getByRole('link', { name: /Picker: the older thread/ }).count(), 0, 'the older thread is on the second page');
      for (const href of await links.evaluateAll((all) => all.map((link) => link.getAttribute('href')))) assert.match(href ?? '', /^\/\?thread=[\w-]+$/);

      // The keyboard: arrows move between entries; "Show more" appends the next page and focuses its first entry.
      await tab.page.keyboard.press('ArrowDown');
      assert.equal(await focused(), await links.nth(1).getAttribute('href'));
      await tab.page.keyboard.press('End');
      assert.equal(await focused(), 'Show more');
      await tab.page.keyboard.press('Enter');
      const olderLink = picker.getByRole('link', { name: /Picker: the older thread/ });
      await olderLink.waitFor();
      assert.equal(await links.count(), PAGE_SIZE + 1);
      assert.equal(await more.isVisible(), false, 'no third page');
      assert.equal(await focused(), `/?thread=${olderId}`);
      // Escape closes and gives focus back to the button.
      await tab.page.keyboard.press('Escape');
      assert.equal(await picker.isVisible(), false);
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.equal(await focused(), 'Threads');

      // Picking the older thread opens its page: its history, its id in the address, and it is the one marked.
      await toggle.press('Enter');
      await more.click();
      await olderLink.click();
      await tab.page.waitForURL((url) => url.searchParams.get('thread') === olderId);
      await eventually(async () => (await transcriptText(tab)).includes('The older answer.'), 'the older thread\'s history');
      assert.match(await transcriptText(tab), /Picker: the older thread/);
      assert.doesNotMatch(await transcriptText(tab), /The newer answer\./);
      assert.equal(await tab.page.locator('.page-header .page-thread').innerText(), 'Picker: the older thread');
      await toggle.click();
      await more.click();
      await eventually(async () => (await olderLink.getAttribute('aria-current')) === 'page', 'the older thread marked as the current one');
      assert.equal(await links.first().getAttribute('aria-current'), null);
      await tab.page.mouse.click(5, 400); // outside the list
      assert.equal(await picker.isVisible(), false);
      await healthy(tab);
    } finally {
      await profile.close();
      await own.terminate().catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('says when the thread list is loading or could not load, and retries', async () => {
    const tab = await openTab(context, `${origin}/`);
    await tab.page.getByRole('textbox', { name: 'Message Codex' }).waitFor();
    // Hold the page's `thread/list` message, then refuse it; everything else passes.
    let release: (() => void) | undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await tab.page.route('**/rpc?session=*', async (route) => {
      if (!(route.request().postData() ?? '').includes('"thread/list"')) return route.continue();
      await held;
      await route.fulfill({ status: 500, body: 'listing is down' });
    });
    await tab.page.getByRole('button', { name: 'Threads' }).click();
    const picker = tab.page.getByRole('dialog', { name: 'Recent threads' });
    const status = picker.getByRole('status');
    await eventually(async () => (await status.innerText()) === 'Loading threads…', 'the loading state');
    assert.equal(await picker.getAttribute('aria-busy'), 'true');
    release!();
    await eventually(async () => (await status.innerText()).startsWith('Could not load threads:'), 'the failure');
    assert.equal(await status.innerText(), 'Could not load threads: The Codex server refused the message (HTTP 500: listing is down)');
    assert.equal(await picker.getByRole('link').count(), 0);
    const retry = picker.getByRole('button', { name: 'Retry' });
    assert.equal(await tab.page.evaluate(() => document.activeElement?.textContent), 'Retry', 'focus on the retry');

    await tab.page.unroute('**/rpc?session=*');
    await retry.click();
    await eventually(async () => (await picker.getByRole('link').count()) > 0, 'the threads after the retry');
    assert.equal(await status.innerText(), '');
    assert.equal(await retry.isVisible(), false);
    assert.deepEqual(await tab.violations(), []);
    // Chromium logs the refused message's 500; nothing else may fail.
    assert.deepEqual(tab.errors.filter((error) => !/status of 500/.test(error)), []);
    await tab.page.close();
  });

  it('reconnects after a server restart and resumes the thread from its history', async () => {
    const home = temporaryHome();
    let restarted: ServerProcess | undefined;
    let first: ServerProcess | undefined;
    const profile = await browser.newContext();
    try {
      let printed: string;
      ({ server: first, address: printed } = await startWebServer({ env: modelEnv(model), cwd: workspace, home }));
      const port = Number(new URL(printed).port);
      model.enqueue({ output: [textMessage('Before the restart.')] });
      const tab = await openTab(profile, printed);
      await send(tab, 'one');
      await eventually(async () => (await transcriptText(tab)).includes('Before the restart.'), 'the first answer');
      await eventually(async () => (await turnStatus(tab)) === '', 'the first turn to end');
      const threadId = await threadOf(tab);

      // The page asks the new server for the thread again once it learns its session is gone.
      const resumed = tab.page.waitForRequest((request) => request.url().includes('/rpc?') && (request.postData() ?? '').includes('"thread/resume"'), {
        timeout: 30_000,
      });
      assert.equal(await first.terminate(), 0);
      // The same port and home: the same address, and the token the server keeps there.
      ({ server: restarted } = await startWebServer({ env: modelEnv(model), cwd: workspace, home, port }));
      assert.match((await resumed).postData() ?? '', new RegExp(`"threadId":"${threadId}"`));
      model.enqueue({ output: [textMessage('After the restart.')] });
      await send(tab, 'two');
      await eventually(async () => (await transcriptText(tab)).includes('After the restart.'), 'the answer on the new server');
      const text = await transcriptText(tab);
      assert.match(text, /Before the restart\./, 'the history was replayed');
      assert.equal(new URL(tab.page.url()).searchParams.get('thread'), threadId);
      assert.deepEqual(await tab.violations(), []);
      // Chromium logs the stream cut by the restart and the refused retries; nothing else may fail.
      assert.deepEqual(tab.errors.filter((error) => !/Failed to load resource: net::ERR_/.test(error)), []);
    } finally {
      await profile.close();
      await first?.terminate().catch(() => undefined);
      await restarted?.terminate().catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    }
  });
});
