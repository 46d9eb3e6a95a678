import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decisionLabel, decisionOptions, labelText, outcomeLabel } from '../../webview/state/decisions';

const command = 'item/commandExecution/requestApproval' as const;
const fileChange = 'item/fileChange/requestApproval' as const;
const labels = (options: ReturnType<typeof decisionOptions>) => options.map((option) => labelText(option));

describe('approval decisions', () => {
  it('names each decision as the issue words it', () => {
    assert.deepEqual(
      ['accept', 'acceptForSession', { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['git', 'pull'] } }, 'decline', 'cancel'].map((decision) =>
        labelText(decisionLabel(decision)),
      ),
      ['Approve', 'Approve for this session', 'Always allow `git pull`', 'Deny', 'Deny and stop'],
    );
  });

  it('quotes prefix words that contain spaces, so the rule reads unambiguously', () => {
    assert.deepEqual(decisionLabel({ acceptWithExecpolicyAmendment: { execpolicy_amendment: ['npm', 'run', 'my task'] } }), {
      text: 'Always allow',
      code: 'npm run "my task"',
    });
  });

  it('offers exactly the decisions the request lists, in its order', () => {
    const options = decisionOptions(command, { availableDecisions: ['decline', 'accept'] });
    assert.deepEqual(
      options.map(({ decision, tone }) => ({ decision, tone })),
      [
        { decision: 'decline', tone: 'danger' },
        { decision: 'accept', tone: 'primary' },
      ],
    );
  });

  it('falls back to the standard set when the request lists none', () => {
    assert.deepEqual(labels(decisionOptions(command, {})), ['Approve', 'Approve for this session', 'Deny', 'Deny and stop']);
    assert.deepEqual(labels(decisionOptions(command, { availableDecisions: null })), ['Approve', 'Approve for this session', 'Deny', 'Deny and stop']);
    assert.deepEqual(labels(decisionOptions(fileChange, { availableDecisions: [] })), ['Approve', 'Approve for this session', 'Deny', 'Deny and stop']);
  });

  it('adds "always allow" to the fallback only when the server proposed a prefix', () => {
    const options = decisionOptions(command, { proposedExecpolicyAmendment: ['cargo', 'test'] });
    assert.deepEqual(labels(options), ['Approve', 'Approve for this session', 'Always allow `cargo test`', 'Deny', 'Deny and stop']);
    assert.deepEqual(options[2].decision, { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['cargo', 'test'] } });
  });

  it('labels network rules and unknown decisions instead of dropping them', () => {
    assert.deepEqual(
      labels(
        decisionOptions(command, {
          availableDecisions: [
            { applyNetworkPolicyAmendment: { network_policy_amendment: { host: 'example.com', action: 'allow' } } },
            { applyNetworkPolicyAmendment: { network_policy_amendment: { host: 'evil.test', action: 'deny' } } },
            'acceptAndRemember',
            { somethingElse: {} },
          ],
        }),
      ),
      ['Always allow `example.com`', 'Always block `evil.test`', 'Accept and remember', 'Something else'],
    );
  });

  it('describes the outcome once settled, including a request the server cleared', () => {
    assert.deepEqual(
      ['accept', 'acceptForSession', 'decline', 'cancel', null, { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['ls'] } }].map((decision) =>
        labelText(outcomeLabel(decision)),
      ),
      ['Approved', 'Approved for this session', 'Denied', 'Denied, and the turn was stopped', 'No longer pending', 'Always allowed `ls`'],
    );
  });
});
