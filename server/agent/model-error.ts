/**
 * A model failure turned into what the user needs: a message that says what
 * to do, upstream's machine-readable `codexErrorInfo`, and, for the retry
 * layer, whether trying again can help and how long the server asked us to
 * wait.
 */
import type { CodexErrorInfo, TurnError } from '../protocol';
import { retryAfterMs, type HeaderSource } from './backoff';

/** Whether and when a failed request may be sent again. */
export interface RetryAdvice {
  /** Trying again can help: rate limit, overload, network failure, a stream that broke or went silent. */
  retryable: boolean;
  /** The wait the server asked for (`Retry-After`), in ms. */
  afterMs: number | null;
  /** The HTTP status of the failure, when the provider answered with one. */
  httpStatus: number | null;
}

/** Which provider a failure came from, for messages that say what to check. */
export interface ProviderContext {
  baseUrl: string;
  apiKeyEnv: string;
}

export class ModelError extends Error {
  readonly retry: RetryAdvice;

  constructor(
    message: string,
    readonly info: CodexErrorInfo,
    readonly details: string | null = null,
    retry: Partial<RetryAdvice> = {},
  ) {
    super(message);
    this.name = 'ModelError';
    this.retry = { retryable: retry.retryable ?? false, afterMs: retry.afterMs ?? null, httpStatus: retry.httpStatus ?? null };
  }

  toTurnError(): TurnError {
    return { message: this.message, codexErrorInfo: this.info, additionalDetails: this.details };
  }
}

/** No HTTP answer at all (refused, reset, DNS, TLS…): the request's own error is the cause. */
export class ConnectionFailure extends Error {
  constructor(cause: unknown) {
    super('Connection error.', { cause });
    this.name = 'ConnectionFailure';
  }
}

/**
 * The provider answered with an error status. `error` is the `error` object
 * of a JSON body (OpenAI's `{error: {message, code, type}}`), when there is
 * one; the message is the status and what the body said.
 */
export class HttpStatusError extends Error {
  readonly code: string | null;

  constructor(
    readonly status: number,
    readonly headers: HeaderSource,
    readonly error: { message?: string; code?: string | null; type?: string } | undefined,
    bodyText: string,
  ) {
    const said = typeof error?.message === 'string' ? error.message : error ? JSON.stringify(error) : bodyText.trim();
    super(said ? `${status} ${said}` : `${status} status code (no body)`);
    this.name = 'HttpStatusError';
    this.code = typeof error?.code === 'string' ? error.code : null;
  }
}

interface HttpLikeError {
  status?: number;
  message?: string;
  code?: string | null;
  headers?: HeaderSource;
  error?: { message?: string; code?: string | null; type?: string };
}

/** Maps a request's failure (HttpStatusError, ConnectionFailure or anything else) to a ModelError with advice. */
export function toModelError(error: unknown, context: ProviderContext): ModelError {
  if (error instanceof ModelError) return error;
  const httpError = error as HttpLikeError;
  const status = typeof httpError?.status === 'number' ? httpError.status : undefined;
  if (status === undefined) return connectionError(error, context);
  const detail = httpError.error?.message ?? httpError.message ?? String(error);
  const code = httpError.error?.code ?? httpError.code ?? httpError.error?.type ?? null;
  const headers = typeof httpError.headers?.get === 'function' ? httpError.headers : undefined;
  // The server may say outright whether a retry can help (OpenAI's `x-should-retry`).
  const shouldRetry = headers?.get('x-should-retry');
  const retry = (retryable: boolean): Partial<RetryAdvice> => ({
    retryable: shouldRetry === 'true' ? true : shouldRetry === 'false' ? false : retryable,
    afterMs: retryAfterMs(headers),
    httpStatus: status,
  });
  if (status === 401 || status === 403) {
    return new ModelError(
      `The model provider at ${context.baseUrl} rejected the API key (HTTP ${status}). ` +
        `Set ${context.apiKeyEnv} (in VS Code: "Codex: Set API Key") to a valid key.`,
      'unauthorized',
      detail,
      { httpStatus: status },
    );
  }
  if (status === 404) {
    return new ModelError(
      `The model provider at ${context.baseUrl} answered 404: check the model name and the base URL.`,
      'modelNotFound',
      detail,
      { httpStatus: status },
    );
  }
  if (status === 429 && code === 'insufficient_quota') {
    return new ModelError(
      `The model provider at ${context.baseUrl} says the account's quota is used up (HTTP 429, insufficient_quota). Check the plan and billing of the key in ${context.apiKeyEnv}.`,
      'usageLimitExceeded',
      detail,
      { httpStatus: status },
    );
  }
  if (status === 429) {
    return new ModelError(`Rate limited by the model provider (HTTP 429). Wait a moment and try again.`, 'rateLimitExceeded', detail, retry(true));
  }
  if (status === 400 && code === 'context_length_exceeded') {
    return new ModelError(
      `The conversation is longer than the model's context window: start a new thread or compact this one.`,
      'contextWindowExceeded',
      detail,
      { httpStatus: status },
    );
  }
  if (status === 400) return new ModelError(`The model provider rejected the request: ${detail}`, 'badRequest', detail, retry(false));
  if (status === 408 || status === 409) {
    return new ModelError(`The model provider could not handle the request in time (HTTP ${status}). Try again.`, 'other', detail, retry(true));
  }
  if (status === 503 || status === 529) {
    return new ModelError(`The model provider is overloaded (HTTP ${status}). Try again later.`, 'serverOverloaded', detail, retry(true));
  }
  if (status >= 500) {
    return new ModelError(`The model provider failed (HTTP ${status}). Try again later.`, 'internalServerError', detail, retry(true));
  }
  return new ModelError(`The model provider answered HTTP ${status}: ${detail}`, 'other', detail, retry(false));
}

