/**
 * One model client per provider definition, built on first use and kept:
 * the wire API the provider speaks (`wire_api`: Responses or Chat
 * Completions), wrapped in retries (`request_max_retries`) and, outermost,
 * in secret redaction, so that no error or retry notice can repeat a key
 * whatever the provider echoes back.
 *
 * A thread's client follows its settings (`modelProvider` and the provider
 * fields its `config` overrode); an edited config.toml gives new definitions,
 * hence new clients, for the next request.
 */
import { ChatCompletionsClient } from '../agent/chat-completions-client';
import { ModelError } from '../agent/model-error';
import type { ModelClient, ModelEvent, ModelRequest } from '../agent/model-events';
import { ResponsesClient, type ResponsesClientOptions } from '../agent/responses-client';
import { RetryingClient } from '../agent/retrying-client';
import type { ConfigSource } from './config-source';
import type { ProviderEntry } from './config-values';
import { DEFAULT_ENV_KEY, providerApiKey, type ModelProvider, providerHeaders } from './providers';
import type { SecretSet } from './redact';

/** What a thread's settings say about its provider. */
export interface ProviderChoice {
  modelProvider: string;
  providerOverrides?: Record<string, ProviderEntry>;
}

export class ProviderClients {
  private readonly clients = new Map<string, ModelClient>();
  /**
   * A client that follows the default provider (as configured for the
   * server's own working directory), for callers that have no thread.
   */
  readonly defaultClient: ModelClient;

  constructor(
    private readonly config: ConfigSource,
    private readonly env: NodeJS.ProcessEnv,
    private readonly userAgent: string,
    private readonly retry: { baseDelayMs?: number } = {},
  ) {
    const current = () => this.forProvider(this.config.resolve(process.cwd()).modelProvider);
    this.defaultClient = {
      get supportsCustomTools(): boolean {
        return current().supportsCustomTools;
      },
      stream: (request: ModelRequest, signal: AbortSignal) => current().stream(request, signal),
    };
  }

  /** The client for a thread's provider. */
  forThread(settings: ProviderChoice): ModelClient {
    return this.forProvider(settings.modelProvider, settings.providerOverrides?.[settings.modelProvider]);
  }

  /** The client for provider `id` (with a thread's overrides, if any). */
  forProvider(id: string, overrides?: ProviderEntry): ModelClient {
    const provider = this.config.provider(id, overrides);
    if (!provider) {
      return failingClient(
        new ModelError(
          `Model provider "${id}" is not configured: add [model_providers.${id}] with a base_url to ${this.config.path}, ` +
            `or use one of: ${this.config.providerIds().join(', ')}.`,
          'other',
        ),
      );
    }
    const key = JSON.stringify(provider);
    let client = this.clients.get(key);
    if (!client) {
      client = new RedactingClient(this.create(provider), this.config.secrets);
      this.clients.set(key, client);
    }
    return client;
  }

  private create(provider: ModelProvider): ModelClient {
    const apiKey = providerApiKey(provider, this.env);
    if (provider.envKeyExplicit && !apiKey) {
      const instructions = provider.envKeyInstructions ? ` ${provider.envKeyInstructions}` : '';
      return failingClient(
        new ModelError(`No API key for model provider "${provider.id}": set the environment variable ${provider.envKey}.${instructions}`, 'unauthorized'),
      );
    }
    const options: ResponsesClientOptions = {
      // Undefined means OpenAI itself: the client then insists on a key.
      baseUrl: provider.isOpenAI ? undefined : provider.baseUrl,
      apiKey,
      apiKeyEnv: provider.envKey ?? (provider.id === 'openai' ? DEFAULT_ENV_KEY : `env_key in [model_providers.${provider.id}]`),
      userAgent: this.userAgent,
      streamIdleTimeoutMs: provider.streamIdleTimeoutMs,
      headers: providerHeaders(provider, this.env),
      queryParams: provider.queryParams,
    };
    const wire = provider.wireApi === 'chat' ? new ChatCompletionsClient(options) : new ResponsesClient(options);
    return new RetryingClient(wire, { maxAttempts: provider.requestMaxRetries + 1, baseDelayMs: this.retry.baseDelayMs });
  }
}

/** Wraps a client so that nothing it says can repeat a known secret. */
export class RedactingClient implements ModelClient {
  constructor(
    private readonly inner: ModelClient,
    private readonly secrets: SecretSet,
  ) {}

  get supportsCustomTools(): boolean {
    return this.inner.supportsCustomTools;
  }

  async *stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent> {
    try {
      for await (const event of this.inner.stream(request, signal)) {
        if (event.type === 'retrying') {
          const { message, additionalDetails } = event.error;
          yield { ...event, error: { ...event.error, message: this.secrets.redact(message), additionalDetails: additionalDetails && this.secrets.redact(additionalDetails) } };
        } else yield event;
      }
    } catch (error) {
      throw redactError(error, this.secrets);
    }
  }
}

/** Redacts an error in place (message, stack, ModelError details) and returns it. */
export function redactError(error: unknown, secrets: SecretSet): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? secrets.redact(error) : error;
  error.message = secrets.redact(error.message);
  if (error.stack) error.stack = secrets.redact(error.stack);
  if (error instanceof ModelError && error.details) (error as { details: string | null }).details = secrets.redact(error.details);
  return error;
}

function failingClient(error: ModelError): ModelClient {
  return {
    supportsCustomTools: true,
    // eslint-disable-next-line require-yield
    async *stream() {
      throw error;
    },
  };
}
