/**
 * Resolving a thread's effective settings: explicit params first, then the
 * server's defaults. `turn/start` overrides persist for later turns.
 */
import { resolve } from 'node:path';
import type { ServerSettings } from '../config/settings';
import type { SandboxMode, SandboxPolicy, ThreadStartParams } from '../protocol';
import type { ThreadSettings } from '../store/rollout-records';

export type { ThreadSettings };

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

/** The overrides shared by thread/start, resume and fork. */
export type ThreadOverrideParams = Pick<
  ThreadStartParams,
  'model' | 'modelProvider' | 'serviceTier' | 'cwd' | 'approvalPolicy' | 'approvalsReviewer' | 'sandbox' | 'config' | 'baseInstructions' | 'developerInstructions'
>;

export function defaultSettings(server: ServerSettings, cwd: string): ThreadSettings {
  return {
    model: server.model,
    modelProvider: server.modelProvider,
    serviceTier: null,
    cwd,
    approvalPolicy: server.approvalPolicy,
    approvalsReviewer: 'user',
    sandbox: sandboxPolicyFor(server.sandboxMode, cwd),
    reasoningEffort: server.reasoningEffort,
    reasoningSummary: null,
    baseInstructions: null,
    developerInstructions: null,
    modelContextWindow: server.modelContextWindow,
  };
}

/** Applies the given overrides to `base`; absent or null params keep `base`. */
export function applyOverrides(base: ThreadSettings, params: ThreadOverrideParams): ThreadSettings {
  const cwd = params.cwd ? resolve(params.cwd) : base.cwd;
  const effort = params.config?.model_reasoning_effort;
  const window = params.config?.model_context_window;
  return {
    model: params.model ?? base.model,
    modelProvider: params.modelProvider ?? base.modelProvider,
    serviceTier: params.serviceTier ?? base.serviceTier,
    cwd,
    approvalPolicy: params.approvalPolicy ?? base.approvalPolicy,
    approvalsReviewer: params.approvalsReviewer ?? base.approvalsReviewer,
    sandbox: params.sandbox ? sandboxPolicyFor(params.sandbox, cwd) : rebaseSandbox(base.sandbox, base.cwd, cwd),
    reasoningEffort: typeof effort === 'string' ? effort : base.reasoningEffort,
    reasoningSummary: base.reasoningSummary,
    baseInstructions: params.baseInstructions ?? base.baseInstructions,
    developerInstructions: params.developerInstructions ?? base.developerInstructions,
    modelContextWindow: typeof window === 'number' && window > 0 ? window : (base.modelContextWindow ?? null),
  };
}

/** A workspace-write sandbox follows the thread when its cwd changes. */
function rebaseSandbox(sandbox: SandboxPolicy, from: string, to: string): SandboxPolicy {
  if (sandbox.type !== 'workspaceWrite' || from === to) return sandbox;
  return { ...sandbox, writableRoots: (sandbox.writableRoots ?? []).map((root) => (root === from ? to : root)) };
}