/** No HTTP answer at all: refused, reset, DNS, TLS… (or a bug, which is not retried). */
function connectionError(error: unknown, context: ProviderContext): ModelError {
  const detail = describeCauses(error);
  if (!(error instanceof ConnectionFailure) && !hasNetworkCause(error)) {
    return new ModelError(`The model request failed: ${detail}`, 'other', detail);
  }
  return new ModelError(
    `Could not reach the model provider at ${context.baseUrl}: ${detail}. Check the base URL and your network.`,
    { httpConnectionFailed: { httpStatusCode: null } },
    detail,
    { retryable: true },
  );
}

/** The stream ended or broke before the response was complete. */
export function streamDisconnected(context: ProviderContext, detail: string, httpStatus: number | null = null): ModelError {
  return new ModelError(
    `The connection to the model provider at ${context.baseUrl} closed before the response was complete (${detail}).`,
    { responseStreamDisconnected: { httpStatusCode: httpStatus } },
    detail,
    { retryable: true, httpStatus: null },
  );
}

/** Nothing arrived for `idleMs`: the attempt was abandoned. */
export function streamIdleTimeout(context: ProviderContext, idleMs: number): ModelError {
  const seconds = idleMs >= 10_000 ? `${Math.round(idleMs / 1000)} s` : `${idleMs} ms`;
  return new ModelError(
    `The model provider at ${context.baseUrl} sent nothing for ${seconds}, so the request was abandoned. ` +
      `If a slow model needs longer, raise stream_idle_timeout_ms.`,
    { responseStreamDisconnected: { httpStatusCode: null } },
    `no data for ${idleMs} ms`,
    { retryable: true },
  );
}

/**
 * The last failure after `attempts` tries. Upstream's info: too many failed
 * attempts when the provider kept answering with an error status; the last
 * failure's own info (stream disconnected, connection failed) otherwise.
 */
export function gaveUp(last: ModelError, attempts: number): ModelError {
  const info: CodexErrorInfo =
    last.retry.httpStatus !== null ? { responseTooManyFailedAttempts: { httpStatusCode: last.retry.httpStatus } } : last.info;
  return new ModelError(`Gave up after ${attempts} attempts. ${last.message}`, info, last.details, { ...last.retry, retryable: false });
}

/**
 * An error the provider reported inside the stream (`response.failed`,
 * `error`, a Chat Completions `error` chunk), before or after output: classified by its code like upstream.
 */
export function streamedFailure(prefix: string, code: string | null, message: string): ModelError {
  const text = `${prefix}: ${message}`;
  const details = code ? `${code}: ${message}` : message;
  const kinds: Record<string, { info: CodexErrorInfo; retryable: boolean }> = {
    rate_limit_exceeded: { info: 'rateLimitExceeded', retryable: true },
    server_error: { info: 'internalServerError', retryable: true },
    server_is_overloaded: { info: 'serverOverloaded', retryable: true },
    slow_down: { info: 'serverOverloaded', retryable: true },
    context_length_exceeded: { info: 'contextWindowExceeded', retryable: false },
    insufficient_quota: { info: 'usageLimitExceeded', retryable: false },
  };
  // OpenRouter and some gateways report an HTTP status as the code.
  const status = code && /^\d{3}$/.test(code) ? Number(code) : null;
  const byStatus = status === 429 ? kinds.rate_limit_exceeded : status !== null && status >= 500 ? kinds.server_error : undefined;
  const kind = (code && kinds[code]) || byStatus || { info: 'other' as const, retryable: false };
  // "Please try again in 1.5s" / "in 300ms": the wait OpenAI asks for in rate-limit messages.
  const wait = /try again in (\d+(?:\.\d+)?)\s*(ms|s)\b/i.exec(message);
  const afterMs = wait ? Math.ceil(Number(wait[1]) * (wait[2].toLowerCase() === 'ms' ? 1 : 1000)) : null;
  return new ModelError(text, kind.info, details, { retryable: kind.retryable, afterMs });
}

const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|ECONNABORTED|UND_ERR_\w+|ERR_SSL_\w+|CERT_\w+|UNABLE_TO_\w+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/;

function hasNetworkCause(error: unknown): boolean {
  for (let current = error as { cause?: unknown; code?: unknown; message?: unknown } | undefined, depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === 'string' && NETWORK_CODES.test(current.code)) return true;
    current = current.cause as typeof current;
  }
  return false;
}

/** "Connection error. (connect ECONNREFUSED 127.0.0.1:9)": the messages of the cause chain. */
export function describeCauses(error: unknown): string {
  const parts: string[] = [];
  for (let current = error as { cause?: unknown; message?: unknown } | undefined, depth = 0; current && depth < 5; depth++) {
    const message = typeof current.message === 'string' ? current.message : String(current);
    if (message && !parts.includes(message)) parts.push(message);
    current = current.cause as typeof current;
  }
  if (parts.length === 0) return String(error);
  return parts.length === 1 ? parts[0] : `${parts[0]} (${parts.slice(1).join(': ')})`;
}
