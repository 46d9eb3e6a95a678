/**
 * Experimental fields of the stable methods are refused unless the client
 * opted in with `capabilities.experimentalApi` at `initialize` (fixed for
 * the connection), with upstream's message: `<descriptor> requires
 * experimentalApi capability`.
 */
import { RpcError } from '../protocol';

const EXPERIMENTAL_FIELDS: Record<string, string[]> = {
  'thread/start': ['dynamicTools', 'persistExtendedHistory'],
  'thread/resume': ['persistExtendedHistory'],
  'thread/fork': ['persistExtendedHistory'],
  'turn/start': ['collaborationMode'],
};

const APPROVAL_POLICY_METHODS = new Set(['thread/start', 'thread/resume', 'thread/fork', 'turn/start']);

export function checkExperimental(method: string, params: unknown, experimentalApi: boolean): void {
  if (experimentalApi || typeof params !== 'object' || params === null) return;
  const fields = params as Record<string, unknown>;
  for (const field of EXPERIMENTAL_FIELDS[method] ?? []) {
    if (fields[field] !== undefined && fields[field] !== null) {
      throw RpcError.invalidRequest(`${method}.${field} requires experimentalApi capability`);
    }
  }
  if (APPROVAL_POLICY_METHODS.has(method) && typeof fields.approvalPolicy === 'object' && fields.approvalPolicy !== null) {
    throw RpcError.invalidRequest('askForApproval.granular requires experimentalApi capability');
  }
}
