/**
 * Where a model request goes and what it carries besides its body: the URL
 * (base URL + the wire API's path + the provider's query parameters) and the
 * headers (auth, user agent, the provider's own). Shared by both wire APIs.
 *
 * This is what the `openai` SDK used to do for us, kept as it did it (the
 * same URL joining, `Bearer not-needed` for keyless local servers, the
 * OpenAI-Organization / OpenAI-Project headers from OPENAI_ORG_ID /
 * OPENAI_PROJECT_ID). The SDK itself is no longer loaded at run time: it was
 * about 11 MB of memory for building one POST. Its types still describe the
 * bodies and events.
 */
import { ModelError } from './model-error';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface ModelClientOptions {
  baseUrl: string | undefined;
  apiKey: string | undefined;
  apiKeyEnv: string;
  userAgent: string;
  /** Abandon a request when the provider sends nothing for this long (default 300 s). */
  streamIdleTimeoutMs?: number;
  /** Extra HTTP headers on every request (a provider's `http_headers`, `env_http_headers`). */
  headers?: Record<string, string>;
  /** Extra query parameters on every request (a provider's `query_params`, e.g. Azure's `api-version`). */
  queryParams?: Record<string, string>;
  /** Where OPENAI_ORG_ID, OPENAI_PROJECT_ID and the proxy variables are read (default: the process environment). */
  env?: NodeJS.ProcessEnv;
}

export interface ModelEndpoint {
  url: URL;
  /** Lower-case names. */
  headers: Record<string, string>;
}

/** The endpoint for `path` (e.g. `/responses`); throws when there is neither a key nor a base URL. */
export function modelEndpoint(options: ModelClientOptions, path: string): ModelEndpoint {
  const { baseUrl, apiKey, apiKeyEnv, userAgent } = options;
  if (!apiKey && !baseUrl) {
    throw new ModelError(
      `No API key: set ${apiKeyEnv} (in VS Code: "Codex: Set API Key"), or set OPENAI_BASE_URL to an OpenAI-compatible server that needs none.`,
      'unauthorized',
    );
  }
  const base = baseUrl ?? OPENAI_BASE_URL;
  const url = new URL(base + (base.endsWith('/') && path.startsWith('/') ? path.slice(1) : path));
  for (const [name, value] of Object.entries(options.queryParams ?? {})) url.searchParams.set(name, value);
  const env = options.env ?? process.env;
  const headers: Record<string, string> = {
    accept: 'text/event-stream',
    'content-type': 'application/json',
    'user-agent': userAgent,
    // Local OpenAI-compatible servers (Ollama, vLLM) accept any key.
    authorization: `Bearer ${apiKey || 'not-needed'}`,
  };
  if (env.OPENAI_ORG_ID) headers['openai-organization'] = env.OPENAI_ORG_ID;
  if (env.OPENAI_PROJECT_ID) headers['openai-project'] = env.OPENAI_PROJECT_ID;
  // The provider's own headers come last, so they may replace any of ours.
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  return { url, headers };
}
