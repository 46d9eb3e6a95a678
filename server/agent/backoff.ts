/**
 * Retry timing: exponential backoff with full jitter, and the server's own
 * `Retry-After` advice when it gives one.
 */

export interface BackoffOptions {
  /** Delay ceiling before jitter for the first retry, in ms. */
  baseMs: number;
  /** Upper bound of any backoff delay, in ms. */
  maxMs: number;
}

/**
 * The delay before retry number `retry` (1 for the first retry): uniformly
 * random in [0, min(maxMs, baseMs · 2^(retry-1))] ("full jitter"), so that many
 * clients rate-limited at once do not come back at once.
 */
export function backoffDelayMs(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(random() * ceiling);
}

/** What `retryAfterMs` reads: anything with a case-insensitive `get`, like `Headers`. */
export interface HeaderSource {
  get(name: string): string | null;
}

/**
 * The wait a server asked for, in ms, or null when it asked for none (or
 * sent nonsense). Reads `retry-after-ms` (OpenAI, Azure: milliseconds) and
 * `retry-after` (RFC 9110: seconds, or an HTTP date). Never negative.
 */
export function retryAfterMs(headers: HeaderSource | undefined | null, now: number = Date.now()): number | null {
  if (!headers) return null;
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null && milliseconds.trim() !== '') {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const retryAfter = headers.get('retry-after')?.trim();
  if (!retryAfter) return null;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
  // An HTTP date names its month ("Wed, 21 Oct 2015 07:28:00 GMT"); `Date.parse` alone would take "-5" for a year.
  const date = /[a-z]{3}/i.test(retryAfter) ? Date.parse(retryAfter) : NaN;
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
