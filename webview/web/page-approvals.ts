/**
 * The web page's approvals: the extension's own ApprovalRouter, set up for
 * a page that has only the transcript's inline cards (no modal, no diff
 * editor; the page shows one thread, so every approval goes to it). The
 * first answer wins, from this tab or another client; one settled
 * elsewhere shows as no longer pending.
 */
import type { Logger } from '../../extension/common/logger';
import { ApprovalRouter } from '../../extension/review/approval-router';
import type { HostToWebviewMessage } from '../protocol';

export function createPageApprovals(show: (message: HostToWebviewMessage) => void, logger: Logger): ApprovalRouter {
  return new ApprovalRouter({
    showInThread: (_threadId, message) => {
      show(message);
      return 1;
    },
    promptStyle: () => 'inline',
    // Never called: with a panel and inline prompts, the router asks no modal.
    prompt: async () => undefined,
    openProposal: async () => undefined,
    notify: (message) => show({ type: 'host/notice', severity: 'info', message }),
    logger,
  });
}
