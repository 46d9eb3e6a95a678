/**
 * The effective settings of a loaded thread: what `thread/start` resolved
 * from its params and the server defaults, updated by `turn/start`
 * overrides (which persist for later turns, as upstream's do).
 */
import type { ApprovalsReviewer, AskForApproval, SandboxMode, SandboxPolicy } from '../protocol';

export interface ThreadSettings {
  model: string;
  modelProvider: string;
  serviceTier: string | null;
  cwd: string;
  approvalPolicy: AskForApproval;
  approvalsReviewer: ApprovalsReviewer;
  sandbox: SandboxPolicy;
  reasoningEffort: string | null;
  reasoningSummary: string | null;
  baseInstructions: string | null;
  developerInstructions: string | null;
}

export function sandboxPolicyFor(mode: SandboxMode, cwd: string): SandboxPolicy {
  switch (mode) {
    case 'danger-full-access':
      return { type: 'dangerFullAccess' };
    case 'workspace-write':
      return { type: 'workspaceWrite', writableRoots: [cwd], networkAccess: false, excludeTmpdirEnvVar: false, excludeSlashTmp: false };
    case 'read-only':
      return { type: 'readOnly', networkAccess: false };
  }
}
