/**
 * The `config.toml` keys we understand (Codex's names) and their checks.
 * The same checks apply to a thread's `config` overrides. A value that fails
 * is dropped with a problem naming the key and the rule; unknown keys are
 * kept out of the effective configuration without complaint (Codex has many
 * keys we do not implement, and users may share files between the two).
 */
import { homedir } from 'node:os';
import { isAbsolute, join, normalize } from 'node:path';
import type { ReasoningSummary, SandboxMode } from '../protocol';

export type WireApi = 'responses' | 'chat';
export type ConfigApprovalPolicy = 'untrusted' | 'on-request' | 'never';
export type TrustLevel = 'trusted' | 'untrusted';

/** `[model_providers.NAME]`. */
export interface ProviderEntry {
  name?: string;
  base_url?: string;
  /** Variable holding the API key; `""` means the provider needs no key. */
  env_key?: string;
  env_key_instructions?: string;
  wire_api?: WireApi;
  query_params?: Record<string, string>;
  /** Literal header values (may hold credentials: never echoed). */
  http_headers?: Record<string, string>;
  /** Header name → variable holding its value. */
  env_http_headers?: Record<string, string>;
  request_max_retries?: number;
  stream_idle_timeout_ms?: number;
}

/** `[sandbox_workspace_write]`. */
export interface WorkspaceWriteEntry {
  writable_roots?: string[];
  network_access?: boolean;
  exclude_tmpdir_env_var?: boolean;
  exclude_slash_tmp?: boolean;
}

/** Keys valid at the top level, in a project section and as thread overrides. */
export interface ConfigValues {
  model?: string;
  model_provider?: string;
  model_reasoning_effort?: string;
  model_reasoning_summary?: ReasoningSummary;
  model_context_window?: number;
  approval_policy?: ConfigApprovalPolicy;
  sandbox_mode?: SandboxMode;
  sandbox_workspace_write?: WorkspaceWriteEntry;
  instructions?: string;
  developer_instructions?: string;
  model_providers?: Record<string, ProviderEntry>;
}

/** `[projects."<absolute path>"]`: per-project overrides, and how far the project is trusted. */
export interface ProjectEntry extends Omit<ConfigValues, 'model_providers'> {
  trust_level?: TrustLevel;
}

/** A whole `config.toml`. */
export interface UserConfigValues extends ConfigValues {
  projects?: Record<string, ProjectEntry>;
}

/** A value that was dropped: where, and why. */
export interface ConfigProblem {
  path: string[];
  message: string;
}

export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;

type Check = (value: unknown) => { value: unknown } | { error: string };

const describe = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};
const oneOf =
  (...allowed: string[]): Check =>
  (value) =>
    typeof value === 'string' && allowed.includes(value) ? { value } : { error: `${describe(value)} is not one of ${allowed.join(', ')}` };
const text: Check = (value) => (typeof value === 'string' ? { value } : { error: 'must be a string' });
const nonEmpty: Check = (value) => (typeof value === 'string' && value.trim() ? { value: value.trim() } : { error: 'must be a non-empty string' });
const flag: Check = (value) => (typeof value === 'boolean' ? { value } : { error: `${describe(value)} is not true or false` });
const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER): Check =>
  (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? { value }
      : { error: `${describe(value)} is not a whole number from ${min} to ${max}` };
const url: Check = (value) => {
  if (typeof value !== 'string') return { error: 'must be a string' };
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { error: 'must be an http:// or https:// URL' };
    return { value: value.replace(/\/+$/, '') };
  } catch {
    return { error: 'is not a valid URL' };
  }
};
const envName: Check = (value) =>
  typeof value === 'string' && (value === '' || /^[A-Za-z_][A-Za-z0-9_]*$/.test(value))
    ? { value }
    : { error: 'must be an environment variable name (letters, digits, _), or "" for no key' };
/** Values are never echoed: headers and query parameters may hold credentials. */
const stringMap: Check = (value) => {
  if (!isTable(value)) return { error: 'must be a table of strings' };
  for (const [key, entry] of Object.entries(value)) if (typeof entry !== 'string') return { error: `${key} must be a string` };
  return { value: { ...value } };
};
const absolutePaths: Check = (value) => {
  if (!Array.isArray(value)) return { error: 'must be an array of absolute paths' };
  const paths: string[] = [];
  for (const entry of value) {
    const path = typeof entry === 'string' ? expandHome(entry) : undefined;
    if (!path || !isAbsolute(path)) return { error: `${describe(entry)} is not an absolute path` };
    paths.push(normalize(path));
  }
  return { value: paths };
};

const SCALARS: Record<string, Check> = {
  model: nonEmpty,
  model_provider: nonEmpty,
  model_reasoning_effort: oneOf(...REASONING_EFFORTS),
  model_reasoning_summary: oneOf('auto', 'concise', 'detailed', 'none'),
  model_context_window: integer(1),
  approval_policy: oneOf('untrusted', 'on-request', 'never'),
  sandbox_mode: oneOf('read-only', 'workspace-write', 'danger-full-access'),
  instructions: text,
  developer_instructions: text,
};
const WORKSPACE_WRITE: Record<string, Check> = {
  writable_roots: absolutePaths,
  network_access: flag,
  exclude_tmpdir_env_var: flag,
  exclude_slash_tmp: flag,
};
const PROVIDER: Record<string, Check> = {
  name: nonEmpty,
  base_url: url,
  env_key: envName,
  env_key_instructions: text,
  wire_api: oneOf('responses', 'chat'),
  query_params: stringMap,
  http_headers: stringMap,
  env_http_headers: stringMap,
  request_max_retries: integer(0, 100),
  stream_idle_timeout_ms: integer(1),
};

