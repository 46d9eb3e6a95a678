/**
 * Reading `config.toml`: parse it, check every value, and turn each problem
 * into a warning that names the file, the line and the rule. A file that
 * does not parse is ignored as a whole (the server runs on its defaults);
 * a bad value is ignored alone.
 *
 * Warnings never quote the file: a broken line may hold a credential.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import type { ConfigWarningNotification } from '../protocol';
import { BUILT_IN_PROVIDERS } from './providers';
import { checkValues, joinDottedKey, splitDottedKey, type ConfigProblem, type UserConfigValues } from './config-values';

export interface ConfigFile {
  path: string;
  exists: boolean;
  /** `sha256:<hex>` of the file's bytes, as upstream's layer versions. */
  version: string;
  /** The parsed table as written (before checks); empty when absent or unparseable. */
  raw: Record<string, unknown>;
  /** The values that passed their checks. */
  values: UserConfigValues;
  warnings: ConfigWarningNotification[];
}

export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const warnings: ConfigWarningNotification[] =
      code === 'ENOENT' ? [] : [{ summary: `Cannot read ${path}; using the default configuration.`, details: (error as Error).message, path }];
    return { path, exists: code !== 'ENOENT', version: 'sha256:absent', raw: {}, values: {}, warnings };
  }
  return parseConfigText(path, text);
}

export function parseConfigText(path: string, text: string): ConfigFile {
  const version = `sha256:${createHash('sha256').update(text).digest('hex')}`;
  let raw: Record<string, unknown>;
  try {
    raw = parse(text) as Record<string, unknown>;
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number };
    // smol-toml appends the offending lines to its message; keep the first line only.
    const reason = String((error as Error).message).split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
    const where = line ? `${path}:${line}:${column ?? 1}` : path;
    return {
      path,
      exists: true,
      version,
      raw: {},
      values: {},
      warnings: [
        {
          summary: `${where}: invalid TOML (${reason}). The whole file is ignored: the server runs on its defaults until it is fixed.`,
          details: null,
          path,
          range: line ? { start: { line, column: column ?? 1 }, end: { line, column: column ?? 1 } } : null,
        },
      ],
    };
  }
  const problems: ConfigProblem[] = [];
  const values = checkValues(raw, 'top', problems);
  checkProviderReferences(values, problems);
  const lines = text.split(/\r?\n/);
  const warnings = problems.map((problem) => toWarning(path, lines, problem));
  return { path, exists: true, version, raw, values, warnings };
}

/** `model_provider` must name a built-in provider or one defined in the file; custom ones need a `base_url`. */
function checkProviderReferences(values: UserConfigValues, problems: ConfigProblem[]): void {
  for (const [id, entry] of Object.entries(values.model_providers ?? {})) {
    if (!BUILT_IN_PROVIDERS[id] && !entry.base_url) {
      problems.push({ path: ['model_providers', id, 'base_url'], message: `is required for a provider that is not built in (${Object.keys(BUILT_IN_PROVIDERS).join(', ')})` });
      delete values.model_providers![id];
    }
  }
  const known = new Set([...Object.keys(BUILT_IN_PROVIDERS), ...Object.keys(values.model_providers ?? {})]);
  const check = (owner: { model_provider?: string }, at: string[]) => {
    if (owner.model_provider === undefined || known.has(owner.model_provider)) return;
    problems.push({
      path: [...at, 'model_provider'],
      message: `${JSON.stringify(owner.model_provider)} is not a provider: use one of ${[...known].join(', ')}, or define [model_providers.${owner.model_provider}]`,
    });
    delete owner.model_provider;
  };
  check(values, []);
  for (const [projectPath, project] of Object.entries(values.projects ?? {})) check(project, ['projects', projectPath]);
}

function toWarning(path: string, lines: string[], problem: ConfigProblem): ConfigWarningNotification {
  const key = joinDottedKey(problem.path);
  const line = locateKey(lines, problem.path);
  return {
    summary: `${line ? `${path}:${line}` : path}: ${key} ${problem.message}. This value is ignored (its default applies); the rest of the file is in effect.`,
    details: null,
    path,
    range: line ? { start: { line, column: 1 }, end: { line, column: (lines[line - 1]?.length ?? 0) + 1 } } : null,
  };
}

/**
 * The 1-based line that sets `path`, found by reading table headers and
 * `key =` lines (also dotted and inline forms, best effort); 0 if not found.
 */
export function locateKey(lines: string[], path: string[]): number {
  let table: string[] = [];
  // When the key itself is not written (a missing field), the closest enclosing table header.
  let fallback = { line: 0, depth: 0 };
  const consider = (line: number, prefix: string[]) => {
    if (prefix.length > fallback.depth && prefix.length <= path.length && samePath(prefix, path.slice(0, prefix.length))) fallback = { line, depth: prefix.length };
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header) {
      table = splitDottedKey(header[1]);
      consider(index + 1, table);
      continue;
    }
    const assignment = /^("[^"]*"|'[^']*'|[A-Za-z0-9_.\-" ]+?)\s*=/.exec(line);
    if (!assignment) continue;
    const key = [...table, ...splitDottedKey(assignment[1].replace(/'/g, '"'))];
    if (samePath(key, path)) return index + 1;
    // The value may sit inside an inline table on this line: `sandbox_workspace_write = { network_access = 1 }`.
    if (line.includes(path[path.length - 1])) consider(index + 1, key);
  }
  return fallback.line;
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}
