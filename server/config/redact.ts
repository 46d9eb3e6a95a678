/**
 * Keeping secrets out of everything the server says: logs, rollouts, error
 * messages, notifications and `config/read`. Two complementary rules:
 *
 * - **By value**: every secret the server knows (API keys read from the
 *   providers' `env_key` variables, header values from `http_headers` and
 *   `env_http_headers`) is replaced wherever it appears in a text, also when
 *   it follows `Bearer `. A gateway that echoes the key in its error body
 *   cannot make us repeat it.
 * - **By name**: in configuration trees, string values under a key that looks
 *   like a credential (`Authorization`, `api_key`, `*token*`, `*secret*`…)
 *   are replaced, whatever their value.
 */

export const REDACTED = '[redacted]';

/** Shorter strings are not treated as secrets: replacing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 8;

const SENSITIVE_NAME = /authorization|api[-_]?key|token|secret|password|passwd|cookie|credential|bearer|signature|^sig$|^key$/i;
/** Names that look sensitive but hold no secret: `env_key` names a variable. */
const SAFE_NAMES = new Set(['env_key', 'env_key_instructions', 'env_http_headers']);

/** Whether a config key or header name looks like it holds a credential. */
export function isSensitiveName(name: string): boolean {
  return !SAFE_NAMES.has(name) && SENSITIVE_NAME.test(name);
}

/** Replaces every occurrence of each secret in `text`. */
export function redactText(text: string, secrets: Iterable<string>): string {
  // Credentials inside URLs: `https://user:password@host/` keeps the user only.
  let result = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)[^\s/@]+@/gi, `$1${REDACTED}@`);
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    result = result.split(secret).join(REDACTED);
  }
  return result;
}

/**
 * A copy of a configuration tree with credentials replaced: string values
 * under sensitive names, and any string that contains a known secret.
 * `env_http_headers` values are variable names and are kept.
 */
export function redactTree(value: unknown, secrets: Iterable<string> = []): unknown {
  return redactNode(value, [...secrets], '', true);
}

function redactNode(value: unknown, secrets: string[], name: string, byName: boolean): unknown {
  if (typeof value === 'string') return byName && name && isSensitiveName(name) ? REDACTED : redactText(value, secrets);
  if (Array.isArray(value)) return value.map((entry) => redactNode(entry, secrets, name, byName));
  if (value && typeof value === 'object') {
    const keepNames = byName && !SAFE_NAMES.has(name);
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, redactNode(entry, secrets, key, keepNames)]));
  }
  return value;
}

/** A registry of the secrets this process knows, shared by everything that speaks. */
export class SecretSet implements Iterable<string> {
  private readonly values = new Set<string>();

  add(value: string | undefined | null): void {
    if (!value) return;
    const trimmed = value.trim();
    if (trimmed.length >= MIN_SECRET_LENGTH) this.values.add(trimmed);
    // `Authorization: Bearer <key>`: the key alone is the secret too.
    const bearer = /^bearer\s+(.+)$/i.exec(trimmed);
    if (bearer) this.add(bearer[1]);
  }

  redact(text: string): string {
    return redactText(text, this.values);
  }

  [Symbol.iterator](): Iterator<string> {
    return this.values[Symbol.iterator]();
  }
}
