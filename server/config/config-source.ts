/**
 * The live configuration of the process: `$CODEX_THREADS_HOME/config.toml`
 * plus the environment layer. The file is re-read when it changes on disk
 * (checked by size and mtime whenever the configuration is consulted: a new
 * thread, `config/read`, `model/list`), so edits apply to new threads without
 * a restart. New problems are logged to stderr and handed to listeners (the
 * server sends them as `configWarning`).
 *
 * Environment variables (the `openai` provider is the one OPENAI_BASE_URL points):
 *   CODEX_THREADS_MODEL                 → model
 *   CODEX_THREADS_CONTEXT_WINDOW        → model_context_window
 *   OPENAI_BASE_URL                     → model_providers.openai.base_url
 *   CODEX_THREADS_WIRE_API              → model_providers.openai.wire_api
 *   CODEX_THREADS_MAX_RETRIES           → model_providers.openai.request_max_retries
 *   CODEX_THREADS_STREAM_IDLE_TIMEOUT_MS → model_providers.openai.stream_idle_timeout_ms
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { log } from '../common/log';
import type { ConfigWarningNotification } from '../protocol';
import { readConfigFile, type ConfigFile } from './config-file';
import { resolveConfig, type ResolvedConfig } from './config-layers';
import { checkValues, isTable, type ConfigProblem, type ConfigValues, type ProviderEntry } from './config-values';
import { BUILT_IN_PROVIDERS, providerApiKey, providerHeaders, resolveProvider, type ModelProvider } from './providers';
import { isSensitiveName, SecretSet } from './redact';

const ENV_VARIABLES: Record<string, string[]> = {
  CODEX_THREADS_MODEL: ['model'],
  CODEX_THREADS_CONTEXT_WINDOW: ['model_context_window'],
  OPENAI_BASE_URL: ['model_providers', 'openai', 'base_url'],
  CODEX_THREADS_WIRE_API: ['model_providers', 'openai', 'wire_api'],
  CODEX_THREADS_MAX_RETRIES: ['model_providers', 'openai', 'request_max_retries'],
  CODEX_THREADS_STREAM_IDLE_TIMEOUT_MS: ['model_providers', 'openai', 'stream_idle_timeout_ms'],
};
const NUMERIC = new Set(['CODEX_THREADS_CONTEXT_WINDOW', 'CODEX_THREADS_MAX_RETRIES', 'CODEX_THREADS_STREAM_IDLE_TIMEOUT_MS']);

export interface EnvironmentLayer {
  values: ConfigValues;
  raw: Record<string, unknown>;
  warnings: ConfigWarningNotification[];
}

export function environmentLayer(env: NodeJS.ProcessEnv): EnvironmentLayer {
  const raw: Record<string, unknown> = {};
  for (const [variable, path] of Object.entries(ENV_VARIABLES)) {
    const value = env[variable];
    if (!value) continue;
    let target = raw;
    for (const part of path.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    const numeric = NUMERIC.has(variable) && value.trim() !== '' && !Number.isNaN(Number(value));
    target[path[path.length - 1]] = numeric ? Number(value) : value;
  }
  const problems: ConfigProblem[] = [];
  const values = pruneEmptyTables(checkValues(raw, 'override', problems));
  const warnings = problems.map((problem): ConfigWarningNotification => {
    const variable = Object.keys(ENV_VARIABLES).find((name) => ENV_VARIABLES[name].join('.') === problem.path.join('.')) ?? problem.path.join('.');
    return { summary: `The environment variable ${variable} is ignored: its value ${problem.message}.`, details: null };
  });
  return { values, raw, warnings };
}

/** Drops tables left empty once their bad values were removed. */
function pruneEmptyTables<T extends object>(table: T): T {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(table)) {
    const pruned = isTable(value) ? pruneEmptyTables(value) : value;
    if (!isTable(pruned) || Object.keys(pruned).length) result[key] = pruned;
  }
  return result as T;
}