export type ConfigScope = 'top' | 'project' | 'override';

/** Checks a table of config values; returns what passed, and a problem per value that did not. */
export function checkValues(raw: Record<string, unknown>, scope: ConfigScope, problems: ConfigProblem[], at: string[] = []): UserConfigValues {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const path = [...at, key];
    if (key in SCALARS) {
      const checked = SCALARS[key](value);
      if ('error' in checked) problems.push({ path, message: checked.error });
      else values[key] = checked.value;
    } else if (key === 'sandbox_workspace_write') {
      const table = checkTable(value, WORKSPACE_WRITE, path, problems);
      if (table) values[key] = table;
    } else if (key === 'model_providers' && scope !== 'project') {
      const providers = checkProviders(value, path, problems);
      if (providers) values[key] = providers;
    } else if (key === 'projects' && scope === 'top') {
      const projects = checkProjects(value, path, problems);
      if (projects) values[key] = projects;
    } else if (key === 'trust_level' && scope === 'project') {
      const checked = oneOf('trusted', 'untrusted')(value);
      if ('error' in checked) problems.push({ path, message: checked.error });
      else values[key] = checked.value;
    }
  }
  return values as UserConfigValues;
}

function checkTable(value: unknown, checks: Record<string, Check>, path: string[], problems: ConfigProblem[]): Record<string, unknown> | undefined {
  if (!isTable(value)) {
    problems.push({ path, message: 'must be a table' });
    return undefined;
  }
  const table: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    const check = checks[key];
    if (!check) continue;
    const checked = check(entry);
    if ('error' in checked) problems.push({ path: [...path, key], message: checked.error });
    else table[key] = checked.value;
  }
  return table;
}

function checkProviders(value: unknown, path: string[], problems: ConfigProblem[]): Record<string, ProviderEntry> | undefined {
  if (!isTable(value)) {
    problems.push({ path, message: 'must be a table of providers, e.g. [model_providers.ollama]' });
    return undefined;
  }
  const providers: Record<string, ProviderEntry> = {};
  for (const [id, entry] of Object.entries(value)) {
    const table = checkTable(entry, PROVIDER, [...path, id], problems);
    if (table) providers[id] = table as ProviderEntry;
  }
  return providers;
}

function checkProjects(value: unknown, path: string[], problems: ConfigProblem[]): Record<string, ProjectEntry> | undefined {
  if (!isTable(value)) {
    problems.push({ path, message: 'must be a table of projects, e.g. [projects."/home/me/repo"]' });
    return undefined;
  }
  const projects: Record<string, ProjectEntry> = {};
  for (const [key, entry] of Object.entries(value)) {
    const projectPath = expandHome(key);
    if (!isAbsolute(projectPath)) {
      problems.push({ path: [...path, key], message: 'a project is named by its absolute path' });
      continue;
    }
    if (!isTable(entry)) {
      problems.push({ path: [...path, key], message: 'must be a table' });
      continue;
    }
    projects[normalize(projectPath).replace(/(.)\/+$/, '$1')] = checkValues(entry, 'project', problems, [...path, key]) as ProjectEntry;
  }
  return projects;
}

/** `a.b."c.d"` → `['a', 'b', 'c.d']` (TOML dotted-key syntax, as in Codex's `-c key=value`). */
export function splitDottedKey(key: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of key) {
    if (char === '"') quoted = !quoted;
    else if (char === '.' && !quoted) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim());
}

/** `['projects', '/a/b', 'model']` → `projects."/a/b".model`. */
export function joinDottedKey(path: string[]): string {
  return path.map((part) => (/^[A-Za-z0-9_-]+$/.test(part) ? part : JSON.stringify(part))).join('.');
}

/** A map of dotted keys (and nested tables) as one nested table: `{"a.b": 1}` → `{a: {b: 1}}`. */
export function expandDottedKeys(overrides: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(overrides)) {
    const path = splitDottedKey(key);
    let target = result;
    for (const part of path.slice(0, -1)) {
      if (!isTable(target[part])) target[part] = {};
      target = target[part] as Record<string, unknown>;
    }
    const last = path[path.length - 1];
    target[last] = isTable(value) && isTable(target[last]) ? mergeTables(target[last] as Record<string, unknown>, value) : value;
  }
  return result;
}

/** Deep merge: tables merge key by key, anything else in `over` replaces. */
export function mergeTables<T extends object>(under: T, over: object): T {
  const result: Record<string, unknown> = { ...(under as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    result[key] = isTable(value) && isTable(result[key]) ? mergeTables(result[key] as object, value) : value;
  }
  return result as T;
}

/** Every leaf of a table as [dotted path parts, value]; arrays are leaves. */
export function leaves(table: Record<string, unknown>, at: string[] = []): Array<[string[], unknown]> {
  return Object.entries(table).flatMap(([key, value]) =>
    isTable(value) && Object.keys(value).length ? leaves(value, [...at, key]) : [[[...at, key], value] as [string[], unknown]],
  );
}

export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function expandHome(path: string): string {
  return path === '~' ? homedir() : path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}
