/** The approval modal's buttons and text, from the request's offered decisions. */
import './use-fake-vscode';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { approvalChoices, decisionLabel, isOfferedDecision } from '../../extension/review/approval-decisions';
import { describeApproval, promptApproval } from '../../extension/review/approval-prompts';
import type { PendingApproval } from '../../extension/review/approval-router';
import { resetFake, window } from './fake-vscode';

const command = (params: Record<string, unknown>): PendingApproval => ({
  key: 'approval-1',
  method: 'item/commandExecution/requestApproval',
  threadId: 'thr-1',
  itemId: 'call_1',
  params: { threadId: 'thr-1', turnId: 'turn-1', itemId: 'call_1', startedAtMs: 1, ...params },
});

const fileChange = (params: Record<string, unknown> = {}): PendingApproval => ({
  key: 'approval-2',
  method: 'item/fileChange/requestApproval',
  threadId: 'thr-1',
  itemId: 'call_2',
  params: { threadId: 'thr-1', turnId: 'turn-1', itemId: 'call_2', startedAtMs: 1, ...params },
});

describe('approval choices', () => {
  it('labels the offered decisions in order, primary first', () => {
    const choices = approvalChoices('item/commandExecution/requestApproval', {
      availableDecisions: [
        'accept',
        'acceptForSession',
        { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['git', 'pull'] } },
        { applyNetworkPolicyAmendment: { network_policy_amendment: { host: 'example.com', action: 'allow' } } },
        'decline',
        'cancel',
        { somethingNew: {} },
      ],
    });
    assert.deepEqual(
      choices.map((choice) => choice.label),
      ['Approve', 'Approve for this session', 'Always allow "git pull"', 'Always allow example.com', 'Deny', 'Stop the turn'],
    );
  });

  it('falls back to the classic decisions, with "always allow" when a prefix is proposed', () => {
    assert.deepEqual(
      approvalChoices('item/commandExecution/requestApproval', { proposedExecpolicyAmendment: ['npm', 'test'] }).map((choice) => choice.decision),
      ['accept', 'acceptForSession', { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['npm', 'test'] } }, 'decline', 'cancel'],
    );
    assert.deepEqual(
      approvalChoices('item/commandExecution/requestApproval', { availableDecisions: null }).map((choice) => choice.label),
      ['Approve', 'Approve for this session', 'Deny', 'Stop the turn'],
    );
  });

  it('offers Approve, Approve for this session and Deny for a file change, and accepts cancel inline', () => {
    assert.deepEqual(
      approvalChoices('item/fileChange/requestApproval', {}).map((choice) => choice.label),
      ['Approve', 'Approve for this session', 'Deny'],
    );
    assert.equal(isOfferedDecision('item/fileChange/requestApproval', {}, 'cancel'), true);
    assert.equal(isOfferedDecision('item/fileChange/requestApproval', {}, { acceptWithExecpolicyAmendment: {} }), false);
  });

  it('shortens a long prefix in its label', () => {
    const label = decisionLabel({ acceptWithExecpolicyAmendment: { execpolicy_amendment: ['echo', 'x'.repeat(100)] } });
    assert.equal(label?.length, 'Always allow ""'.length + 60);
    assert.ok(label?.endsWith('…"'));
  });
});

describe('the approval modal', () => {
  beforeEach(() => resetFake());

  it('names the command, its folder and the reason', () => {
    assert.deepEqual(describeApproval(command({ command: 'npm install', cwd: '/work', reason: 'Needs the dependencies' }), undefined), {
      message: 'Allow Codex to run "npm install"?',
      detail: 'Command: npm install\nFolder: /work\nReason: Needs the dependencies',
    });
  });

  it('lists the files of a change relative to their common folder', () => {
    const text = describeApproval(fileChange({ reason: 'Fix the typo' }), [
      { path: '/work/src/a.ts', kind: { type: 'update', move_path: null }, diff: '' },
      { path: '/work/src/b.ts', kind: { type: 'add' }, diff: 'x' },
      { path: '/work/src/old.ts', kind: { type: 'update', move_path: '/work/src/new.ts' }, diff: '' },
    ]);
    assert.deepEqual(text, {
      message: 'Allow Codex to change 3 files?',
      detail: 'Update a.ts\nAdd b.ts\nMove old.ts → new.ts\nReason: Fix the typo\nThe proposed change is open in the diff editor.',
    });
  });

  it('shows a modal warning and maps the clicked label back to its decision; Escape gives undefined', async () => {
    window.answer = async (_message, _options, ...labels) => labels[2] as string;
    const approval = command({ command: 'git pull', availableDecisions: ['accept', 'acceptForSession', { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['git', 'pull'] } }] });
    assert.deepEqual(await promptApproval(approval, undefined), { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['git', 'pull'] } });
    assert.deepEqual(window.shown[0], {
      kind: 'warning',
      message: 'Allow Codex to run "git pull"?',
      rest: [{ modal: true, detail: 'Command: git pull' }, 'Approve', 'Approve for this session', 'Always allow "git pull"'],
    });
    window.answer = async () => undefined;
    assert.equal(await promptApproval(approval, undefined), undefined);
  });
});
