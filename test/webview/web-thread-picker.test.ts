/**
 * The web page's thread picker without the DOM: how a thread is named and
 * dated, how pages of `thread/list` add up, what a retry and a reload ask
 * for, and which connection the picker borrows. The DOM and the real server
 * are web-runtime.test.ts's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Thread, ThreadListParams, ThreadListResponse } from '../../server/protocol';
import { LiveConnection, NOT_CONNECTED } from '../../webview/web/live-connection';
import { folderName, relativeTime, threadTitle } from '../../webview/web/thread-format';
import { mergeThreads, ThreadList, type ThreadListSnapshot } from '../../webview/web/thread-list';
import { FakeConnection, fakeThread } from '../extension/fake-connection';

const ids = (threads: readonly Thread[]) => threads.map((thread) => thread.id);

/** A `thread/list` whose answers the test releases one by one. */
function scriptedList() {
  const calls: Array<{ params: ThreadListParams; resolve(page: ThreadListResponse): void; reject(error: Error): void }> = [];
  const list = (params: ThreadListParams) =>
    new Promise<ThreadListResponse>((resolve, reject) => calls.push({ params, resolve, reject }));
  const page = (threadIds: string[], nextCursor: string | null): ThreadListResponse => ({ data: threadIds.map((id) => fakeThread(id)), nextCursor });
  return { calls, list, page };
}

function watched(list: (params: ThreadListParams) => Promise<ThreadListResponse>, pageSize = 2) {
  const snapshots: ThreadListSnapshot[] = [];
  const threads = new ThreadList({ list, onChange: (snapshot) => snapshots.push(snapshot), pageSize });
  return { threads, snapshots, last: () => snapshots.at(-1)! };
}

describe('thread picker: names and dates', () => {
  it('titles a thread by its name, else its first prompt, on one line', () => {
    assert.equal(threadTitle({ name: 'Release notes', preview: 'write the notes' }), 'Release notes');
    assert.equal(threadTitle({ name: null, preview: '  fix the\n\tbuild  ' }), 'fix the build');
    assert.equal(threadTitle({ name: '', preview: '' }), 'Untitled thread');
  });

  it('says how long ago, then the date', () => {
    const now = Date.UTC(2025, 5, 15, 12, 0, 0);
    const ago = (seconds: number) => relativeTime(now / 1000 - seconds, now);
    assert.equal(ago(0), 'just now');
    assert.equal(ago(59), 'just now');
    assert.equal(ago(-30), 'just now', 'a server clock a little ahead');
    assert.equal(ago(60), '1 min ago');
    assert.equal(ago(59 * 60), '59 min ago');
    assert.equal(ago(3 * 3600), '3 h ago');
    assert.equal(ago(30 * 3600), 'yesterday');
    assert.equal(ago(4 * 86400), '4 days ago');
    assert.equal(ago(29 * 86400), '29 days ago');
    // Noon UTC is the same calendar day in every time zone from UTC-11 to UTC+11.
    const march = Date.UTC(2025, 2, 3, 12, 0, 0) / 1000;
    assert.equal(relativeTime(march, now), '2025-03-03');
  });

  it('names the folder a thread works in by its last part', () => {
    assert.equal(folderName('/home/me/projects/payments'), 'payments');
    assert.equal(folderName('/home/me/projects/payments/'), 'payments');
    assert.equal(folderName('C:\\Users\\me\\site'), 'site');
    assert.equal(folderName('/'), '/');
    assert.equal(folderName('C:\\'), 'C:\\');
  });
});

