/**
 * Approval buttons: which decisions to offer and what to call them. The
 * request's `availableDecisions` wins when present (protocol §5.2: render
 * those); older servers omit it, so a default set is built. Labels follow
 * the wording (Approve / Approve for this session / Always allow
 * `<prefix>` / Deny / Deny and stop). Pure, so it is unit-tested.
 */

/** A label in two parts so the view can set the command prefix in a `<code>` (text only, never HTML). */
export interface DecisionLabel {
  text: string;
  /** A command prefix or host, shown as code after `text`. */
  code: string | null;
}

export interface DecisionOption extends DecisionLabel {
  /** Sent back unchanged in `approval/answer`. */
  decision: unknown;
  tone: 'primary' | 'secondary' | 'danger';
}

export type ApprovalMethod = 'item/commandExecution/requestApproval' | 'item/fileChange/requestApproval';

const COMMAND_DEFAULTS = ['accept', 'acceptForSession', 'decline', 'cancel'] as const;
const FILE_CHANGE_DEFAULTS = ['accept', 'acceptForSession', 'decline', 'cancel'] as const;

/** The buttons for a request. Unknown decisions still get a (generic) button rather than vanishing. */
export function decisionOptions(method: ApprovalMethod, params: Record<string, unknown>): DecisionOption[] {
  const offered = Array.isArray(params.availableDecisions) && params.availableDecisions.length ? params.availableDecisions : null;
  const decisions: unknown[] = offered ?? defaultDecisions(method, params);
  return decisions.map((decision) => ({ decision, ...decisionLabel(decision), tone: decisionTone(decision) }));
}

function defaultDecisions(method: ApprovalMethod, params: Record<string, unknown>): unknown[] {
  if (method === 'item/fileChange/requestApproval') return [...FILE_CHANGE_DEFAULTS];
  const prefix = params.proposedExecpolicyAmendment;
  // Offer "always allow" only when the server proposed a prefix: it is the server's rule to persist, not ours to invent.
  if (Array.isArray(prefix) && prefix.length && prefix.every((part) => typeof part === 'string')) {
    return ['accept', 'acceptForSession', { acceptWithExecpolicyAmendment: { execpolicy_amendment: prefix } }, 'decline', 'cancel'];
  }
  return [...COMMAND_DEFAULTS];
}

export function decisionLabel(decision: unknown): DecisionLabel {
  switch (decision) {
    case 'accept':
      return { text: 'Approve', code: null };
    case 'acceptForSession':
      return { text: 'Approve for this session', code: null };
    case 'decline':
      return { text: 'Deny', code: null };
    case 'cancel':
      return { text: 'Deny and stop', code: null };
  }
  const prefix = execpolicyPrefix(decision);
  if (prefix !== null) return { text: 'Always allow', code: prefix };
  const network = networkAmendment(decision);
  if (network) return { text: network.action === 'deny' ? 'Always block' : 'Always allow', code: network.host };
  return { text: humanize(decisionName(decision)), code: null };
}

/** What the card says once the request is settled. `null`: the server cleared it (interrupt, turn end, another client). */
export function outcomeLabel(decision: unknown): DecisionLabel {
  switch (decision) {
    case null:
    case undefined:
      return { text: 'No longer pending', code: null };
    case 'accept':
      return { text: 'Approved', code: null };
    case 'acceptForSession':
      return { text: 'Approved for this session', code: null };
    case 'decline':
      return { text: 'Denied', code: null };
    case 'cancel':
      return { text: 'Denied, and the turn was stopped', code: null };
  }
  const prefix = execpolicyPrefix(decision);
  if (prefix !== null) return { text: 'Always allowed', code: prefix };
  const network = networkAmendment(decision);
  if (network) return { text: network.action === 'deny' ? 'Always blocked' : 'Always allowed', code: network.host };
  return { text: `Answered: ${humanize(decisionName(decision))}`, code: null };
}

/** A label as one string (for `aria-label` and tests): `Always allow \`git pull\``. */
export function labelText(label: DecisionLabel): string {
  return label.code === null ? label.text : `${label.text} \`${label.code}\``;
}

function decisionTone(decision: unknown): DecisionOption['tone'] {
  if (decision === 'accept') return 'primary';
  if (decision === 'decline' || decision === 'cancel') return 'danger';
  return 'secondary';
}

/** The argv prefix of `{acceptWithExecpolicyAmendment:{execpolicy_amendment:[…]}}`, joined for display. */
function execpolicyPrefix(decision: unknown): string | null {
  const body = objectField(decision, 'acceptWithExecpolicyAmendment');
  const argv = objectField(body, 'execpolicy_amendment');
  if (!Array.isArray(argv)) return null;
  return argv.map((part) => (typeof part === 'string' && /\s/.test(part) ? JSON.stringify(part) : String(part))).join(' ');
}

function networkAmendment(decision: unknown): { host: string; action: string } | null {
  const body = objectField(objectField(decision, 'applyNetworkPolicyAmendment'), 'network_policy_amendment');
  const host = objectField(body, 'host');
  const action = objectField(body, 'action');
  return typeof host === 'string' ? { host, action: typeof action === 'string' ? action : 'allow' } : null;
}

function objectField(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function decisionName(decision: unknown): string {
  if (typeof decision === 'string') return decision;
  if (typeof decision === 'object' && decision !== null) return Object.keys(decision)[0] ?? 'answer';
  return String(decision);
}

/** `applySomethingNew` → `Apply something new`. */
function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Answer';
}
