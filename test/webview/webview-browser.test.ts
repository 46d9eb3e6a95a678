/**
 * The built webview (dist/webview.js + .css) in real Chromium under the
 * real CSP: what the unit tests cannot see (DOM, layout, focus, keys).
 * Skipped when /usr/bin/chromium is missing (`apt-get install -y chromium`)
 * or the bundle was not built (`npm test` builds it first).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ServerNotification, ThreadItem, Turn } from '../../server/protocol';
import { buildFixtureThread } from '../../bench/webview-fixture';
import { chromiumAvailable, launchWebviewBrowser, waitForExpression, type WebviewBrowser, type WebviewPage } from '../../bench/webview-page';

const DIST = join(__dirname, '..', '..', 'dist');
const skip = !chromiumAvailable() ? 'no /usr/bin/chromium' : !existsSync(join(DIST, 'webview.js')) ? 'dist/webview.js not built' : false;

const ids = { threadId: 'bench-thread', turnId: 'live-turn' };
const liveTurn = (status: Turn['status']): Turn => ({ id: 'live-turn', items: [], status, error: null, startedAt: null, completedAt: null, durationMs: null });
const note = (notification: ServerNotification) => ({ type: 'server/notification', notification });
const started = (item: ThreadItem) => note({ method: 'item/started', params: { ...ids, startedAtMs: 1, item } });
const command = (id: string): ThreadItem => ({
  type: 'commandExecution',
  id,
  command: "/bin/bash -lc 'git pull'",
  cwd: '/work/project',
  status: 'inProgress',
  commandActions: [],
  aggregatedOutput: null,
  exitCode: null,
  durationMs: null,
  processId: null,
  source: 'agent',
  pluginId: null,
  scriptPath: null,
});

/** Polls `check` (the page redraws on animation frames, not on our calls). */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('webview in Chromium', { skip, timeout: 120_000 }, () => {
  let chromium: WebviewBrowser;
  before(async () => {
    chromium = await launchWebviewBrowser(DIST);
  });
  after(async () => {
    await chromium?.close();
  });

  async function open(history = 30): Promise<WebviewPage> {
    const webview = await chromium.openPage({ width: 900, height: 700 });
    await webview.post({ type: 'thread/opened', threadId: 'bench-thread', model: 'mock-model' });
    if (history) {
      await webview.post({ type: 'thread/history', thread: buildFixtureThread(history) });
      await webview.page.waitForSelector('.vl-row');
    }
    return webview;
  }

  async function healthy(webview: WebviewPage): Promise<void> {
    assert.deepEqual(await webview.violations(), []);
    assert.deepEqual(webview.errors, []);
  }

  it('renders every kind of item from thread/history under the CSP', async () => {
    const webview = await open(12);
    const { page } = webview;
    await page.locator('.transcript').evaluate((element) => (element.scrollTop = 0));
    await page.waitForSelector('.vl-row[data-key="user-0"]');
    assert.match(await page.locator('.vl-row[data-key="user-0"]').innerText(), /Step 0: the test in src\/module-0\.ts fails/);
    assert.equal(await page.locator('.vl-row[data-key="rs-0"] details summary').innerText(), 'Thought: Inspecting src/module-0.ts');
    assert.equal(await page.locator('.vl-row[data-key="cmd-0"] .tool-command').innerText(), 'npm test -- src/module-0.ts');
    assert.equal(await page.locator('.vl-row[data-key="cmd-0"] .tool-status').innerText(), 'Exit 1');
    assert.equal(await page.locator('.vl-row[data-key="patch-0"] .d2h-diff-table .d2h-ins').count() > 0, true);
    assert.equal(await page.locator('.vl-row[data-key="msg-0"] pre code .hljs-keyword').first().innerText(), 'export');
    // Paths inside the thread's cwd are shown relative to it.
    assert.equal(await page.locator('.vl-row[data-key="patch-0"] .file-path').innerText(), 'src/module-0.ts');
    await healthy(webview);
    await webview.close();
  });

  it('keeps the DOM bounded on a 5,000-item thread and starts at the bottom', async () => {
    const webview = await open(5000);
    const { page } = webview;
    const lastTurn = buildFixtureThread(5000).turns.at(-1)!;
    await page.waitForSelector(`.vl-row[data-key="${lastTurn.items.at(-1)!.id}"]`);
    const state = await page.evaluate(() => {
      const scroller = document.querySelector('.transcript') as HTMLElement;
      return {
        rows: document.querySelectorAll('.vl-row').length,
        elements: document.getElementsByTagName('*').length,
        distanceFromBottom: scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight,
      };
    });
    assert.ok(state.rows < 60, `${state.rows} rows in the DOM`);
    assert.ok(state.elements < 3000, `${state.elements} elements in the DOM`);
    assert.ok(state.distanceFromBottom < 2, `${state.distanceFromBottom} px from the bottom`);
    await healthy(webview);
    await webview.close();
  });

  it('holds the reading position while a reply streams, until "Jump to latest"', async () => {
    const webview = await open(300);
    const { page } = webview;
    await page.locator('.transcript').evaluate((element) => (element.scrollTop -= 1200));
    await page.waitForSelector('.jump-to-latest:not([hidden])');
    const reading = await page.evaluate(() => {
      const top = document.querySelector('.transcript')!.getBoundingClientRect().top;
      const row = [...document.querySelectorAll<HTMLElement>('.vl-row')].find((candidate) => candidate.getBoundingClientRect().top >= top)!;
      return { key: row.dataset.key!, top: row.getBoundingClientRect().top };
    });
    await webview.post(note({ method: 'turn/started', params: { threadId: 'bench-thread', turn: liveTurn('inProgress') } }));
    await webview.post(started({ type: 'agentMessage', id: 'live', text: '', phase: null, memoryCitation: null, moderation: null, delivery: null, questions: null }));
    for (let index = 0; index < 40; index++) {
      await webview.post(note({ method: 'item/agentMessage/delta', params: { ...ids, itemId: 'live', delta: `line ${index}\n\n` } }));
    }
    await page.waitForTimeout(100);
    const top = await page.locator(`.vl-row[data-key="${reading.key}"]`).evaluate((row) => row.getBoundingClientRect().top);
    assert.ok(Math.abs(top - reading.top) < 2, `the row moved from ${reading.top} to ${top}`);
    await page.getByRole('button', { name: '↓ Jump to latest' }).click();
    // A long reply's markdown may render up to 150 ms late while it streams (throttled), so poll.
    await eventually(async () => /line 39/.test(await page.locator('.vl-row[data-key="live"]').innerText()), 'the streamed text');
    assert.equal(await page.locator('.jump-to-latest').isHidden(), true);
    await healthy(webview);
    await webview.close();
  });

  it('keeps a section the user expands at the bottom in view instead of following past it', async () => {
    const webview = await open(12);
    const { page } = webview;
    const output = Array.from({ length: 80 }, (_, line) => `line ${line}`).join('\n');
    await webview.post(note({ method: 'item/completed', params: { ...ids, completedAtMs: 2, item: { ...command('cmd-long'), status: 'completed', exitCode: 0, aggregatedOutput: output } as ThreadItem } }));
    const summary = page.locator('.vl-row[data-key="cmd-long"] summary');
    await summary.waitFor();
    const before = await summary.evaluate((element) => element.getBoundingClientRect().top);
    await summary.click();
    await page.locator('.vl-row[data-key="cmd-long"] pre.output').waitFor();
    await page.waitForTimeout(100);
    const after = await summary.evaluate((element) => element.getBoundingClientRect().top);
    assert.ok(Math.abs(after - before) < 2, `the summary moved from ${before} to ${after}`);
    assert.equal(await page.locator('.jump-to-latest').isVisible(), true);
    await healthy(webview);
    await webview.close();
  });

  it('answers an approval inline once, then shows the outcome', async () => {
    const webview = await open(0);
    const { page } = webview;
    await webview.post(note({ method: 'turn/started', params: { threadId: 'bench-thread', turn: liveTurn('inProgress') } }));
    await webview.post(started(command('cmd-live')));
    await webview.post({
      type: 'approval/requested',
      approvalKey: 'key-1',
      method: 'item/commandExecution/requestApproval',
      params: {
        ...ids,
        itemId: 'cmd-live',
        startedAtMs: 1,
        command: "/bin/bash -lc 'git pull'",
        cwd: '/work/project',
        reason: 'Fetch the latest commits',
        availableDecisions: ['accept', 'acceptForSession', { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['git', 'pull'] } }, 'decline', 'cancel'],
      },
    });
    const card = page.getByRole('group', { name: 'Run this command?' });
    await card.waitFor();
    assert.deepEqual(await card.getByRole('button').allInnerTexts(), ['Approve', 'Approve for this session', 'Always allow git pull', 'Deny', 'Deny and stop']);
    assert.equal(await page.locator('.turn-status').innerText(), 'Waiting for your approval');
    await card.getByRole('button', { name: 'Always allow `git pull`' }).click();
    assert.equal(await card.getByRole('button', { name: 'Approve', exact: true }).isDisabled(), true);
    const answers = (await webview.posted()).filter((message) => message.type === 'approval/answer');
    assert.deepEqual(answers, [{ type: 'approval/answer', approvalKey: 'key-1', decision: { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['git', 'pull'] } } }]);
    await webview.post({ type: 'approval/settled', approvalKey: 'key-1', decision: 'accept' });
    await page.waitForSelector('.approval.settled');
    assert.equal(await card.locator('.approval-outcome').innerText(), 'Approved');
    await healthy(webview);
    await webview.close();
  });

  it('asks the host to open the native diff for a file change', async () => {
    const webview = await open(6);
    await webview.page.locator('.vl-row[data-key="patch-0"]').getByRole('button', { name: 'Review this file in the diff editor' }).click();
    assert.deepEqual((await webview.posted()).filter((message) => message.type === 'diff/open'), [{ type: 'diff/open', itemId: 'patch-0' }]);
    await webview.close();
  });

  it('sends on Enter, and while a turn runs queues on Enter, steers on Ctrl+Enter, stops on Stop', async () => {
    const webview = await open(0);
    const { page } = webview;
    const prompt = page.getByRole('combobox', { name: 'Message Codex' });
    await prompt.fill('first line');
    await prompt.press('Shift+Enter');
    await prompt.pressSequentially('second');
    await prompt.press('Enter');
    await webview.post(note({ method: 'turn/started', params: { threadId: 'bench-thread', turn: liveTurn('inProgress') } }));
    await page.getByRole('button', { name: 'Steer' }).waitFor();
    await prompt.fill('later please');
    await prompt.press('Enter');
    await prompt.fill('also this now');
    await prompt.press('Control+Enter');
    await page.getByRole('button', { name: 'Stop' }).click();
    const sent = (await webview.posted()).filter((message) => ['send', 'steer', 'interrupt'].includes(String(message.type)));
    assert.deepEqual(
      sent.map(({ requestId: _id, ...message }) => message),
      [
        { type: 'send', text: 'first line\nsecond' },
        { type: 'send', text: 'later please' },
        { type: 'steer', text: 'also this now' },
        { type: 'interrupt' },
      ],
    );
    assert.equal(await prompt.inputValue(), '');
    await healthy(webview);
    await webview.close();
  });

  it('mentions a file through the @ combobox, by keyboard', async () => {
    const webview = await open(0);
    const { page } = webview;
    const prompt = page.getByRole('combobox', { name: 'Message Codex' });
    await prompt.pressSequentially('fix @mai');
    await waitForExpression(page, 'window.__bench.posted.some((message) => message.type === "files/search" && message.query === "mai")');
    const search = (await webview.posted()).filter((message) => message.type === 'files/search').at(-1)!;
    await webview.post({ type: 'files/searchResult', requestId: search.requestId, files: [{ path: 'src/main.ts', label: 'main.ts' }, { path: 'lib/main.rs', label: 'main.rs' }] });
    await page.getByRole('listbox', { name: 'Files to mention' }).waitFor();
    assert.equal(await prompt.getAttribute('aria-expanded'), 'true');
    await prompt.press('ArrowDown');
    const active = await prompt.getAttribute('aria-activedescendant');
    assert.equal(await page.locator(`#${active}`).innerText(), 'main.rs\nlib/main.rs');
    await prompt.press('Enter');
    assert.equal(await prompt.inputValue(), 'fix @lib/main.rs ');
    assert.equal(await prompt.getAttribute('aria-expanded'), 'false');
    await prompt.pressSequentially('please');
    await prompt.press('Enter');
    const send = (await webview.posted()).find((message) => message.type === 'send');
    assert.deepEqual({ text: send?.text, mentions: send?.mentions }, { text: 'fix @lib/main.rs please', mentions: ['lib/main.rs'] });
    await healthy(webview);
    await webview.close();
  });

  it('renders an item type it does not know without failing', async () => {
    const webview = await open(0);
    await webview.post(started({ type: 'hologram', id: 'x-1', payload: { depth: 3 } } as unknown as ThreadItem));
    await webview.page.waitForSelector('.vl-row[data-key="x-1"]');
    assert.equal(await webview.page.locator('.vl-row[data-key="x-1"] .generic-label').innerText(), 'Hologram');
    await healthy(webview);
    await webview.close();
  });
});
