/**
 * The `codexThreads.*` settings declared in package.json `contributes`, read
 * in one place so names and defaults cannot drift across modules.
 */
import * as vscode from 'vscode';

export type ApprovalPolicySetting = 'untrusted' | 'on-request' | 'never';
export type SandboxModeSetting = 'read-only' | 'workspace-write' | 'danger-full-access';
/** How an approval request is put to the user: a modal dialog (and the transcript), or the transcript only. */
export type ApprovalPromptSetting = 'modal' | 'inline';

export interface CodexSettings {
  /** Model for new threads; empty means the server's default. */
  model: string;
  /** OpenAI-compatible Responses API base URL; empty means OpenAI. */
  baseUrl: string;
  /** App Server program; empty means the bundled `dist/server.js`. */
  serverPath: string;
  serverArgs: string[];
  /** `approvalPolicy` of new threads. */
  approvalPolicy: ApprovalPolicySetting;
  /** `sandbox` of new threads. */
  sandboxMode: SandboxModeSetting;
  /** Prompt style per approval kind. */
  approvalPrompt: { commands: ApprovalPromptSetting; fileChanges: ApprovalPromptSetting };
}

export const SETTINGS_SECTION = 'codexThreads';

/** Settings whose change needs a fresh server process (they are baked into its launch). */
const SERVER_SETTINGS = ['baseUrl', 'serverPath', 'serverArgs'] as const;

const APPROVAL_POLICIES: readonly ApprovalPolicySetting[] = ['untrusted', 'on-request', 'never'];
const SANDBOX_MODES: readonly SandboxModeSetting[] = ['read-only', 'workspace-write', 'danger-full-access'];
const PROMPTS: readonly ApprovalPromptSetting[] = ['modal', 'inline'];

export function readSettings(): CodexSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const serverArgs = config.get<unknown>('serverArgs');
  return {
    model: config.get<string>('model', '').trim(),
    baseUrl: config.get<string>('baseUrl', '').trim(),
    serverPath: config.get<string>('serverPath', '').trim(),
    serverArgs:
      Array.isArray(serverArgs) && serverArgs.every((arg) => typeof arg === 'string') ? serverArgs : ['app-server'],
    approvalPolicy: oneOf(config.get<unknown>('approvalPolicy'), APPROVAL_POLICIES, 'on-request'),
    sandboxMode: oneOf(config.get<unknown>('sandboxMode'), SANDBOX_MODES, 'workspace-write'),
    approvalPrompt: {
      commands: oneOf(config.get<unknown>('approvalPrompt.commands'), PROMPTS, 'modal'),
      fileChanges: oneOf(config.get<unknown>('approvalPrompt.fileChanges'), PROMPTS, 'modal'),
    },
  };
}

export function affectsServerLaunch(event: vscode.ConfigurationChangeEvent): boolean {
  return SERVER_SETTINGS.some((key) => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`));
}

/** A hand-edited settings.json may hold anything: unknown values fall back to the default. */
function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}
