/**
 * The bookkeeping of one page's event stream across reconnects, kept apart
 * from EventSource so it is unit-tested. Pure.
 *
 * Every stream opens with a `session` event. The first one names the
 * page's session; on a reconnect (`/events?session=S&lastEventId=N`) the
 * server either resumes S, replaying what came after N, or starts a new
 * session because S is gone (server restart, expiry), and then the
 * connection's state (initialize, subscriptions, pending requests) is gone
 * with it. Event ids count per session; an id at or below the last one seen
 * is a duplicate and is skipped.
 */

export interface SessionAnnouncement {
  sessionId: string;
  resumed: boolean;
}

/** What a stream's `session` event means for the page's connection. */
export type SessionOutcome = 'opened' | 'resumed' | 'lost';

export class EventCursor {
  private session: string | undefined;
  private last = 0;

  get sessionId(): string | undefined {
    return this.session;
  }

  /** The id of the last event delivered (0 before any). */
  get lastEventId(): number {
    return this.last;
  }

  /** Where the next stream connects: a fresh session first, then this one from the last event seen. */
  streamUrl(path: string): string {
    if (!this.session) return path;
    const query = new URLSearchParams({ session: this.session, lastEventId: String(this.last) });
    return `${path}?${query.toString()}`;
  }

  /** Judges a stream's first event. Once lost, a cursor stays lost (the connection is over). */
  announce(announcement: SessionAnnouncement): SessionOutcome {
    if (!this.session) {
      this.session = announcement.sessionId;
      return 'opened';
    }
    return announcement.resumed && announcement.sessionId === this.session ? 'resumed' : 'lost';
  }

  /** Whether an event with this `id:` is new; records it. An event without an id is always delivered. */
  accept(id: string): boolean {
    if (id === '') return true;
    const value = Number(id);
    if (!Number.isSafeInteger(value)) return true;
    if (value <= this.last) return false;
    this.last = value;
    return true;
  }
}

/** Parses a `session` event's data; undefined when it is not one. */
export function parseSessionAnnouncement(data: string): SessionAnnouncement | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { sessionId, resumed } = value as { sessionId?: unknown; resumed?: unknown };
  return typeof sessionId === 'string' && sessionId && typeof resumed === 'boolean' ? { sessionId, resumed } : undefined;
}

/** Attempts to reconnect a dropped stream before the connection counts as lost. */
export const STREAM_RETRIES = 8;

/**
 * The wait before reconnect attempt `attempt` (1-based): doubling from
 * 250 ms, capped at 4 s, so eight attempts span about 17 s, well inside the
 * server's session grace period.
 */
export function retryDelayMs(attempt: number): number {
  return Math.min(250 * 2 ** Math.max(0, attempt - 1), 4000);
}
