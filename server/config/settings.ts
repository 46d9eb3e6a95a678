/**
 * Server-wide settings, resolved once at startup: where state lives, our
 * version, timings, and the live configuration (`config.toml` plus the
 * environment layer; see config-source.ts and config-layers.ts for the
 * layers and their precedence). Values that depend on the working directory
 * or the thread come from `config.resolve(cwd)`, never from here.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigSource } from './config-source';

export { DEFAULT_MODEL } from './config-layers';

declare const CODEX_THREADS_VERSION: string | undefined;

export interface ServerSettings {
  /** State directory: `CODEX_THREADS_HOME`, default `~/.codex-threads`. Holds `config.toml`. */
  home: string;
  /** Our version, reported as `cliVersion` and in the user agent. */
  version: string;
  /** A thread with no subscriber and no running turn is unloaded after this long. */
  idleUnloadMs: number;
  /** `config.toml` and the environment, re-read when the file changes. */
  config: ConfigSource;
  /** The environment the server was started with: provider keys are read from it. */
  env: NodeJS.ProcessEnv;
  /** First retry's backoff ceiling, doubling per retry (`CODEX_THREADS_RETRY_BASE_MS`; tests shorten it). */
  retryBaseDelayMs: number | undefined;
}

export function resolveSettings(env: NodeJS.ProcessEnv = process.env): ServerSettings {
  const home = resolve(env.CODEX_THREADS_HOME || join(homedir(), '.codex-threads'));
  return {
    home,
    version: typeof CODEX_THREADS_VERSION === 'string' ? CODEX_THREADS_VERSION : '0.0.0-dev',
    idleUnloadMs: positiveInteger(env.CODEX_THREADS_IDLE_UNLOAD_MS) ?? 30 * 60 * 1000,
    config: new ConfigSource(home, env),
    env,
    retryBaseDelayMs: nonNegativeInteger(env.CODEX_THREADS_RETRY_BASE_MS),
  };
}

function nonNegativeInteger(value: string | undefined): number | undefined {
  const parsed = Number(value);
  return value && Number.isInteger(parsed) && parsed >= 0 ? parsed : undefined;
}

function positiveInteger(value: string | undefined): number | undefined {
  const parsed = Number(value);
  return value && Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
}
