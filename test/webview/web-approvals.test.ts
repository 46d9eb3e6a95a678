import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nullLogger } from '../../extension/common/logger';
import type { HostToWebviewMessage } from '../../webview/protocol';
import { sameJson } from '../../extension/review/approval-decisions';
import { createPageApprovals } from '../../webview/web/page-approvals';
import { FakeConnection } from '../extension/fake-connection';

const commandParams = {
  threadId: 'thr-1',
  turnId: 'turn-1',
  itemId: 'call-1',
  command: "/bin/bash -c 'touch a'",
  availableDecisions: ['accept', { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['touch'] } }, 'decline'],
};

function setup() {
  const shown: HostToWebviewMessage[] = [];
  const approvals = createPageApprovals((message) => shown.push(message), nullLogger);
  const connection = new FakeConnection();
  approvals.attach(connection);
  return { shown, approvals, connection };
}

describe('the page\'s approvals (ApprovalRouter, inline only)', () => {
  it('shows a command approval as a card and answers the server with the chosen decision', async () => {
    const { shown, approvals, connection } = setup();
    const answer = connection.serverRequest({ id: 7, method: 'item/commandExecution/requestApproval', params: commandParams });
    assert.deepEqual(shown, [{ type: 'approval/requested', approvalKey: 'approval-1', method: 'item/commandExecution/requestApproval', params: commandParams }]);
    const amendment = { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['touch'] } };
    assert.equal(approvals.answer('approval-1', amendment, 'inline'), true);
    assert.deepEqual(await answer, { decision: amendment });
    assert.deepEqual(shown.at(-1), { type: 'approval/settled', approvalKey: 'approval-1', decision: amendment });
  });

  it('takes the first answer only, and refuses a decision the request did not offer', async () => {
    const { approvals, connection } = setup();
    const answer = connection.serverRequest({ id: 1, method: 'item/commandExecution/requestApproval', params: commandParams });
    assert.equal(approvals.answer('approval-1', 'acceptForSession', 'inline'), false, 'not in availableDecisions');
    assert.equal(approvals.answer('approval-1', 'decline', 'inline'), true);
    assert.equal(approvals.answer('approval-1', 'accept', 'inline'), false);
    assert.deepEqual(await answer, { decision: 'decline' });
  });

  it('offers the fixed file-change decisions', async () => {
    const { approvals, connection } = setup();
    const answer = connection.serverRequest({ id: 2, method: 'item/fileChange/requestApproval', params: { threadId: 'thr-1', turnId: 'turn-1', itemId: 'patch-1' } });
    assert.equal(approvals.answer('approval-1', 'acceptForSession', 'inline'), true);
    assert.deepEqual(await answer, { decision: 'acceptForSession' });
  });

  it('sends nothing when the server settles the request first, and shows it as no longer pending', async () => {
    const { shown, approvals, connection } = setup();
    const answer = connection.serverRequest({ id: 'req-9', method: 'item/commandExecution/requestApproval', params: commandParams });
    connection.fire({ method: 'serverRequest/resolved', params: { threadId: 'thr-1', requestId: 'req-9' } });
    assert.equal(await answer, undefined);
    assert.deepEqual(shown.at(-1), { type: 'approval/settled', approvalKey: 'approval-1', decision: null });
    assert.equal(approvals.answer('approval-1', 'accept', 'inline'), false);
  });

  it('clears the approvals of a connection that closed (the server went away or forgot the page)', async () => {
    const { shown, connection } = setup();
    const first = connection.serverRequest({ id: 1, method: 'item/commandExecution/requestApproval', params: commandParams });
    const second = connection.serverRequest({ id: 2, method: 'item/fileChange/requestApproval', params: { threadId: 'thr-1', turnId: 'turn-1', itemId: 'patch-1' } });
    connection.closes.fire(new Error('gone'));
    assert.equal(await first, undefined);
    assert.equal(await second, undefined);
    assert.deepEqual(
      shown.filter((message) => message.type === 'approval/settled'),
      [
        { type: 'approval/settled', approvalKey: 'approval-1', decision: null },
        { type: 'approval/settled', approvalKey: 'approval-2', decision: null },
      ],
    );
  });

  it('declines a request that names no item (no card could show it)', async () => {
    const { shown, connection } = setup();
    await assert.rejects(connection.serverRequest({ id: 3, method: 'item/commandExecution/requestApproval', params: { threadId: 'thr-1' } }), /Malformed/);
    assert.deepEqual(shown, []);
  });

  it('compares decisions as JSON values', () => {
    assert.equal(sameJson({ a: [1, { b: 'c' }] }, { a: [1, { b: 'c' }] }), true);
    assert.equal(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 }), true);
    assert.equal(sameJson({ a: 1 }, { a: 1, b: undefined }), false);
    assert.equal(sameJson(['x'], { 0: 'x' }), false);
    assert.equal(sameJson('accept', 'decline'), false);
  });
});
