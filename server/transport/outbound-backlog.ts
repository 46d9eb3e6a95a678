/**
 * Bounds what the server may owe a client that does not read. Writes never
 * wait (a slow client must not slow the others), so unsent bytes pile up in
 * the socket's or pipe's user-space buffer; this guard watches that backlog
 * around every write and gives up on the client when it is clearly stuck:
 *
 * - before a write, the backlog already exceeds twice `maxBytes` (the hard
 *   cap: the client is that far behind, whatever it is doing), or
 * - after a write, the backlog is above `maxBytes` and `stallMs` later it is
 *   still above and has not shrunk (the client is not catching up).
 *
 * The message being written never counts against the client on its own: a
 * single large one (the echo of a 50 MB prompt, a long agent message in
 * `item/completed`) is sent whole, and a reading client gets the grace
 * period to take it. Memory per client is so bounded by about 2 ×
 * `maxBytes` plus one message. The transport decides what giving up means.
 */

/** Limits on one connection's unsent outgoing bytes. */
export interface OutboundLimits {
  /** High-water mark in bytes: `CODEX_THREADS_MAX_OUTBOUND_BYTES`, default 64 MiB. */
  maxBytes: number;
  /** How long the backlog may stay above `maxBytes`, in ms. */
  stallMs: number;
}

export const DEFAULT_OUTBOUND_LIMITS: OutboundLimits = { maxBytes: 64 * 1024 * 1024, stallMs: 2000 };

/** Reads `CODEX_THREADS_MAX_OUTBOUND_BYTES`; anything but a positive integer keeps the default. */
export function outboundLimitsFromEnv(env: Record<string, string | undefined>): OutboundLimits {
  const parsed = Number(env.CODEX_THREADS_MAX_OUTBOUND_BYTES);
  const maxBytes = Number.isSafeInteger(parsed) && parsed > 0 ? parsed : DEFAULT_OUTBOUND_LIMITS.maxBytes;
  return { ...DEFAULT_OUTBOUND_LIMITS, maxBytes };
}

export class BacklogGuard {
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private tripped = false;

  constructor(
    private readonly limits: OutboundLimits,
    /** Current unsent bytes (e.g. `writableLength`, `bufferedAmount`). */
    private readonly backlog: () => number,
    /** Called at most once, with a sentence saying why. */
    private readonly onOverflow: (reason: string) => void,
  ) {}

  /** Call before each write. False means the client is (now) dropped: write nothing. */
  admit(): boolean {
    if (this.tripped) return false;
    const pending = this.backlog();
    if (pending <= 2 * this.limits.maxBytes) return true;
    this.trip(`${pending} bytes unread, more than twice the limit of ${this.limits.maxBytes}`);
    return false;
  }

  /** Call after each write: watches a backlog above the limit. */
  written(): void {
    if (this.tripped) return;
    const pending = this.backlog();
    if (pending <= this.limits.maxBytes) return this.clearTimer();
    if (!this.stallTimer) this.watch(pending);
  }

  dispose(): void {
    this.tripped = true;
    this.clearTimer();
  }

  private watch(reference: number): void {
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      const pending = this.backlog();
      if (pending <= this.limits.maxBytes) return;
      // Still above, but draining: a big message on its way to a reading client.
      if (pending < reference) return this.watch(pending);
      this.trip(`${pending} bytes unread, above the limit of ${this.limits.maxBytes} and not shrinking for ${this.limits.stallMs} ms`);
    }, this.limits.stallMs);
    // A pending check must not keep an otherwise finished process alive.
    this.stallTimer.unref?.();
  }

  private trip(reason: string): void {
    this.dispose();
    this.onOverflow(`client too slow: ${reason}`);
  }

  private clearTimer(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }
}