export class ConfigSource {
  readonly path: string;
  /** Every credential the configuration points at (API keys, auth headers): never to be repeated. */
  readonly secrets = new SecretSet();
  private file: ConfigFile;
  private stamp: string;
  private readonly environment: EnvironmentLayer;
  private readonly listeners: Array<(warnings: ConfigWarningNotification[]) => void> = [];

  constructor(
    home: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.path = join(home, 'config.toml');
    this.environment = environmentLayer(env);
    this.stamp = this.currentStamp();
    this.file = readConfigFile(this.path);
    this.collectSecrets();
    for (const warning of this.warnings()) log.warn(`config: ${warning.summary}${warning.details ? ` ${warning.details}` : ''}`);
  }

  /** The problems of the current file and environment, to report to each client. */
  warnings(): ConfigWarningNotification[] {
    this.refresh();
    return [...this.file.warnings, ...this.environment.warnings].map((warning) => this.redactWarning(warning));
  }

  /** Called with the new problems whenever an edited file brings some. */
  onWarnings(listener: (warnings: ConfigWarningNotification[]) => void): void {
    this.listeners.push(listener);
  }

  /** The effective configuration as seen from `cwd`. */
  resolve(cwd: string): ResolvedConfig {
    this.refresh();
    return resolveConfig(this.file, this.environment, cwd);
  }

  /**
   * The effective definition of provider `id`, from the built-ins, the
   * file, the environment and then `overrides` (a thread's own); undefined
   * when no layer defines it.
   */
  provider(id: string, overrides?: ProviderEntry): ModelProvider | undefined {
    this.refresh();
    const provider = resolveProvider(id, [this.file.values.model_providers?.[id], this.environment.values.model_providers?.[id], overrides]);
    if (provider) this.addProviderSecrets(provider);
    return provider;
  }

  /** The providers a client may pick: built in, or defined by a layer. */
  providerIds(): string[] {
    this.refresh();
    return [...new Set([...Object.keys(BUILT_IN_PROVIDERS), ...Object.keys(this.file.values.model_providers ?? {})])];
  }

  private refresh(): void {
    const stamp = this.currentStamp();
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    const before = new Set(this.file.warnings.map((warning) => warning.summary));
    this.file = readConfigFile(this.path);
    this.collectSecrets();
    log.info(`config: reloaded ${this.path}`);
    const fresh = this.file.warnings.filter((warning) => !before.has(warning.summary)).map((warning) => this.redactWarning(warning));
    for (const warning of fresh) log.warn(`config: ${warning.summary}${warning.details ? ` ${warning.details}` : ''}`);
    if (fresh.length) for (const listener of this.listeners) listener(fresh);
  }

  private currentStamp(): string {
    try {
      const stats = statSync(this.path);
      return `${stats.size}:${stats.mtimeMs}:${stats.ino}`;
    } catch {
      return 'absent';
    }
  }

  private collectSecrets(): void {
    for (const id of this.providerIds()) {
      const provider = resolveProvider(id, [this.file.values.model_providers?.[id], this.environment.values.model_providers?.[id]]);
      if (provider) this.addProviderSecrets(provider);
    }
    this.secrets.add(this.env.OPENAI_API_KEY);
  }

  private addProviderSecrets(provider: ModelProvider): void {
    this.secrets.add(providerApiKey(provider, this.env));
    for (const [name, value] of Object.entries(providerHeaders(provider, this.env))) if (isSensitiveName(name)) this.secrets.add(value);
    for (const [name, value] of Object.entries(provider.queryParams)) if (isSensitiveName(name)) this.secrets.add(value);
  }

  private redactWarning(warning: ConfigWarningNotification): ConfigWarningNotification {
    return { ...warning, summary: this.secrets.redact(warning.summary), details: warning.details ? this.secrets.redact(warning.details) : null };
  }
}