describe('thread picker: the list', () => {
  it('asks for the most recently updated, non-archived threads, a page at a time', async () => {
    const server = scriptedList();
    const { threads, last } = watched(server.list);
    const first = threads.reload();
    assert.equal(last().phase, 'loading');
    assert.deepEqual(server.calls[0].params, { cursor: null, limit: 2, sortKey: 'updated_at', sortDirection: 'desc', archived: false });
    server.calls[0].resolve(server.page(['c', 'b'], 'cursor-1'));
    await first;
    assert.deepEqual(ids(last().threads), ['c', 'b']);
    assert.equal(last().hasMore, true);

    const more = threads.loadMore();
    assert.equal(server.calls[1].params.cursor, 'cursor-1');
    assert.deepEqual(ids(last().threads), ['c', 'b'], 'the shown threads stay while the next page loads');
    server.calls[1].resolve(server.page(['a'], null));
    await more;
    assert.deepEqual(ids(last().threads), ['c', 'b', 'a']);
    assert.equal(last().phase, 'ready');
    assert.equal(last().hasMore, false);
    await threads.loadMore();
    assert.equal(server.calls.length, 2, 'no page after the last');
  });

  it('asks for one next page at a time', async () => {
    const server = scriptedList();
    const { threads } = watched(server.list);
    const first = threads.reload();
    server.calls[0].resolve(server.page(['b'], 'cursor-1'));
    await first;
    const more = threads.loadMore();
    void threads.loadMore();
    assert.equal(server.calls.length, 2);
    server.calls[1].resolve(server.page(['a'], null));
    await more;
  });

  it('says why a page failed and retries that same page', async () => {
    const server = scriptedList();
    const { threads, last } = watched(server.list);
    const first = threads.reload();
    server.calls[0].resolve(server.page(['b'], 'cursor-1'));
    await first;
    const more = threads.loadMore();
    server.calls[1].reject(new Error('Could not reach the Codex server'));
    await more;
    assert.equal(last().phase, 'failed');
    assert.equal(last().error, 'Could not reach the Codex server');
    assert.deepEqual(ids(last().threads), ['b'], 'what was shown stays');

    const retried = threads.retry();
    assert.equal(server.calls[2].params.cursor, 'cursor-1');
    assert.equal(last().error, undefined);
    server.calls[2].resolve(server.page(['a'], null));
    await retried;
    assert.deepEqual(ids(last().threads), ['b', 'a']);
    await threads.retry();
    assert.equal(server.calls.length, 3, 'nothing to retry once loaded');
  });

  it('starts over on reload, and a page asked for before it cannot land in the new list', async () => {
    const server = scriptedList();
    const { threads, last } = watched(server.list);
    const stale = threads.reload();
    const fresh = threads.reload();
    server.calls[1].resolve(server.page(['new'], null));
    await fresh;
    server.calls[0].resolve(server.page(['old'], 'cursor-old'));
    await stale;
    assert.deepEqual(ids(last().threads), ['new']);
    assert.equal(last().hasMore, false);
    // A stale failure is ignored as well.
    const again = threads.reload();
    const latest = threads.reload();
    server.calls[2].reject(new Error('late'));
    server.calls[3].resolve(server.page(['newest'], null));
    await Promise.all([again, latest]);
    assert.equal(last().phase, 'ready');
    assert.deepEqual(ids(last().threads), ['newest']);
  });

  it('never shows a thread twice', () => {
    const shown = [fakeThread('c'), fakeThread('b')];
    assert.deepEqual(ids(mergeThreads(shown, [fakeThread('b'), fakeThread('a'), fakeThread('a')])), ['c', 'b', 'a']);
    assert.equal(mergeThreads(shown, [fakeThread('c')]), shown, 'nothing new: the same list');
  });
});

describe('thread picker: the connection it borrows', () => {
  it("uses the current lease's connection, and none once that lease ended", async () => {
    const live = new LiveConnection(30);
    await assert.rejects(live.request('thread/list', {}), { message: NOT_CONNECTED });
    // A request made while the page is still connecting waits for the connection (the picker opened early).
    const early = live.request('thread/list', { limit: 1 });
    const first = new FakeConnection();
    first.answers['thread/list'] = { data: [], nextCursor: null };
    const firstLease = live.attach(first);
    await early;
    assert.deepEqual(first.calls, [{ method: 'thread/list', params: { limit: 1 } }]);

    // Leases may overlap (one that lost a race is disposed after the winner attached): ending the older must not detach the newer.
    const second = new FakeConnection();
    second.answers['thread/list'] = { data: [], nextCursor: null };
    const secondLease = live.attach(second);
    firstLease.dispose();
    await live.request('thread/list', {});
    assert.equal(second.calls.length, 1);
    secondLease.dispose();
    await assert.rejects(live.request('thread/list', {}), { message: NOT_CONNECTED });
  });
});
