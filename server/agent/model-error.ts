/**
 * A model failure turned into what the user needs: a message that says what
 * to do, and upstream's machine-readable `codexErrorInfo`.
 */
import type { CodexErrorInfo, TurnError } from '../protocol';

export class ModelError extends Error {
  constructor(
    message: string,
    readonly info: CodexErrorInfo,
    readonly details: string | null = null,
  ) {
    super(message);
    this.name = 'ModelError';
  }

  toTurnError(): TurnError {
    return { message: this.message, codexErrorInfo: this.info, additionalDetails: this.details };
  }
}

interface HttpLikeError {
  status?: number;
  message?: string;
  error?: { message?: string };
}

/** Maps an SDK/HTTP error to a ModelError with advice. */
export function toModelError(error: unknown, context: { baseUrl: string; apiKeyEnv: string }): ModelError {
  if (error instanceof ModelError) return error;
  const httpError = error as HttpLikeError;
  const status = typeof httpError?.status === 'number' ? httpError.status : undefined;
  const detail = httpError?.error?.message ?? httpError?.message ?? String(error);
  if (status === 401 || status === 403) {
    return new ModelError(
      `The model provider at ${context.baseUrl} rejected the API key (HTTP ${status}). ` +
        `Set ${context.apiKeyEnv} (in VS Code: "Codex: Set API Key") to a valid key.`,
      'unauthorized',
      detail,
    );
  }
  if (status === 404) {
    return new ModelError(
      `The model provider at ${context.baseUrl} answered 404: check the model name and the base URL.`,
      'modelNotFound',
      detail,
    );
  }
  if (status === 429) {
    return new ModelError(`Rate limited by the model provider (HTTP 429). Wait a moment and try again.`, 'rateLimitExceeded', detail);
  }
  if (status === 400) return new ModelError(`The model provider rejected the request: ${detail}`, 'badRequest', detail);
  if (status !== undefined && status >= 500) {
    return new ModelError(`The model provider failed (HTTP ${status}). Try again later.`, 'internalServerError', detail);
  }
  return new ModelError(
    `Could not reach the model provider at ${context.baseUrl}: ${detail}. Check the base URL and your network.`,
    { httpConnectionFailed: { httpStatusCode: status ?? null } },
    detail,
  );
}
