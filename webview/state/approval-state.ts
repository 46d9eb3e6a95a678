/**
 * `approval/requested` → the state of an inline approval card. The params
 * are the server's request params, forwarded unvalidated, so each field is
 * checked; a request without an `itemId` cannot be placed on an item and is
 * dropped (the modal, host-side, still shows it).
 */
import type { ApprovalRequestedMessage } from '../protocol';
import type { Static } from '@sinclair/typebox';
import { decisionOptions } from './decisions';
import type { ApprovalState } from './entries';
import { asRecord, str } from './item-entries';

export function approvalFromRequest(message: Static<typeof ApprovalRequestedMessage>): ApprovalState | null {
  const params = asRecord(message.params);
  const itemId = str(params.itemId);
  if (!itemId) return null;
  const network = asRecord(params.networkApprovalContext);
  return {
    key: message.approvalKey,
    kind: message.method === 'item/fileChange/requestApproval' ? 'fileChange' : 'command',
    itemId,
    turnId: str(params.turnId) || null,
    reason: str(params.reason) || null,
    command: str(params.command) || null,
    cwd: str(params.cwd) || null,
    grantRoot: str(params.grantRoot) || null,
    networkHost: str(network.host) || null,
    options: decisionOptions(message.method, params),
    status: 'pending',
    decision: null,
  };
}
