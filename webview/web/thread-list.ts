/**
 * What the page's thread picker shows, without the DOM: the non-archived
 * threads from `thread/list`, most recently updated first, a page at a
 * time ("Show more" follows the server's cursor), and whether a page is on
 * its way or failed (a retry repeats the page that failed).
 *
 * Each `reload` starts over from the first page and makes any page still on
 * its way from before it stale, so a slow answer cannot land in a newer list.
 */
import type { Thread, ThreadListParams, ThreadListResponse } from '../../server/protocol';

export type ListThreads = (params: ThreadListParams) => Promise<ThreadListResponse>;

export type ThreadListPhase = 'idle' | 'loading' | 'ready' | 'failed';

export interface ThreadListSnapshot {
  readonly threads: readonly Thread[];
  readonly phase: ThreadListPhase;
  /** Why the last page failed, when `phase` is 'failed'. */
  readonly error: string | undefined;
  /** The server has more pages after those read. */
  readonly hasMore: boolean;
}

export interface ThreadListOptions {
  list: ListThreads;
  onChange(snapshot: ThreadListSnapshot): void;
  pageSize?: number;
}

/** A picker's screenful: the newest few, more on request. */
export const PAGE_SIZE = 20;

export class ThreadList {
  private threads: readonly Thread[] = [];
  private nextCursor: string | null = null;
  /** The cursor of the page asked for last: what a retry asks for again. */
  private lastCursor: string | null = null;
  private phase: ThreadListPhase = 'idle';
  private error: string | undefined;
  private generation = 0;

  constructor(private readonly options: ThreadListOptions) {}

  get snapshot(): ThreadListSnapshot {
    return { threads: this.threads, phase: this.phase, error: this.error, hasMore: this.nextCursor !== null };
  }

  /** The first page again, dropping what was read before. */
  reload(): Promise<void> {
    this.generation += 1;
    this.threads = [];
    this.nextCursor = null;
    return this.fetch(null);
  }

  /** The next page, unless one is on its way or none is left. */
  loadMore(): Promise<void> {
    if (this.phase === 'loading' || this.nextCursor === null) return Promise.resolve();
    return this.fetch(this.nextCursor);
  }

  /** The page that failed, again. */
  retry(): Promise<void> {
    if (this.phase !== 'failed') return Promise.resolve();
    return this.fetch(this.lastCursor);
  }

  private async fetch(cursor: string | null): Promise<void> {
    const generation = this.generation;
    this.lastCursor = cursor;
    this.phase = 'loading';
    this.error = undefined;
    this.changed();
    try {
      const page = await this.options.list({
        cursor,
        limit: this.options.pageSize ?? PAGE_SIZE,
        sortKey: 'updated_at',
        sortDirection: 'desc',
        archived: false,
      });
      if (generation !== this.generation) return;
      this.threads = mergeThreads(this.threads, page.data);
      this.nextCursor = page.nextCursor;
      this.phase = 'ready';
    } catch (error) {
      if (generation !== this.generation) return;
      this.phase = 'failed';
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.changed();
  }

  private changed(): void {
    this.options.onChange(this.snapshot);
  }
}

/**
 * `page` after `shown`, without the threads already shown: pages are keyed
 * by (updated time, id), so a thread normally appears once, but a list must
 * never show the same thread twice whatever the server sends.
 */
export function mergeThreads(shown: readonly Thread[], page: readonly Thread[]): readonly Thread[] {
  const seen = new Set(shown.map((thread) => thread.id));
  const added = page.filter((thread) => {
    if (seen.has(thread.id)) return false;
    seen.add(thread.id);
    return true;
  });
  return added.length ? [...shown, ...added] : shown;
}
