/**
 * When to ask the user. The rules follow the official server's policies:
 * - `never`: never ask; what the sandbox refuses goes back to the model.
 * - `on-request`: run inside the sandbox; ask when the model requests
 *   escalation (`sandbox_permissions: "require_escalated"`).
 * - `untrusted`: ask for every command not known to be read-only.
 * - `granular` (experimental): `sandbox_approval` decides between the two above.
 * Where no sandbox can be set up, commands that are not known to be
 * read-only always need approval (and are refused under `never`).
 */
import type { AskForApproval, SandboxPolicy } from '../../protocol';

export type CommandDecision =
  | { action: 'run'; sandboxed: boolean }
  | { action: 'ask'; reason: string | null; sandboxedAfterApproval: boolean }
  | { action: 'refuse'; message: string };

export interface CommandFacts {
  policy: AskForApproval;
  sandbox: SandboxPolicy;
  sandboxAvailable: boolean;
  escalationRequested: boolean;
  justification: string | null;
  knownSafe: boolean;
  /** Already approved for this thread (session approval or prefix rule). */
  remembered: boolean;
}

type EffectivePolicy = 'never' | 'on-request' | 'untrusted';

function effective(policy: AskForApproval): EffectivePolicy {
  if (typeof policy === 'object') return policy.granular.sandbox_approval ? 'on-request' : 'never';
  return policy;
}

export function decideCommand(facts: CommandFacts): CommandDecision {
  const policy = effective(facts.policy);
  const fullAccess = facts.sandbox.type === 'dangerFullAccess' || facts.sandbox.type === 'externalSandbox';
  const confinable = !fullAccess && facts.sandboxAvailable;

  if (facts.remembered) return { action: 'run', sandboxed: confinable && !facts.escalationRequested };

  if (facts.escalationRequested && !fullAccess) {
    if (policy === 'never') {
      return { action: 'refuse', message: 'Running outside the sandbox is not allowed under the approval policy "never"; find a way that works inside it.' };
    }
    return { action: 'ask', reason: facts.justification, sandboxedAfterApproval: false };
  }
  if (policy === 'untrusted' && !facts.knownSafe) return { action: 'ask', reason: facts.justification, sandboxedAfterApproval: confinable };
  if (fullAccess || confinable || facts.knownSafe) return { action: 'run', sandboxed: confinable };

  // No sandbox can confine this command.
  if (policy === 'never') {
    return {
      action: 'refuse',
      message: 'No sandbox is available on this machine and the approval policy is "never", so only read-only commands can run.',
    };
  }
  return { action: 'ask', reason: facts.justification ?? 'No sandbox is available on this machine to confine this command.', sandboxedAfterApproval: false };
}

export type PatchDecision = { action: 'apply' } | { action: 'ask'; reason: string | null } | { action: 'refuse'; message: string };

export function decidePatch(facts: { policy: AskForApproval; sandbox: SandboxPolicy; withinWritableRoots: boolean; remembered: boolean }): PatchDecision {
  const policy = effective(facts.policy);
  if (facts.remembered) return { action: 'apply' };
  const writable = facts.sandbox.type === 'dangerFullAccess' || facts.sandbox.type === 'externalSandbox' ||
    (facts.sandbox.type === 'workspaceWrite' && facts.withinWritableRoots);
  if (policy === 'untrusted') return { action: 'ask', reason: null };
  if (writable) return { action: 'apply' };
  if (policy === 'never') {
    return {
      action: 'refuse',
      message: facts.sandbox.type === 'readOnly'
        ? 'This thread is read-only: file changes are not allowed.'
        : 'The patch touches files outside the writable folders of this thread.',
    };
  }
  return {
    action: 'ask',
    reason: facts.sandbox.type === 'readOnly' ? 'The thread is read-only; allow this change?' : 'The change touches files outside the workspace.',
  };
}
