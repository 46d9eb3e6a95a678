/**
 * Approvals end to end with the REAL built server and the scripted model
 * (`approvalPolicy: untrusted`, so commands ask): the modal and the inline
 * entry race, Escape leaves the request pending, an interrupt settles it
 * under an open modal, and a file change is shown in the diff editor
 * before anything is written.
 */
import './use-fake-vscode';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { CodexWindow } from '../../extension/codex-window';
import { ALREADY_SETTLED_NOTICE } from '../../extension/review/approval-router';
import { DIFF_SCHEME } from '../../extension/review/diff-uris';
import { startMockModel, textMessage, type MockModel } from '../support/mock-model';
import { execCall, patchCall } from '../support/tool-calls';
import { commands, configuration, contentProviders, executed, Uri, window as fakeWindow } from './fake-vscode';
import { BUILT_SERVER, waitFor } from './harness';
import { isType, openThreadTab, posted, send, turnCompleted, waitForPosted, windowFixture, type WindowFixture } from './window-harness';

describe('approvals with the built server', { skip: !existsSync(BUILT_SERVER) && 'run `npm run build` first' }, () => {
  let model: MockModel;
  let fixture: WindowFixture;
  let codex: CodexWindow;

  before(async () => (model = await startMockModel()));
  after(() => model.close());

  beforeEach(async () => {
    fixture = await windowFixture(model.baseUrl);
    configuration.set('codexThreads.approvalPolicy', 'untrusted');
    codex = fixture.open();
  });

  afterEach(async () => {
    await codex.shutdown();
    await fixture.remove();
    model.reset();
  });

  const modals = () => fakeWindow.shown.filter((shown) => shown.kind === 'warning');

  it('asks in a modal and inline; the modal answer runs the command and settles the inline entry', async () => {
    const panel = await openThreadTab(codex);
    fakeWindow.answer = async (message) => (message.startsWith('Allow Codex to run') ? 'Approve' : undefined);
    model.enqueue({ output: [execCall('touch approved.txt', { login: false })] }, { output: [textMessage('Done.')] });
    await send(panel, 'make a file');
    await turnCompleted(panel, 1);
    assert.equal(existsSync(join(fixture.workspaceDir, 'approved.txt')), true);
    const [modal] = modals();
    assert.equal(modal.message, 'Allow Codex to run "/bin/bash -c \'touch approved.txt\'"?');
    assert.deepEqual(modal.rest[0], { modal: true, detail: `Command: /bin/bash -c 'touch approved.txt'\nFolder: ${fixture.workspaceDir}` });
    const requested = posted(panel).find(isType('approval/requested'));
    assert.equal(requested?.method, 'item/commandExecution/requestApproval');
    assert.deepEqual(posted(panel).find(isType('approval/settled')), { type: 'approval/settled', approvalKey: requested?.approvalKey, decision: 'accept' });
  });

  it('leaves the request pending when the modal is dismissed, and takes the inline answer', async () => {
    configuration.set('codexThreads.approvalPrompt.commands', 'modal');
    const panel = await openThreadTab(codex);
    fakeWindow.answer = async () => undefined; // Escape
    model.enqueue({ output: [execCall('touch declined.txt', { login: false })] }, { output: [textMessage('Understood.')] });
    await send(panel, 'make a file');
    const requested = await waitForPosted(panel, isType('approval/requested'), 'approval/requested');
    await waitFor(() => (modals().length ? true : undefined), 'the modal');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(posted(panel).find(isType('approval/settled')), undefined, 'still pending after Escape');
    panel.webview.receive({ type: 'approval/answer', approvalKey: requested.approvalKey, decision: 'decline' });
    await turnCompleted(panel, 1);
    assert.equal(existsSync(join(fixture.workspaceDir, 'declined.txt')), false);
    assert.deepEqual(posted(panel).find(isType('approval/settled'))?.decision, 'decline');
  });

  it('settles the request when the turn is interrupted under an open modal, and ignores the late answer with a notice', async () => {
    const panel = await openThreadTab(codex);
    let answerModal: (label: string | undefined) => void = () => undefined;
    fakeWindow.answer = (message) =>
      message.startsWith('Allow Codex to run') ? new Promise<string | undefined>((resolve) => (answerModal = resolve)) : Promise.resolve(undefined);
    model.enqueue({ output: [execCall('touch late.txt', { login: false })] });
    await send(panel, 'make a file');
    await waitFor(() => (modals().length ? true : undefined), 'the modal');
    assert.equal(codex.panels.current?.session.status.phase, 'waitingForApproval');
    await commands.executeCommand('codexThreads.interrupt');
    const completed = await turnCompleted(panel, 1);
    assert.equal(completed.method === 'turn/completed' && completed.params.turn.status, 'interrupted');
    const settled = await waitForPosted(panel, isType('approval/settled'), 'approval/settled');
    assert.equal(settled.decision, null);
    answerModal('Approve');
    await waitFor(() => fakeWindow.shown.find((shown) => shown.message === ALREADY_SETTLED_NOTICE), 'the late-answer notice');
    assert.equal(existsSync(join(fixture.workspaceDir, 'late.txt')), false);
  });

  it('shows a proposed file change in the diff editor before anything is written, then applies it when approved', async () => {
    const file = join(fixture.workspaceDir, 'app.txt');
    await writeFile(file, 'alpha\nbeta\ngamma\n');
    const panel = await openThreadTab(codex);
    let seenAtModal: { command?: string; proposed?: string; onDisk?: string } = {};
    fakeWindow.answer = async (message) => {
      if (!message.startsWith('Allow Codex to change')) return undefined;
      const diff = executed.find((command) => command.command === 'vscode.diff');
      const right = diff?.args[1] as Uri | undefined;
      seenAtModal = {
        command: diff?.command,
        proposed: right && (await contentProviders.get(DIFF_SCHEME)?.provideTextDocumentContent(right)),
        onDisk: await readFile(file, 'utf8'),
      };
      return 'Approve';
    };
    model.enqueue({ output: [patchCall('*** Begin Patch\n*** Update File: app.txt\n@@\n alpha\n-beta\n+BETA\n gamma\n*** End Patch')] }, { output: [textMessage('Patched.')] });
    await send(panel, 'capitalise beta');
    await turnCompleted(panel, 1);
    assert.deepEqual(seenAtModal, { command: 'vscode.diff', proposed: 'alpha\nBETA\ngamma\n', onDisk: 'alpha\nbeta\ngamma\n' });
    assert.equal(await readFile(file, 'utf8'), 'alpha\nBETA\ngamma\n');
    const [diff] = executed.filter((command) => command.command === 'vscode.diff');
    assert.equal(diff.args[2], 'Codex: app.txt (proposed)');
    assert.deepEqual(diff.args[3], { preserveFocus: true, preview: true, viewColumn: -2 });

    // Later, "Review in diff editor" on the completed item shows the same change.
    const item = posted(panel).find(isType('approval/requested'))?.params.itemId as string;
    executed.length = 0;
    panel.webview.receive({ type: 'diff/open', itemId: item });
    await waitFor(() => executed.find((command) => command.command === 'vscode.diff'), 'vscode.diff');
    assert.equal(executed[0].args[2], 'Codex: app.txt (changed)');
  });
});
