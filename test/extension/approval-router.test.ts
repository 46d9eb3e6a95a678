/**
 * Approval routing with a fake server connection: inline and modal answers
 * racing (the first wins), Escape leaving the request pending, the server
 * settling it first (interrupt, another client), late answers, and the
 * diff opened before the modal for a file change.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALREADY_SETTLED_NOTICE, ApprovalRouter, type PendingApproval } from '../../extension/review/approval-router';
import type { HostToWebviewMessage } from '../../webview/protocol';
import { FakeConnection } from './fake-connection';
import { memoryLogger, waitFor } from './harness';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

const commandParams = {
  threadId: 'thr-1',
  turnId: 'turn-1',
  itemId: 'call_1',
  startedAtMs: 1,
  command: "/bin/bash -c 'touch a.txt'",
  cwd: '/work',
  reason: null,
  availableDecisions: ['accept', 'acceptForSession', { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['touch'] } }, 'decline', 'cancel'],
};

const fileParams = { threadId: 'thr-1', turnId: 'turn-1', itemId: 'call_2', startedAtMs: 1, reason: null, grantRoot: null };

function setup(options: { style?: 'modal' | 'inline'; panels?: number } = {}) {
  const connection = new FakeConnection();
  const shown: HostToWebviewMessage[] = [];
  const modals: Array<{ approval: PendingApproval; answer: Deferred<unknown> }> = [];
  const notices: string[] = [];
  const events: string[] = [];
  const router = new ApprovalRouter({
    showInThread: (threadId, message) => {
      shown.push(message);
      return options.panels ?? 1;
    },
    promptStyle: () => options.style ?? 'modal',
    prompt: (approval) => {
      events.push(`modal ${approval.itemId}`);
      const answer = deferred<unknown>();
      modals.push({ approval, answer });
      return answer.promise;
    },
    openProposal: async (approval) => void events.push(`diff ${approval.itemId}`),
    notify: (message) => notices.push(message),
    logger: memoryLogger(),
  });
  router.attach(connection);
  const request = (id: number, method = 'item/commandExecution/requestApproval', params: object = commandParams) =>
    connection.serverRequest({ id, method, params });
  return { router, connection, shown, modals, notices, events, request };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ApprovalRouter', () => {
  it('shows the request inline and in a modal; the modal answer is sent and settles the inline entry', async () => {
    const { router, shown, modals, request } = setup();
    const response = request(0);
    await settle();
    assert.deepEqual(shown, [{ type: 'approval/requested', approvalKey: 'approval-1', method: 'item/commandExecution/requestApproval', params: commandParams }]);
    assert.equal(modals.length, 1);
    modals[0].answer.resolve('acceptForSession');
    assert.deepEqual(await response, { decision: 'acceptForSession' });
    assert.deepEqual(shown.at(-1), { type: 'approval/settled', approvalKey: 'approval-1', decision: 'acceptForSession' });
    assert.deepEqual(router.all, []);
  });

  it('lets the inline answer win while the modal is open, and ignores the modal afterwards', async () => {
    const { router, shown, modals, notices, request } = setup();
    const response = request(0);
    await settle();
    assert.equal(router.answer('approval-1', 'decline', 'inline'), true);
    assert.deepEqual(await response, { decision: 'decline' });
    modals[0].answer.resolve('accept');
    await settle();
    assert.deepEqual(
      shown.filter((message) => message.type === 'approval/settled'),
      [{ type: 'approval/settled', approvalKey: 'approval-1', decision: 'decline' }],
      'settled once, with the first answer',
    );
    assert.deepEqual(notices, [], 'answered here: nothing to explain');
  });

  it('leaves the request pending when the modal is cancelled (Escape), for the inline buttons', async () => {
    const { router, modals, request } = setup();
    const response = request(0);
    await settle();
    modals[0].answer.resolve(undefined);
    await settle();
    assert.equal(router.all.length, 1, 'still pending');
    let answered = false;
    void response.then(() => (answered = true));
    await settle();
    assert.equal(answered, false, 'nothing sent to the server');
    router.answer('approval-1', { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['touch'] } }, 'inline');
    assert.deepEqual(await response, { decision: { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['touch'] } } });
  });

  it('sends nothing when the server settles the request first, and explains a late modal answer', async () => {
    const { router, connection, shown, modals, notices, request } = setup();
    const response = request(7);
    await settle();
    connection.fire({ method: 'serverRequest/resolved', params: { threadId: 'thr-1', requestId: 7 } });
    assert.equal(await response, undefined, 'no response for a cleared request');
    assert.deepEqual(shown.at(-1), { type: 'approval/settled', approvalKey: 'approval-1', decision: null });
    modals[0].answer.resolve('accept');
    await waitFor(() => (notices.length ? true : undefined), 'the notice');
    assert.deepEqual(notices, [ALREADY_SETTLED_NOTICE]);
    assert.equal(router.answer('approval-1', 'accept', 'inline'), false);
    assert.equal(notices.length, 1, 'an inline late answer is already shown as settled: no notice');
  });

  it('matches serverRequest/resolved by connection and request id', async () => {
    const { router, connection, request } = setup();
    void request(1);
    await settle();
    const other = new FakeConnection();
    router.attach(other);
    other.fire({ method: 'serverRequest/resolved', params: { threadId: 'thr-1', requestId: 1 } });
    connection.fire({ method: 'serverRequest/resolved', params: { threadId: 'thr-1', requestId: 2 } });
    assert.equal(router.all.length, 1);
  });

  it('clears the approvals of a server that went away', async () => {
    const { router, connection, shown, request } = setup();
    const response = request(0);
    await settle();
    connection.closes.fire(new Error('gone'));
    assert.equal(await response, undefined);
    assert.deepEqual(router.all, []);
    assert.deepEqual(shown.at(-1), { type: 'approval/settled', approvalKey: 'approval-1', decision: null });
  });

  it('refuses a decision the request did not offer', async () => {
    const { router, request } = setup({ style: 'inline' });
    void request(0, 'item/commandExecution/requestApproval', { ...commandParams, availableDecisions: ['accept', 'cancel'] });
    await settle();
    assert.equal(router.answer('approval-1', 'acceptForSession', 'inline'), false);
    assert.equal(router.answer('approval-1', { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['rm'] } }, 'inline'), false);
    assert.equal(router.all.length, 1);
    assert.equal(router.answer('approval-1', 'cancel', 'inline'), true);
  });

  it('asks inline only when the setting says so, but with a modal when no panel shows the thread', async () => {
    const inline = setup({ style: 'inline' });
    void inline.request(0);
    await settle();
    assert.equal(inline.modals.length, 0);

    const headless = setup({ style: 'inline', panels: 0 });
    void headless.request(0);
    await settle();
    assert.equal(headless.modals.length, 1);
  });

  it('opens a file change in the diff editor before the modal, and answers from the diff editor', async () => {
    const { router, events, request } = setup();
    const response = request(3, 'item/fileChange/requestApproval', fileParams);
    await settle();
    assert.deepEqual(events, ['diff call_2', 'modal call_2']);
    const pending = router.forItem('thr-1', 'call_2');
    assert.ok(pending);
    router.answer(pending.key, 'accept', 'diffEditor');
    assert.deepEqual(await response, { decision: 'accept' });
  });

  it('declines a malformed request with an error instead of leaving the turn waiting', async () => {
    const { request } = setup();
    await assert.rejects(request(0, 'item/commandExecution/requestApproval', { turnId: 'x' }), /Malformed/);
  });
});
