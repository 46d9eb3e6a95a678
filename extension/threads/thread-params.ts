/**
 * What the settings and Workspace Trust make of a thread's params. Host-free.
 *
 * In an untrusted workspace a thread is read-only and asks before anything
 * (`untrusted`), whatever the settings say: the folder's own files (e.g.
 * AGENTS.md) may try to talk the agent into things. That applies to threads
 * resumed there too. The base URL travels in the server's environment
 * (`OPENAI_BASE_URL`), not per thread, so the official server gets it too.
 */
import type { RequestParams } from '../../server/protocol';
import type { CodexSettings } from '../common/settings';

export type ThreadStartParams = RequestParams<'thread/start'>;
export type ThreadResumeOverrides = Omit<RequestParams<'thread/resume'>, 'threadId'>;

const RESTRICTED = { approvalPolicy: 'untrusted', sandbox: 'read-only' } as const;

export function threadStartParams(settings: Pick<CodexSettings, 'model' | 'approvalPolicy' | 'sandboxMode'>, trusted: boolean, cwd: string): ThreadStartParams {
  const policy = trusted ? { approvalPolicy: settings.approvalPolicy, sandbox: settings.sandboxMode } : RESTRICTED;
  return { cwd, ...policy, ...(settings.model ? { model: settings.model } : {}) };
}

/** A resumed thread keeps its own settings, except that an untrusted workspace restricts it. */
export function threadResumeOverrides(trusted: boolean): ThreadResumeOverrides {
  return trusted ? {} : { ...RESTRICTED };
}
