/**
 * Server-wide settings, resolved once at startup from the environment.
 * The standard OpenAI variables work as users of the OpenAI tools expect:
 * `OPENAI_API_KEY`, `OPENAI_BASE_URL`. `config.toml` layering comes later
 * (issue [Sandbox]).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AskForApproval, SandboxMode } from '../protocol';

declare const CODEX_THREADS_VERSION: string | undefined;

export interface ServerSettings {
  /** State directory: `CODEX_THREADS_HOME`, default `~/.codex-threads`. */
  home: string;
  /** Default model for new threads. */
  model: string;
  /** Whether `model` came from CODEX_THREADS_MODEL rather than the default. */
  modelFromEnvironment: boolean;
  /** Provider id reported on threads. */
  modelProvider: string;
  /** OpenAI-compatible base URL, or undefined for OpenAI itself. */
  baseUrl: string | undefined;
  /** Name of the environment variable that holds the API key. */
  apiKeyEnv: string;
  /** Our version, reported as `cliVersion` and in the user agent. */
  version: string;
  approvalPolicy: AskForApproval;
  sandboxMode: SandboxMode;
  reasoningEffort: string | null;
  /** The default model's context window in tokens, when known. */
  modelContextWindow: number | null;
  /** A thread with no subscriber and no running turn is unloaded after this long. */
  idleUnloadMs: number;
}

export const DEFAULT_MODEL = 'gpt-5.1-codex';

export function resolveSettings(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  return {
    home: resolve(env.CODEX_THREADS_HOME || join(homedir(), '.codex-threads')),
    model: env.CODEX_THREADS_MODEL || DEFAULT_MODEL,
    modelFromEnvironment: Boolean(env.CODEX_THREADS_MODEL),
    modelProvider: 'openai',
    baseUrl: env.OPENAI_BASE_URL || undefined,
    apiKeyEnv: 'OPENAI_API_KEY',
    version: typeof CODEX_THREADS_VERSION === 'string' ? CODEX_THREADS_VERSION : '0.0.0-dev',
    approvalPolicy: 'on-request',
    sandboxMode: 'read-only',
    reasoningEffort: null,
    modelContextWindow: positiveInteger(env.CODEX_THREADS_CONTEXT_WINDOW) ?? null,
    idleUnloadMs: positiveInteger(env.CODEX_THREADS_IDLE_UNLOAD_MS) ?? 30 * 60 * 1000,
  };
}

function positiveInteger(value: string | undefined): number | undefined {
  const parsed = Number(value);
  return value && Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
}
