/**
 * The user's paths, clicked in a real workbench: the packaged .vsix
 * (`npm run package`) installed into an isolated code-server 4.139.1
 * (VS Code 1.139.1; CODEX_THREADS_E2E_VSCODE=1.100 for 4.100.3), opened on a temp folder in headless Debian Chromium,
 * against the scripted loopback model. The scenarios run in order in one
 * window and build on each other (one thread grows through 1–5; 6 starts a
 * second one and reopens the first from the thread list).
 *
 * Each scenario saves its key moment to e2e/screenshots/<n>-*.png, and a
 * failure saves e2e/.cache/failures/<scenario>.png (gitignored).
 * E2E_KEEP=1 keeps the run folder (code-server logs, workspace).
 * Selectors and quirks: ../shared/E2E.md §4.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { startMockModel, textMessage, type MockModel } from '../test/support/mock-model';
import { execCall, patchCall } from '../test/support/tool-calls';
import { startCodeServer, type CodeServer } from './code-server';
import { install } from './install';
import { openFolder, reloadWindow, runCommand, type BrowserWorkbench } from './workbench';

const REPO = resolve(__dirname, '..');
const VSIX = join(REPO, 'codex-threads.vsix');
const SHOTS = join(REPO, 'e2e/screenshots');
const FAILURES = join(REPO, 'e2e/.cache/failures');

const FIRST_PROMPT = 'Say hello';
const GREETING = 'Hello from the scripted model, streamed in pieces.';
// The output (e2e-output-42) differs from the command's text, so finding it proves the command ran.
const COMMAND = 'mkdir -p made-by-e2e && echo e2e-output-$((6*7))';
const COMMAND_OUTPUT = 'e2e-output-42';
const DENIED_COMMAND = 'rm -rf made-by-e2e';
const BEFORE = 'alpha\nbeta\ngamma\n';
const AFTER = 'alpha\nBETA\ngamma\n';
const IDLE_PLACEHOLDER = 'Ask Codex…';

describe('Codex Threads in a real VS Code (code-server, .vsix)', { timeout: 600_000 }, () => {
  let run: string;
  let workspace: string;
  let model: MockModel;
  let server: CodeServer | undefined;
  let workbench: BrowserWorkbench | undefined;
  const page = () => workbench!.page;
  /** The newest reply in the first thread so far (scenarios 5 and 6 check it, whichever scenario wrote it). */
  let firstThreadLast = GREETING;

  before(async () => {
    assert.ok(existsSync(VSIX), 'run `npm run package` first (npm run test:e2e does)');
    const { installDir, node } = install();
    run = await mkdtemp(join(tmpdir(), 'codex-threads-e2e-ui-'));
    workspace = join(run, 'workspace');
    await mkdir(workspace, { recursive: true });
    await mkdir(SHOTS, { recursive: true });
    model = await startMockModel();
    server = await startCodeServer({
      installDir,
      node,
      runDir: join(run, 'code-server'),
      vsix: VSIX,
      settings: {
        'codexThreads.baseUrl': model.baseUrl,
        'codexThreads.model': 'mock-model',
        'codexThreads.approvalPolicy': 'untrusted',
        'codexThreads.sandboxMode': 'workspace-write',
      },
      env: { CODEX_THREADS_HOME: join(run, 'codex-home'), OPENAI_API_KEY: 'sk-e2e-not-a-real-key' },
    });
    workbench = await openFolder({ url: server.url, folder: workspace, home: join(run, 'chromium-home') });
  });

  after(async () => {
    await workbench?.close().catch(() => undefined);
    await server?.stop();
    await model?.close();
    if (run && !process.env.E2E_KEEP) await rm(run, { recursive: true, force: true });
    else if (run) console.error(`e2e: kept ${run}`);
  });

  /** A scenario: on failure, a screenshot and the tail of the logs, then the original error. */
  const scenario = (name: string, body: () => Promise<void>) =>
    it(name, { timeout: 120_000 }, async () => {
      try {
        await body();
      } catch (error) {
        await mkdir(FAILURES, { recursive: true });
        const file = join(FAILURES, `${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}.png`);
        await page().screenshot({ path: file }).catch(() => undefined);
        console.error(`e2e: failure screenshot ${file}\n--- workbench log (tail) ---\n${workbench?.logs.slice(-30).join('\n')}\n--- code-server (tail) ---\n${server?.output().slice(-2000)}`);
        throw error;
      }
    });

  const shot = (file: string) => page().screenshot({ path: join(SHOTS, file) });

  scenario('1. palette "Start Codex thread" → prompt → the streamed answer appears', async () => {
    await runCommand(page(), 'Codex: Start Codex thread');
    model.enqueue({ output: [textMessage(GREETING, { chunks: 8, delayMs: 30 })] });
    const chat = chatFrame(page());
    await send(chat, FIRST_PROMPT);
    await inTranscript(chat, GREETING).waitFor();
    await waitIdle(chat);
    assert.equal(model.requests.length, 1);
    await shot('1-streamed-answer.png');
  });

  scenario('2. a command needs approval: the modal shows it → Approve runs it; Deny → the model replies to the refusal', async () => {
    const chat = chatFrame(page());
    model.enqueue({ output: [execCall(COMMAND)] }, { output: [textMessage('The folder is made.')] });
    await send(chat, 'Make a folder');
    const dialog = await modal(page());
    assert.match(await dialog.locator('.dialog-message-text').innerText(), /Allow Codex to run/);
    assert.match(await dialog.locator('.dialog-message-detail').innerText(), /mkdir -p made-by-e2e/);
    await shot('2-command-approval.png');
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await chat.locator('pre.output', { hasText: COMMAND_OUTPUT }).first().waitFor();
    await inTranscript(chat, 'The folder is made.').waitFor();
    await waitIdle(chat);
    assert.ok(existsSync(join(workspace, 'made-by-e2e')), 'the approved command ran in the workspace');

    model.enqueue({ output: [execCall(DENIED_COMMAND)] }, { output: [textMessage('Understood: I left the folder alone.')] });
    await send(chat, 'Remove it again');
    const denial = await modal(page());
    assert.match(await denial.locator('.dialog-message-detail').innerText(), /rm -rf made-by-e2e/);
    await denial.getByRole('button', { name: 'Deny', exact: true }).click();
    await denial.waitFor({ state: 'hidden' });
    await inTranscript(chat, 'Understood: I left the folder alone.').waitFor();
    await waitIdle(chat);
    assert.ok(existsSync(join(workspace, 'made-by-e2e')), 'the denied command did not run');
  });

  scenario('3. a file change: the diff editor shows the proposal, disk unchanged → Approve writes; Deny leaves disk alone', async () => {
    const file = join(workspace, 'app.txt');
    await writeFile(file, BEFORE);
    const chat = chatFrame(page());
    model.enqueue(
      { output: [patchCall('*** Begin Patch\n*** Update File: app.txt\n@@\n alpha\n-beta\n+BETA\n gamma\n*** End Patch')] },
      { output: [textMessage('Capitalised beta.')] },
    );
    await send(chat, 'Capitalise beta in app.txt');
    const dialog = await modal(page());
    assert.match(await dialog.locator('.dialog-message-text').innerText(), /Allow Codex to change app\.txt/);
    const diff = page().locator('.editor-instance .monaco-diff-editor').first();
    await diff.waitFor();
    await diff.locator('.line-insert').first().waitFor();
    await diff.locator('.line-delete').first().waitFor();
    assert.equal(await readFile(file, 'utf8'), BEFORE, 'nothing is written before the approval');
    await shot('3-diff-approval.png');
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await until(async () => (await readFile(file, 'utf8')) === AFTER, 'the approved change on disk');
    await inTranscript(chatFrame(page()), 'Capitalised beta.').waitFor();
    await waitIdle(chatFrame(page()));

    model.enqueue(
      { output: [patchCall('*** Begin Patch\n*** Update File: app.txt\n@@\n alpha\n-BETA\n+Beta\n gamma\n*** End Patch')] },
      { output: [textMessage('Fine, app.txt stays as it is.')] },
    );
    await send(chatFrame(page()), 'Now make it Beta');
    const second = await modal(page());
    await page().locator('.editor-instance .monaco-diff-editor .line-insert').first().waitFor();
    await second.getByRole('button', { name: 'Deny', exact: true }).click();
    await second.waitFor({ state: 'hidden' });
    await inTranscript(chatFrame(page()), 'Fine, app.txt stays as it is.').waitFor();
    await waitIdle(chatFrame(page()));
    assert.equal(await readFile(file, 'utf8'), AFTER, 'the rejected change was not written');
    firstThreadLast = 'Fine, app.txt stays as it is.';
  });

  scenario('4. window reload mid-thread → the chat tab reopens with the whole history', async () => {
    // The palette command, not page.reload(): it awaits the workbench's state flush before navigating.
    await reloadWindow(page());
    const chat = chatFrame(page());
    await inTranscript(chat, 'Fine, app.txt stays as it is.').waitFor({ timeout: 30_000 });
    await scrollTranscript(chat, 'top');
    await inTranscript(chat, GREETING).waitFor();
    await inTranscript(chat, FIRST_PROMPT, { exact: true }).first().waitFor();
    await chat.locator('pre.output', { hasText: COMMAND_OUTPUT }).first().waitFor();
    await shot('4-after-reload.png');
    await scrollTranscript(chat, 'bottom');
  });

  scenario('5. the server process is killed → the extension restarts it → the next prompt works on the same thread', async () => {
    if ((await page().locator('iframe.webview.ready:visible').count()) === 0) {
      // No chat tab (scenario 4 failed and reports that itself): reopen the thread so this scenario still runs.
      console.error('e2e: scenario 5: no chat tab after scenario 4; reopening the thread from the thread list');
      await openFromThreadList(page(), FIRST_PROMPT);
      await inTranscript(chatFrame(page()), firstThreadLast).waitFor({ timeout: 30_000 });
    }
    const before = await until(() => {
      const pids = serverPids(server!.extensionsDir);
      return pids.length > 0 ? pids : undefined;
    }, 'the running App Server');
    for (const pid of before) process.kill(pid, 'SIGKILL');
    const after = await until(() => {
      const now = serverPids(server!.extensionsDir).filter((pid) => !before.includes(pid));
      return now.length > 0 ? now : undefined;
    }, 'a restarted App Server', 30_000);
    assert.ok(after.length > 0);
    const chat = chatFrame(page());
    const requestsBefore = model.requests.length;
    model.enqueue({ output: [textMessage('Still here after the restart.')] });
    await send(chat, 'Are you still there?');
    await inTranscript(chat, 'Still here after the restart.').waitFor({ timeout: 30_000 });
    await waitIdle(chat);
    const body = JSON.stringify(model.requests[requestsBefore]?.body ?? {});
    assert.ok(body.includes(FIRST_PROMPT) && body.includes('Are you still there?'), 'the prompt went to the same thread (its history was sent)');
    await shot('5-after-server-restart.png');
    firstThreadLast = 'Still here after the restart.';
  });

  scenario('6. the thread list → open an older thread → its history renders', async () => {
    await runCommand(page(), 'View: Close All Editors');
    await page().locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
    await runCommand(page(), 'Codex: Start Codex thread');
    model.enqueue({ output: [textMessage('A second, newer thread.')] });
    await send(chatFrame(page()), 'Second thread');
    await inTranscript(chatFrame(page()), 'A second, newer thread.').waitFor();
    await waitIdle(chatFrame(page()));

    await openFromThreadList(page(), FIRST_PROMPT, 'Second thread');
    const chat = chatFrame(page());
    await inTranscript(chat, firstThreadLast).waitFor({ timeout: 30_000 });
    await scrollTranscript(chat, 'top');
    await inTranscript(chat, GREETING).waitFor();
    await shot('6-thread-list.png');
  });
});

