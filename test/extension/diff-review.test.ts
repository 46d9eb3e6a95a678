/**
 * Native diff review: before/after reconstruction from a change and the
 * disk, the virtual document URIs and their content, what is opened
 * (`vscode.diff` for one file, `vscode.changes` for several, never taking
 * focus), and the diff editor's Approve/Reject actions.
 */
import './use-fake-vscode';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import * as vscode from 'vscode';
import { unifiedHunks } from '../../server/tools/apply-patch/file-diff';
import type { FileUpdateChange, ServerNotification } from '../../server/protocol';
import { ApprovalRouter } from '../../extension/review/approval-router';
import { DiffApprovalActions, PENDING_DIFF_CONTEXT } from '../../extension/review/diff-approval-actions';
import { diffSides, EXCERPT_GAP } from '../../extension/review/diff-content';
import { DiffContentProvider } from '../../extension/review/diff-content-provider';
import { DiffOpener, diffTitle } from '../../extension/review/diff-opener';
import { DIFF_SCHEME, diffUriParts, parseDiffQuery } from '../../extension/review/diff-uris';
import { FileChangeStore } from '../../extension/review/file-change-store';
import { commands, contentProviders, executed, resetFake, TabInputTextDiff, Uri, ViewColumn, window } from './fake-vscode';
import { FakeConnection } from './fake-connection';
import { memoryLogger, waitFor } from './harness';

const before = 'alpha\nbeta\ngamma\n';
const after = 'alpha\nBETA\ngamma\n';
const update = (path: string, movePath: string | null = null): FileUpdateChange => ({
  path,
  kind: { type: 'update', move_path: movePath },
  diff: unifiedHunks(before, after),
});

describe('diff sides', () => {
  it('takes an add and a delete from the diff itself', () => {
    assert.deepEqual(diffSides({ path: '/a', kind: { type: 'add' }, diff: 'new\n' }, { atPath: undefined }, 'forward'), { before: '', after: 'new\n', whole: true });
    assert.deepEqual(diffSides({ path: '/a', kind: { type: 'delete' }, diff: 'old\n' }, { atPath: 'old\n' }, 'reverse'), { before: 'old\n', after: '', whole: true });
  });

  it('applies the hunks to a file not yet changed (a pending proposal)', () => {
    assert.deepEqual(diffSides(update('/a'), { atPath: before }, 'forward'), { before, after, whole: true });
  });

  it('reverse-applies the hunks to a file already changed, whichever is tried first', () => {
    assert.deepEqual(diffSides(update('/a'), { atPath: after }, 'reverse'), { before, after, whole: true });
    assert.deepEqual(diffSides(update('/a'), { atPath: after }, 'forward'), { before, after, whole: true });
  });

  it('reads a moved file at its new path once applied', () => {
    assert.deepEqual(diffSides(update('/old', '/new'), { atPath: undefined, atMovePath: after }, 'reverse'), { before, after, whole: true });
  });

  it('falls back to an excerpt of the hunks when the file has changed since', () => {
    const sides = diffSides(update('/a'), { atPath: 'something else\n' }, 'forward');
    assert.deepEqual(sides, { before: 'alpha\nbeta\ngamma\n', after: 'alpha\nBETA\ngamma\n', whole: false });
    const twoHunks = unifiedHunks(`a\n${'x\n'.repeat(10)}b\n`, `A\n${'x\n'.repeat(10)}B\n`, 1);
    const excerpt = diffSides({ path: '/a', kind: { type: 'update', move_path: null }, diff: twoHunks }, { atPath: undefined }, 'reverse');
    assert.equal(excerpt.before, `a\nx\n${EXCERPT_GAP}\nx\nb\n`);
  });
});

