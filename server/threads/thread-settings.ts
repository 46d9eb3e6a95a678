/**
 * Resolving a thread's effective settings. Highest precedence first:
 *
 *   turn/start params (applied by turn-control.ts; they persist for later turns)
 *   > typed thread params (`model`, `modelProvider`, `cwd`, `approvalPolicy`, `sandbox`…)
 *   > the thread's `config` map (dotted Codex keys, e.g. {"model_providers.openai.base_url": …})
 *   > environment > `[projects."<cwd>"]` > config.toml > trust_level defaults > built-in defaults
 *
 * The lower part comes from `ServerSettings.config.resolve(cwd)`; this file
 * applies thread params on top. `thread/resume` and `thread/fork` apply their
 * params on top of the thread's stored settings.
 */
import { resolve } from 'node:path';
import type { ServerSettings } from '../config/settings';
import {
  checkValues,
  expandDottedKeys,
  isTable,
  joinDottedKey,
  leaves,
  mergeTables,
  type ConfigProblem,
  type ConfigValues,
  type ProviderEntry,
  type WorkspaceWriteEntry,
} from '../config/config-values';
import { isSensitiveName } from '../config/redact';
import { RpcError, type SandboxMode, type SandboxPolicy, type ThreadStartParams } from '../protocol';
import type { ThreadSettings as StoredThreadSettings } from '../store/rollout-records';

/** A thread's settings, as stored in its rollout (`settings` records). */
export interface ThreadSettings extends StoredThreadSettings {
  /** `sandbox_workspace_write` for this thread: extra writable roots and network, used whenever its sandbox is workspace-write. */
  workspaceWrite?: WorkspaceWriteEntry;
  /** Provider fields the client set in this thread's `config` (`model_providers.<id>.*`). Never holds credentials: those are refused. */
  providerOverrides?: Record<string, ProviderEntry>;
}

export function sandboxPolicyFor(mode: SandboxMode, cwd: string, workspaceWrite: WorkspaceWriteEntry = {}): SandboxPolicy {
  switch (mode) {
    case 'danger-full-access':
      return { type: 'dangerFullAccess' };
    case 'workspace-write':
      return {
        type: 'workspaceWrite',
        writableRoots: [...new Set([cwd, ...(workspaceWrite.writable_roots ?? [])])],
        networkAccess: workspaceWrite.network_access ?? false,
        excludeTmpdirEnvVar: workspaceWrite.exclude_tmpdir_env_var ?? false,
        excludeSlashTmp: workspaceWrite.exclude_slash_tmp ?? false,
      };
    case 'read-only':
      return { type: 'readOnly', networkAccess: false };
  }
}

/** The overrides shared by thread/start, resume and fork. */
export type ThreadOverrideParams = Pick<
  ThreadStartParams,
  'model' | 'modelProvider' | 'serviceTier' | 'cwd' | 'approvalPolicy' | 'approvalsReviewer' | 'sandbox' | 'config' | 'baseInstructions' | 'developerInstructions'
>;

/** A new thread's settings before its params: the configuration as seen from `cwd`. */
export function defaultSettings(server: ServerSettings, cwd: string): ThreadSettings {
  const config = server.config.resolve(cwd);
  return {
    model: config.model,
    modelProvider: config.modelProvider,
    serviceTier: null,
    cwd,
    approvalPolicy: config.approvalPolicy,
    approvalsReviewer: 'user',
    sandbox: sandboxPolicyFor(config.sandboxMode, cwd, config.workspaceWrite),
    reasoningEffort: config.reasoningEffort,
    reasoningSummary: config.reasoningSummary,
    baseInstructions: config.instructions,
    developerInstructions: config.developerInstructions,
    modelContextWindow: config.modelContextWindow,
    workspaceWrite: config.workspaceWrite,
  };
}

/**
 * Applies thread params to `base`; absent or null params keep `base`.
 * Throws -32602 for a bad value in `config`, or a credential in it.
 */
