/**
 * The choices an approval request offers, as button labels and wire
 * decisions. Host-free.
 *
 * Commands offer what the request's `availableDecisions` lists (upstream
 * always sends it, although its schema marks it experimental); without it,
 * the classic four, plus "always allow" when a prefix rule is proposed.
 * File changes have a fixed set.
 *
 * No Node imports: the web runtime's page routes approvals with the same code.
 */
export type ApprovalMethod = 'item/commandExecution/requestApproval' | 'item/fileChange/requestApproval';
export const APPROVAL_METHODS: readonly ApprovalMethod[] = ['item/commandExecution/requestApproval', 'item/fileChange/requestApproval'];

export interface ApprovalChoice {
  label: string;
  decision: unknown;
}

/** Every decision a file-change request accepts (the modal shows the first three). */
const FILE_CHANGE_DECISIONS = ['accept', 'acceptForSession', 'decline', 'cancel'] as const;

export function isApprovalMethod(method: string): method is ApprovalMethod {
  return (APPROVAL_METHODS as readonly string[]).includes(method);
}

/** The modal's buttons, primary first; labels are unique (the modal answers with a label). */
export function approvalChoices(method: ApprovalMethod, params: Record<string, unknown>): ApprovalChoice[] {
  const decisions = method === 'item/fileChange/requestApproval' ? FILE_CHANGE_DECISIONS.slice(0, 3) : commandDecisions(params);
  const seen = new Set<string>();
  return decisions.flatMap((decision) => {
    const label = decisionLabel(decision);
    if (!label || seen.has(label)) return [];
    seen.add(label);
    return [{ label, decision }];
  });
}

/** Whether `decision` is one the request offered (an inline answer comes from the untrusted webview). */
export function isOfferedDecision(method: ApprovalMethod, params: Record<string, unknown>, decision: unknown): boolean {
  const offered: readonly unknown[] = method === 'item/fileChange/requestApproval' ? FILE_CHANGE_DECISIONS : commandDecisions(params);
  return offered.some((candidate) => sameJson(candidate, decision));
}

/** A button label for a decision; undefined for shapes we do not know (they are not offered). */
export function decisionLabel(decision: unknown): string | undefined {
  switch (decision) {
    case 'accept':
      return 'Approve';
    case 'acceptForSession':
      return 'Approve for this session';
    case 'decline':
      return 'Deny';
    case 'cancel':
      return 'Stop the turn';
  }
  if (typeof decision !== 'object' || decision === null) return undefined;
  const amendment = (decision as { acceptWithExecpolicyAmendment?: { execpolicy_amendment?: unknown } }).acceptWithExecpolicyAmendment;
  if (amendment && isStringArray(amendment.execpolicy_amendment)) {
    return `Always allow "${shorten(amendment.execpolicy_amendment.join(' '), 60)}"`;
  }
  const network = (decision as { applyNetworkPolicyAmendment?: { network_policy_amendment?: { host?: unknown; action?: unknown } } })
    .applyNetworkPolicyAmendment?.network_policy_amendment;
  if (network && typeof network.host === 'string') {
    return `${network.action === 'deny' ? 'Always block' : 'Always allow'} ${network.host}`;
  }
  return undefined;
}

function commandDecisions(params: Record<string, unknown>): unknown[] {
  if (Array.isArray(params.availableDecisions)) return params.availableDecisions;
  const prefix = params.proposedExecpolicyAmendment;
  const amendment = isStringArray(prefix) && prefix.length > 0 ? [{ acceptWithExecpolicyAmendment: { execpolicy_amendment: prefix } }] : [];
  return ['accept', 'acceptForSession', ...amendment, 'decline', 'cancel'];
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Structural equality of JSON values (decisions are plain data: strings or small objects). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.hasOwn(b, key) && sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
