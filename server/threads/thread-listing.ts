/**
 * `thread/list` over the index: filter, sort, then keyset pagination. A
 * cursor is the (sort value, id) of the last thread of the previous page,
 * so pages stay stable while new threads arrive.
 */
import type { Thread, ThreadListParams, ThreadListResponse } from '../protocol';
import type { IndexEntry } from '../store/thread-index';
import { decodeCursor, encodeCursor, pageSize } from './cursor';

type Position = [number, string];
const isPosition = (value: unknown): value is Position =>
  Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'string';

const INTERACTIVE_SOURCES = new Set(['cli', 'vscode', 'exec', 'appServer', 'unknown']);

export function listThreads(
  entries: Iterable<IndexEntry>,
  params: ThreadListParams,
  toThread: (entry: IndexEntry) => Thread,
  byCreated?: () => readonly IndexEntry[],
): ThreadListResponse {
  const limit = pageSize(params.limit, 25, 1000);
  const direction = params.sortDirection ?? 'desc';
  const sortKey = params.sortKey ?? 'created_at';
  const sortValue = sortValueOf(sortKey);
  const filter = buildFilter(params);
  if (byCreated && (sortKey === 'created_at' || sortKey === 'section_position')) {
    return walkSorted(byCreated(), direction, limit, filter, params.cursor ?? null, toThread);
  }

  const matching: Array<{ entry: IndexEntry; key: number }> = [];
  for (const entry of entries) if (filter(entry)) matching.push({ entry, key: sortValue(entry) });
  const sign = direction === 'asc' ? 1 : -1;
  matching.sort((a, b) => sign * (a.key - b.key || compare(a.entry.id, b.entry.id)));

  let start = 0;
  if (params.cursor) {
    const [key, id] = decodeCursor(params.cursor, isPosition);
    const after = (candidate: { entry: IndexEntry; key: number }) =>
      sign * (candidate.key - key || compare(candidate.entry.id, id)) > 0;
    start = matching.findIndex(after);
    if (start === -1) start = matching.length;
  }
  const page = matching.slice(start, start + limit);
  const last = page.at(-1);
  const first = page[0];
  return {
    data: page.map(({ entry }) => toThread(entry)),
    nextCursor: last && start + limit < matching.length ? encodeCursor([last.key, last.entry.id]) : null,
    backwardsCursor: first && start > 0 ? encodeCursor([first.key, first.entry.id]) : null,
  };
}

function buildFilter(params: ThreadListParams): (entry: IndexEntry) => boolean {
  const archived = params.archived === true;
  const providers = params.modelProviders?.length ? new Set(params.modelProviders) : null;
  const sources = params.sourceKinds?.length ? new Set<string>(params.sourceKinds) : INTERACTIVE_SOURCES;
  const cwds = params.cwd === null || params.cwd === undefined ? null : new Set(Array.isArray(params.cwd) ? params.cwd : [params.cwd]);
  const excluded = params.excludedThreadIds?.length ? new Set(params.excludedThreadIds) : null;
  const originators = params.originators?.length ? new Set(params.originators) : null;
  const search = params.searchTerm || null;
  return (entry) => {
    if (entry.archived !== archived) return false;
    if (providers && !providers.has(entry.field('modelProvider'))) return false;
    const source = entry.field('source');
    if (!sources.has(typeof source === 'string' ? source : 'unknown')) return false;
    if (cwds && !cwds.has(entry.field('cwd'))) return false;
    if (excluded?.has(entry.id)) return false;
    if (originators && !originators.has(entry.field('originator') ?? '')) return false;
    if (search && !(entry.field('name') ?? entry.field('preview')).includes(search)) return false;
    return true;
  };
}

function sortValueOf(key: NonNullable<ThreadListParams['sortKey']>): (entry: IndexEntry) => number {
  switch (key) {
    case 'updated_at':
      return (entry) => entry.field('updatedAt');
    case 'recency_at':
      return (entry) => entry.field('recencyAt') ?? entry.field('updatedAt');
    default:
      return (entry) => entry.field('createdAt');
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The default order (creation time) comes from the index's kept-sorted list:
 * walk from the cursor and stop once the page is full, instead of sorting
 * every thread on every call.
 */
function walkSorted(
  sorted: readonly IndexEntry[],
  direction: 'asc' | 'desc',
  limit: number,
  filter: (entry: IndexEntry) => boolean,
  cursor: string | null,
  toThread: (entry: IndexEntry) => Thread,
): ThreadListResponse {
  const step = direction === 'asc' ? 1 : -1;
  let index = direction === 'asc' ? 0 : sorted.length - 1;
  if (cursor) {
    const [key, id] = decodeCursor(cursor, isPosition);
    // Binary search for the cursor position, then move past it.
    const relative = (entry: IndexEntry) => entry.createdAt - key || compare(entry.id, id);
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (relative(sorted[middle]) < 0) low = middle + 1;
      else high = middle;
    }
    // `low` is the first entry at or after the cursor position.
    if (direction === 'asc') index = low < sorted.length && relative(sorted[low]) === 0 ? low + 1 : low;
    else index = low - 1;
  }
  const page: IndexEntry[] = [];
  let first: IndexEntry | undefined;
  let hasMore = false;
  for (; index >= 0 && index < sorted.length; index += step) {
    const entry = sorted[index];
    if (!filter(entry)) continue;
    if (page.length === limit) {
      hasMore = true;
      break;
    }
    first ??= entry;
    page.push(entry);
  }
  const last = page.at(-1);
  return {
    data: page.map(toThread),
    nextCursor: last && hasMore ? encodeCursor([last.field('createdAt'), last.id]) : null,
    backwardsCursor: first && cursor ? encodeCursor([first.field('createdAt'), first.id]) : null,
  };
}