export function applyOverrides(base: ThreadSettings, params: ThreadOverrideParams): ThreadSettings {
  const config = params.config ? threadConfig(params.config) : {};
  const cwd = params.cwd ? resolve(params.cwd) : base.cwd;
  const workspaceWrite = config.sandbox_workspace_write ? mergeTables(base.workspaceWrite ?? {}, config.sandbox_workspace_write) : base.workspaceWrite;
  const mode = params.sandbox ?? config.sandbox_mode ?? (config.sandbox_workspace_write && base.sandbox.type === 'workspaceWrite' ? 'workspace-write' : undefined);
  const providerOverrides = config.model_providers ? mergeTables(base.providerOverrides ?? {}, config.model_providers) : base.providerOverrides;
  return {
    model: params.model ?? config.model ?? base.model,
    modelProvider: params.modelProvider ?? config.model_provider ?? base.modelProvider,
    serviceTier: params.serviceTier ?? base.serviceTier,
    cwd,
    approvalPolicy: params.approvalPolicy ?? config.approval_policy ?? base.approvalPolicy,
    approvalsReviewer: params.approvalsReviewer ?? base.approvalsReviewer,
    sandbox: mode ? sandboxPolicyFor(mode, cwd, workspaceWrite) : rebaseSandbox(base.sandbox, base.cwd, cwd),
    reasoningEffort: config.model_reasoning_effort ?? base.reasoningEffort,
    reasoningSummary: config.model_reasoning_summary ?? base.reasoningSummary,
    baseInstructions: params.baseInstructions ?? config.instructions ?? base.baseInstructions,
    developerInstructions: params.developerInstructions ?? config.developer_instructions ?? base.developerInstructions,
    modelContextWindow: config.model_context_window ?? base.modelContextWindow ?? null,
    ...(workspaceWrite ? { workspaceWrite } : {}),
    ...(providerOverrides ? { providerOverrides } : {}),
  };
}

/**
 * A thread's `config` map, checked like config.toml. Keys we do not
 * implement are ignored, as unknown keys in config.toml are. Credentials are
 * refused: the thread's settings are stored in its rollout.
 */
export function threadConfig(overrides: Record<string, unknown>): ConfigValues {
  const problems: ConfigProblem[] = [];
  const expanded = expandDottedKeys(overrides);
  const values = checkValues(expanded, 'override', problems);
  for (const [id, provider] of Object.entries(values.model_providers ?? {})) {
    for (const field of ['http_headers', 'query_params'] as const) {
      for (const name of Object.keys(provider[field] ?? {})) {
        if (isSensitiveName(name)) {
          problems.push({
            path: ['model_providers', id, field, name],
            message:
              'is a credential, and a thread\'s config is stored with the thread: name the variable that holds it with env_key or env_http_headers, or set it in config.toml',
          });
        }
      }
    }
  }
  for (const [path, value] of leaves(expanded)) {
    if (path.length === 1 && isSensitiveName(path[0]) && typeof value === 'string') {
      problems.push({ path, message: 'looks like a credential; credentials are read from environment variables (env_key), never from a thread\'s config' });
    }
  }
  if (problems.length) {
    const [first] = problems;
    const field = `config.${joinDottedKey(first.path)}`;
    throw RpcError.invalidParams(`Invalid params: ${field} ${first.message}`, { field, problems: problems.map((problem) => `${joinDottedKey(problem.path)} ${problem.message}`) });
  }
  return isTable(values) ? values : {};
}

/** A workspace-write sandbox follows the thread when its cwd changes. */
function rebaseSandbox(sandbox: SandboxPolicy, from: string, to: string): SandboxPolicy {
  if (sandbox.type !== 'workspaceWrite' || from === to) return sandbox;
  return { ...sandbox, writableRoots: (sandbox.writableRoots ?? []).map((root) => (root === from ? to : root)) };
}
