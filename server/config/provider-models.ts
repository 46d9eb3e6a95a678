/**
 * The models a provider says it serves: `GET {base_url}/models`, the
 * OpenAI-compatible listing (`{data: [{id}, …]}`) that Ollama, vLLM,
 * LM Studio, OpenRouter and gateways answer. Bounded (3 s by default) and
 * cached (5 minutes; a failure for 1 minute, so a provider that is down does
 * not slow every `model/list`). Concurrent callers share one request. A
 * failure is logged to stderr, without credentials, and the caller falls
 * back to the static catalog.
 */
import { log } from '../common/log';
import { describeCauses } from '../agent/model-error';
import { readText, sendHttp } from '../agent/model-http';
import { providerApiKey, providerHeaders, type ModelProvider } from './providers';
import type { SecretSet } from './redact';

/** A listing larger than this is cut, and then fails to parse: lists of hundreds of models with their metadata stay far below. */
const LIST_LIMIT = 16 * 1024 * 1024;

export interface ProviderModelsOptions {
  timeoutMs?: number;
  ttlMs?: number;
  failureTtlMs?: number;
  userAgent?: string;
}

interface Entry {
  expiresAt: number;
  models: Promise<string[] | null>;
}

export class ProviderModels {
  private readonly cache = new Map<string, Entry>();
  private readonly timeoutMs: number;
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly secrets: SecretSet,
    private readonly options: ProviderModelsOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.failureTtlMs = options.failureTtlMs ?? 60_000;
  }

  /** The model ids the provider lists, or null when it could not be asked. */
  list(provider: ModelProvider): Promise<string[] | null> {
    const key = JSON.stringify(provider);
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.models;
    const entry: Entry = { expiresAt: Number.POSITIVE_INFINITY, models: Promise.resolve(null) };
    entry.models = this.fetch(provider).then(
      (models) => {
        entry.expiresAt = Date.now() + this.ttlMs;
        return models;
      },
      (error: unknown) => {
        entry.expiresAt = Date.now() + this.failureTtlMs;
        const reason = error instanceof Error ? (error.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : error.message) : String(error);
        log.warn(this.secrets.redact(`model/list: cannot list the models of provider "${provider.id}" at ${provider.baseUrl}/models (${reason}); using the built-in list`));
        return null;
      },
    );
    this.cache.set(key, entry);
    return entry.models;
  }

  private async fetch(provider: ModelProvider): Promise<string[]> {
    const url = new URL(`${provider.baseUrl}/models`);
    for (const [name, value] of Object.entries(provider.queryParams)) url.searchParams.set(name, value);
    const headers: Record<string, string> = { accept: 'application/json', ...providerHeaders(provider, this.env) };
    if (this.options.userAgent) headers['user-agent'] = this.options.userAgent;
    const apiKey = providerApiKey(provider, this.env);
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    // node:http as for model requests: the same proxy rules (HTTPS_PROXY, NO_PROXY), and no
    // global fetch, whose first use loads undici (about 13 MB resident).
    const signal = AbortSignal.timeout(this.timeoutMs);
    let text: string;
    try {
      const answer = await sendHttp({ url, headers, signal, env: this.env });
      if (answer.status < 200 || answer.status >= 300) {
        answer.body.destroy();
        throw new Error(`HTTP ${answer.status}`);
      }
      text = await readText(answer.body, LIST_LIMIT);
    } catch (error) {
      // The timeout aborts the request: say so (a TimeoutError) rather than "aborted".
      throw signal.aborted ? signal.reason : new Error(describeCauses(error), { cause: error });
    }
    const body = JSON.parse(text) as { data?: Array<{ id?: unknown }> };
    if (!Array.isArray(body?.data)) throw new Error('the answer has no "data" list');
    return body.data.map((entry) => entry?.id).filter((id): id is string => typeof id === 'string' && id.length > 0);
  }
}
