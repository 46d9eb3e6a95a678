/**
 * Layering: from the parsed `config.toml` and the environment, the effective
 * configuration as seen from a working directory, with the layer each value
 * came from. Lowest precedence first:
 *
 *   built-in defaults
 *   < what the project's `trust_level` implies (trusted → `workspace-write`
 *     sandbox; untrusted → `untrusted` approvals)
 *   < `config.toml`, top level                  (layer `user {file}`)
 *   < `[projects."<path>"]` for the cwd          (layer `project {dotCodexFolder}`)
 *   < environment variables                      (layer `sessionFlags`, version `env`)
 *
 * Thread and turn parameters go above all of these (thread-settings.ts).
 * Pure: no file or environment access here.
 */
import { isAbsolute, join, normalize, relative } from 'node:path';
import type { AskForApproval, ConfigLayerMetadata, ConfigLayerSource, SandboxMode } from '../protocol';
import type { ConfigFile } from './config-file';
import { expandHome, joinDottedKey, leaves, mergeTables, type ConfigValues, type ProjectEntry, type ProviderEntry, type TrustLevel, type WorkspaceWriteEntry } from './config-values';
import { DEFAULT_PROVIDER } from './providers';

export const DEFAULT_MODEL = 'gpt-5.1-codex';
export const DEFAULT_APPROVAL_POLICY: AskForApproval = 'on-request';
export const DEFAULT_SANDBOX_MODE: SandboxMode = 'read-only';

/** One layer: where it comes from, and the checked values it sets. */
export interface ResolvedLayer {
  metadata: ConfigLayerMetadata;
  values: ConfigValues;
  /** The layer's table as written (unchecked); shown by `config/read` with `includeLayers`, redacted. */
  raw: Record<string, unknown>;
}

/** The effective configuration for one working directory. */
export interface ResolvedConfig {
  model: string;
  modelProvider: string;
  approvalPolicy: AskForApproval;
  sandboxMode: SandboxMode;
  workspaceWrite: WorkspaceWriteEntry;
  reasoningEffort: string | null;
  reasoningSummary: string | null;
  modelContextWindow: number | null;
  instructions: string | null;
  developerInstructions: string | null;
  /** `[model_providers.*]` tables from the layers, merged (built-ins not included). */
  providers: Record<string, ProviderEntry>;
  /** The `[projects]` entry that applies to the cwd, if any. */
  project: { path: string; trustLevel: TrustLevel | null } | null;
  /** Dotted key → the layer that set it (keys left at their default have none). */
  origins: Record<string, ConfigLayerMetadata>;
  /** Highest precedence first. */
  layers: ResolvedLayer[];
  /** Every model named in the configuration (top level and projects), for `model/list`. */
  namedModels: string[];
}

export const ENV_LAYER: ConfigLayerMetadata = { name: { type: 'sessionFlags' }, version: 'env' };

export function resolveConfig(file: ConfigFile, env: { values: ConfigValues; raw: Record<string, unknown> }, cwd: string): ResolvedConfig {
  const userSource: ConfigLayerSource = { type: 'user', file: file.path };
  const user: ResolvedLayer | null = file.exists
    ? { metadata: { name: userSource, version: file.version }, values: withoutProjects(file.values), raw: file.raw }
    : null;
  const match = findProject(file.values.projects ?? {}, cwd);
  let project: ResolvedLayer | null = null;
  let implied: ResolvedLayer | null = null;
  if (match) {
    const metadata: ConfigLayerMetadata = { name: { type: 'project', dotCodexFolder: join(match.path, '.codex') }, version: file.version };
    const { trust_level: _trust, ...values } = match.entry;
    project = { metadata, values, raw: rawProject(file.raw, match.path) };
    const trustDefaults: ConfigValues =
      match.entry.trust_level === 'trusted' ? { sandbox_mode: 'workspace-write' } : match.entry.trust_level === 'untrusted' ? { approval_policy: 'untrusted' } : {};
    implied = { metadata, values: trustDefaults, raw: {} };
  }
  const envLayer: ResolvedLayer | null = Object.keys(env.values).length ? { metadata: ENV_LAYER, values: env.values, raw: env.raw } : null;

  const lowestFirst = [implied, user, project, envLayer].filter((layer): layer is ResolvedLayer => layer !== null);
  let merged: ConfigValues = {};
  const origins: Record<string, ConfigLayerMetadata> = {};
  for (const layer of lowestFirst) {
    merged = mergeTables(merged as Record<string, unknown>, layer.values as Record<string, unknown>) as ConfigValues;
    for (const [path] of leaves(layer.values as Record<string, unknown>)) origins[joinDottedKey(path)] = layer.metadata;
  }
  const namedModels = [file.values.model, ...Object.values(file.values.projects ?? {}).map((entry) => entry.model), env.values.model];
  return {
    model: merged.model ?? DEFAULT_MODEL,
    modelProvider: merged.model_provider ?? DEFAULT_PROVIDER,
    approvalPolicy: merged.approval_policy ?? DEFAULT_APPROVAL_POLICY,
    sandboxMode: merged.sandbox_mode ?? DEFAULT_SANDBOX_MODE,
    workspaceWrite: merged.sandbox_workspace_write ?? {},
    reasoningEffort: merged.model_reasoning_effort ?? null,
    reasoningSummary: merged.model_reasoning_summary ?? null,
    modelContextWindow: merged.model_context_window ?? null,
    instructions: merged.instructions ?? null,
    developerInstructions: merged.developer_instructions ?? null,
    providers: merged.model_providers ?? {},
    project: match ? { path: match.path, trustLevel: match.entry.trust_level ?? null } : null,
    origins,
    layers: [envLayer, project, user].filter((layer): layer is ResolvedLayer => layer !== null),
    namedModels: [...new Set(namedModels.filter((model): model is string => Boolean(model)))],
  };
}

/** The project whose path is the cwd or its closest ancestor. */
export function findProject(projects: Record<string, ProjectEntry>, cwd: string): { path: string; entry: ProjectEntry } | null {
  let best: { path: string; entry: ProjectEntry } | null = null;
  for (const [path, entry] of Object.entries(projects)) {
    const inside = relative(path, cwd);
    if (inside !== '' && (inside.startsWith('..') || isAbsolute(inside))) continue;
    if (!best || path.length > best.path.length) best = { path, entry };
  }
  return best;
}

function withoutProjects(values: ConfigValues & { projects?: unknown }): ConfigValues {
  const { projects: _projects, ...rest } = values;
  return rest;
}

function rawProject(raw: Record<string, unknown>, path: string): Record<string, unknown> {
  const projects = (raw.projects ?? {}) as Record<string, Record<string, unknown>>;
  const key = Object.keys(projects).find((candidate) => normalize(expandHome(candidate)).replace(/(.)\/+$/, '$1') === path);
  return key ? { ...projects[key] } : {};
}