/** Opens the thread whose title starts with `title` from the Codex side bar's Threads view (after `alsoListed` rows are there). */
async function openFromThreadList(page: Page, title: string, ...alsoListed: string[]): Promise<void> {
  const view = page.locator('.pane', { has: page.locator('.pane-header[aria-label^="Threads"]') });
  // Clicking the activity bar icon of the view container already shown would close the side bar.
  if (!(await view.first().isVisible())) await page.locator('.part.activitybar .action-label[aria-label^="Codex"]').first().click();
  const row = view.locator(`.monaco-list-row[aria-label^="${title}"]`).first();
  await row.waitFor();
  for (const other of alsoListed) await view.locator(`.monaco-list-row[aria-label^="${other}"]`).first().waitFor();
  await row.click();
}

/** The visible chat webview's content frame (outer iframe, then its active inner frame). */
function chatFrame(page: Page): FrameLocator {
  return page.locator('iframe.webview.ready:visible').first().contentFrame().locator('iframe#active-frame').contentFrame();
}

async function send(chat: FrameLocator, text: string): Promise<void> {
  const composer = chat.locator('textarea').first();
  await composer.waitFor();
  await composer.fill(text);
  await composer.press('Enter');
}

/** The turn ended: the composer is back to its idle placeholder. */
async function waitIdle(chat: FrameLocator): Promise<void> {
  await chat.locator(`textarea[placeholder="${IDLE_PLACEHOLDER}"]`).waitFor({ timeout: 20_000 });
}

async function modal(page: Page) {
  const dialog = page.locator('.monaco-dialog-modal-block .monaco-dialog-box[role="dialog"]');
  await dialog.waitFor({ timeout: 20_000 });
  return dialog;
}

/** The transcript is a virtual list: rows far from the viewport are not in the DOM. */
async function scrollTranscript(chat: FrameLocator, where: 'top' | 'bottom'): Promise<void> {
  await chat.locator('.transcript').evaluate((element, to) => {
    element.scrollTop = to === 'top' ? 0 : element.scrollHeight;
  }, where);
}

async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
}

/** Our App Server processes in this run: `…/<run>/extensions/codex-threads…/dist/server.js`, not zombies. */
function serverPids(extensionsDir: string): number[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const running = stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
      return running && cmdline.includes(extensionsDir) && cmdline.includes('server.js') ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

/** Text in the transcript (not the screen-reader announcer, which repeats replies as "Codex replied: …"). */
function inTranscript(chat: FrameLocator, text: string, options: { exact?: boolean } = {}) {
  return chat.locator('.transcript').getByText(text, options).first();
}