describe('diff URIs', () => {
  it('keep the file path for the language and the reference in the query', () => {
    const parts = diffUriParts({ threadId: 'thr 1', itemId: 'call_1', index: 2, side: 'after' }, '/work/src/a.ts');
    assert.equal(parts.scheme, DIFF_SCHEME);
    assert.equal(parts.path, '/work/src/a.ts');
    assert.deepEqual(parseDiffQuery(parts.query), { threadId: 'thr 1', itemId: 'call_1', index: 2, side: 'after' });
    assert.equal(parseDiffQuery('thread=t&item=i&change=-1&side=after'), undefined);
    assert.equal(parseDiffQuery('thread=t&item=i&change=0&side=left'), undefined);
  });

  it('title the tab by file and state', () => {
    assert.equal(diffTitle([update('/w/a.ts')], true), 'Codex: a.ts (proposed)');
    assert.equal(diffTitle([{ path: '/w/n.ts', kind: { type: 'add' }, diff: '' }], false), 'Codex: n.ts (new file, changed)');
    assert.equal(diffTitle([update('/w/a.ts'), update('/w/b.ts')], false), 'Codex: 2 files (changed)');
  });
});

describe('the file change store, content provider and opener', () => {
  let dir: string;
  let store: FileChangeStore;

  beforeEach(async () => {
    resetFake();
    dir = await mkdtemp(join(tmpdir(), 'codex-threads-diff-'));
    store = new FileChangeStore();
  });

  afterEach(async () => {
    store.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const started = (itemId: string, changes: FileUpdateChange[]): ServerNotification => ({
    method: 'item/started',
    params: { threadId: 'thr-1', turnId: 'turn-1', startedAtMs: 1, item: { type: 'fileChange', id: itemId, changes, status: 'inProgress' } },
  });
  const completed = (itemId: string, changes: FileUpdateChange[]): ServerNotification => ({
    method: 'item/completed',
    params: { threadId: 'thr-1', turnId: 'turn-1', completedAtMs: 2, item: { type: 'fileChange', id: itemId, changes, status: 'completed' } },
  });

  it('captures a proposal from the disk while pending and keeps it after the file is written', async () => {
    const file = join(dir, 'app.txt');
    await writeFile(file, before);
    store.observe(started('call_1', [update(file)]));
    assert.deepEqual(await store.get('thr-1', 'call_1')?.sides, [{ before, after, whole: true }]);
    await writeFile(file, `${after}later edit\n`);
    store.observe(completed('call_1', [update(file)]));
    assert.equal(store.get('thr-1', 'call_1')?.status, 'completed');
    assert.deepEqual(await store.get('thr-1', 'call_1')?.sides, [{ before, after, whole: true }], 'the captured sides stay');
  });

  it('serves both sides through the content provider and opens one file with vscode.diff beside, keeping focus', async () => {
    const file = join(dir, 'app.txt');
    await writeFile(file, before);
    const connection = new FakeConnection();
    store.attach(connection);
    connection.fire(started('call_1', [update(file)]));
    const registration = DiffContentProvider.register(store);
    const opener = new DiffOpener(store, () => false);
    await opener.open('thr-1', 'call_1', { pending: true });
    const [diff] = executed;
    assert.equal(diff.command, 'vscode.diff');
    const [left, right, title, options] = diff.args as [Uri, Uri, string, unknown];
    assert.equal(title, 'Codex: app.txt (proposed)');
    assert.deepEqual(options, { preserveFocus: true, preview: true, viewColumn: ViewColumn.Beside });
    assert.equal(right.scheme, DIFF_SCHEME);
    assert.equal(right.path, file);
    const provider = contentProviders.get(DIFF_SCHEME);
    assert.equal(await provider?.provideTextDocumentContent(left), before);
    assert.equal(await provider?.provideTextDocumentContent(right), after);
    assert.match(await provider!.provideTextDocumentContent(Uri.from(diffUriParts({ threadId: 'thr-1', itemId: 'gone', index: 0, side: 'after' }, file))), /no longer available/);
    registration.dispose();
  });

  it('opens several files as one multi-file diff, then gives focus back to the tab that had it', async () => {
    const files = [join(dir, 'a.txt'), join(dir, 'b.txt')];
    for (const file of files) await writeFile(file, before);
    store.observe(started('call_2', files.map((file) => update(file))));
    const focusedTab = { label: 'Codex', input: new vscode.TabInputWebview('codexThreads.chat'), isPreview: false, group: { viewColumn: ViewColumn.One } };
    window.tabGroups.activeTabGroup.activeTab = focusedTab;
    const refocused: unknown[] = [];
    await new DiffOpener(store, (tab) => (refocused.push(tab), true)).open('thr-1', 'call_2');
    assert.deepEqual(
      executed.map((command) => command.command),
      ['vscode.diff', 'vscode.changes'],
    );
    const [title, resources] = executed[1].args as [string, Array<[Uri, Uri, Uri]>];
    assert.equal(title, 'Codex: 2 files (proposed)');
    const ref = (index: number, side: 'before' | 'after') => ({ threadId: 'thr-1', itemId: 'call_2', index, side });
    assert.deepEqual(
      resources.map(([resource, original, modified]) => [resource.path, parseDiffQuery(original.query), parseDiffQuery(modified.query)]),
      [
        [files[0], ref(0, 'before'), ref(0, 'after')],
        [files[1], ref(1, 'before'), ref(1, 'after')],
      ],
    );
    assert.deepEqual(refocused, [focusedTab]);
  });

  it('registers the file changes of a replayed thread (completed: the disk is the after side)', async () => {
    const file = join(dir, 'app.txt');
    await writeFile(file, after);
    store.addThread({
      id: 'thr-1',
      turns: [{ id: 'turn-1', status: 'completed', items: [{ type: 'fileChange', id: 'call_9', changes: [update(file)], status: 'completed' }] }],
    } as never);
    assert.deepEqual(await store.get('thr-1', 'call_9')?.sides, [{ before, after, whole: true }]);
  });
});

describe('the diff editor Approve/Reject actions', () => {
  beforeEach(() => resetFake());

  it('show for a diff of a pending proposal and answer it', async () => {
    const store = new FileChangeStore({ readFile: async () => before });
    store.observe({
      method: 'item/started',
      params: { threadId: 'thr-1', turnId: 'turn-1', startedAtMs: 1, item: { type: 'fileChange', id: 'call_3', changes: [update('/w/a.txt')], status: 'inProgress' } },
    });
    const connection = new FakeConnection();
    const approvals = new ApprovalRouter({
      showInThread: () => 1,
      promptStyle: () => 'inline',
      prompt: async () => undefined,
      openProposal: async () => undefined,
      notify: () => undefined,
      logger: memoryLogger(),
    });
    approvals.attach(connection);
    const actions = new DiffApprovalActions(approvals, new DiffOpener(store, () => false));
    const contextValues = () => executed.filter((command) => command.command === 'setContext').map((command) => command.args);
    assert.deepEqual(contextValues(), [[PENDING_DIFF_CONTEXT, false]]);

    const response = connection.serverRequest({
      id: 0,
      method: 'item/fileChange/requestApproval',
      params: { threadId: 'thr-1', turnId: 'turn-1', itemId: 'call_3', startedAtMs: 1 },
    });
    const modified = Uri.from(diffUriParts({ threadId: 'thr-1', itemId: 'call_3', index: 0, side: 'after' }, '/w/a.txt'));
    const original = Uri.from(diffUriParts({ threadId: 'thr-1', itemId: 'call_3', index: 0, side: 'before' }, '/w/a.txt'));
    window.tabGroups.activeTabGroup.activeTab = { label: 'Codex: a.txt (proposed)', input: new TabInputTextDiff(original, modified), isPreview: true, group: { viewColumn: ViewColumn.Two } };
    window.tabGroups.fireChange();
    await waitFor(() => (contextValues().at(-1)?.[1] === true ? true : undefined), 'the context key');

    await commands.executeCommand('codexThreads.rejectChange', modified);
    assert.deepEqual(await response, { decision: 'decline' });
    assert.deepEqual(contextValues().at(-1), [PENDING_DIFF_CONTEXT, false], 'hidden once answered');
    await commands.executeCommand('codexThreads.approveChange', modified);
    assert.match(window.shown.at(-1)?.message ?? '', /already settled/);
    actions.dispose();
    approvals.dispose();
  });
});
