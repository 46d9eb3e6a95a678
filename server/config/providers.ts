/**
 * Model providers: the built-in ones, and how a provider's effective
 * definition is put together from the built-in entry, the configuration
 * layers and a thread's own overrides.
 *
 * Built-ins:
 * - `openai`: https://api.openai.com/v1, key in OPENAI_API_KEY, Responses API.
 * - `ollama`: http://127.0.0.1:11434/v1, no key, Chat Completions. Ollama has
 *   served Chat Completions (streaming, tools) for long; its Responses API is
 *   recent (0.13.3), stateless and without free-form tools, so `chat` works
 *   with more installations. `wire_api = "responses"` in
 *   `[model_providers.ollama]` switches.
 */
import type { ProviderEntry, WireApi } from './config-values';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_ENV_KEY = 'OPENAI_API_KEY';
export const DEFAULT_PROVIDER = 'openai';
/** Codex's defaults: 4 request retries, 5 minutes without a stream event. */
export const DEFAULT_REQUEST_MAX_RETRIES = 4;
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;

export const BUILT_IN_PROVIDERS: Readonly<Record<string, ProviderEntry>> = {
  openai: { name: 'OpenAI', base_url: OPENAI_BASE_URL, env_key: DEFAULT_ENV_KEY, wire_api: 'responses' },
  ollama: { name: 'Ollama', base_url: 'http://127.0.0.1:11434/v1', env_key: '', wire_api: 'chat' },
};

/** A provider ready to build a client from. Holds no secret: keys are read from `envKey` when needed. */
export interface ModelProvider {
  id: string;
  name: string;
  baseUrl: string;
  /** The variable that holds the API key; null when the provider needs none. */
  envKey: string | null;
  /** Whether `envKey` was named in the configuration (then an unset variable is an error). */
  envKeyExplicit: boolean;
  envKeyInstructions: string | null;
  wireApi: WireApi;
  queryParams: Record<string, string>;
  httpHeaders: Record<string, string>;
  envHttpHeaders: Record<string, string>;
  requestMaxRetries: number;
  streamIdleTimeoutMs: number;
  /** OpenAI itself, at its official URL (a key is required; its model list is our catalog). */
  isOpenAI: boolean;
}

/**
 * The effective definition of provider `id`: the built-in entry, then each
 * table in `entries` (lowest precedence first) merged field by field.
 * Undefined when the provider is neither built in nor given a `base_url`.
 */
export function resolveProvider(id: string, entries: Array<ProviderEntry | undefined>): ModelProvider | undefined {
  const builtIn = BUILT_IN_PROVIDERS[id];
  const merged: ProviderEntry = {};
  for (const entry of [builtIn, ...entries]) {
    if (!entry) continue;
    for (const [key, value] of Object.entries(entry)) {
      if (value === undefined) continue;
      const previous = merged[key as keyof ProviderEntry];
      (merged as Record<string, unknown>)[key] =
        typeof value === 'object' && typeof previous === 'object' ? { ...(previous as object), ...value } : value;
    }
  }
  if (!merged.base_url) return undefined;
  const baseUrl = merged.base_url.replace(/\/+$/, '');
  const explicitKey = entries.some((entry) => entry?.env_key !== undefined);
  // A provider that names no env_key gets no key: sending OPENAI_API_KEY to a
  // third-party gateway by default would leak it (upstream sends none either).
  const envKey = merged.env_key === undefined ? null : merged.env_key || null;
  return {
    id,
    name: merged.name ?? id,
    baseUrl,
    envKey,
    envKeyExplicit: explicitKey && envKey !== null,
    envKeyInstructions: merged.env_key_instructions ?? null,
    wireApi: merged.wire_api ?? 'responses',
    queryParams: merged.query_params ?? {},
    httpHeaders: merged.http_headers ?? {},
    envHttpHeaders: merged.env_http_headers ?? {},
    requestMaxRetries: merged.request_max_retries ?? DEFAULT_REQUEST_MAX_RETRIES,
    streamIdleTimeoutMs: merged.stream_idle_timeout_ms ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
    isOpenAI: baseUrl === OPENAI_BASE_URL,
  };
}

/** The provider's HTTP headers with their values: literal ones, then those read from variables. */
export function providerHeaders(provider: ModelProvider, env: NodeJS.ProcessEnv): Record<string, string> {
  const headers: Record<string, string> = { ...provider.httpHeaders };
  for (const [header, variable] of Object.entries(provider.envHttpHeaders)) {
    const value = env[variable];
    if (value) headers[header] = value;
  }
  return headers;
}

/** The API key for `provider` from the environment, if any. */
export function providerApiKey(provider: ModelProvider, env: NodeJS.ProcessEnv): string | undefined {
  return provider.envKey ? env[provider.envKey] || undefined : undefined;
}
