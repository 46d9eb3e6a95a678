/**
 * Paged history for big threads: `thread/turns/list` and
 * `thread/items/list`. Newest first by default, as a client scrolling up
 * through a long transcript wants. Cursors name the last turn or item of
 * the previous page.
 */
import { RpcError, type ThreadItemEntry, type Turn } from '../protocol';
import type { SortDirection } from '../protocol';
import { decodeCursor, encodeCursor, pageSize } from './cursor';

type TurnPosition = { turn: string };
type ItemPosition = { item: string };
const isTurnPosition = (value: unknown): value is TurnPosition => typeof (value as TurnPosition)?.turn === 'string';
const isItemPosition = (value: unknown): value is ItemPosition => typeof (value as ItemPosition)?.item === 'string';

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
  backwardsCursor: string | null;
}

export function pageTurns(
  turns: Turn[],
  options: { cursor?: string | null; limit?: number | null; sortDirection?: SortDirection | null; itemsView?: Turn['itemsView'] | null },
): Page<Turn> {
  const ordered = options.sortDirection === 'asc' ? turns : [...turns].reverse();
  let start = 0;
  if (options.cursor) {
    const { turn } = decodeCursor(options.cursor, isTurnPosition);
    const index = ordered.findIndex((candidate) => candidate.id === turn);
    if (index === -1) throw RpcError.invalidRequest(`turn not found: ${turn}`);
    start = index + 1;
  }
  const limit = pageSize(options.limit, 20, 500);
  const view = options.itemsView ?? 'full';
  const page = ordered.slice(start, start + limit).map((turn) => withItemsView(turn, view));
  return {
    data: page,
    nextCursor: start + limit < ordered.length && page.length ? encodeCursor({ turn: page.at(-1)!.id }) : null,
    backwardsCursor: start > 0 && page.length ? encodeCursor({ turn: ordered[start - 1].id }) : null,
  };
}

export function pageItems(
  turns: Turn[],
  options: {
    turnId?: string | null;
    cursor?: string | { type: 'item'; itemId: string } | null;
    limit?: number | null;
    sortDirection?: SortDirection | null;
  },
): Page<ThreadItemEntry> {
  let scope = turns;
  if (options.turnId) {
    scope = turns.filter((turn) => turn.id === options.turnId);
    if (scope.length === 0) throw RpcError.invalidRequest(`turn not found: ${options.turnId}`);
  }
  const entries: ThreadItemEntry[] = scope.flatMap((turn) =>
    turn.items.map((item) => ({ turnId: turn.id, item, startedAtMs: item.startedAtMs ?? null, completedAtMs: item.completedAtMs ?? null })),
  );
  const ordered = options.sortDirection === 'asc' ? entries : entries.reverse();
  let start = 0;
  if (options.cursor) {
    const itemId = typeof options.cursor === 'string' ? decodeCursor(options.cursor, isItemPosition).item : options.cursor.itemId;
    const index = ordered.findIndex((entry) => entry.item.id === itemId);
    if (index === -1) throw RpcError.invalidRequest(`item not found: ${itemId}`);
    start = index + 1;
  }
  const limit = pageSize(options.limit, 50, 1000);
  const page = ordered.slice(start, start + limit);
  return {
    data: page,
    nextCursor: start + limit < ordered.length && page.length ? encodeCursor({ item: page.at(-1)!.item.id }) : null,
    backwardsCursor: start > 0 && page.length ? encodeCursor({ item: ordered[start - 1].item.id }) : null,
  };
}

export function withItemsView(turn: Turn, view: NonNullable<Turn['itemsView']>): Turn {
  if (view === 'full') return { ...turn, items: turn.items.slice(), itemsView: 'full' };
  if (view === 'notLoaded') return { ...turn, items: [], itemsView: 'notLoaded' };
  const lastMessage = [...turn.items].reverse().find((item) => item.type === 'agentMessage');
  const userMessage = turn.items.find((item) => item.type === 'userMessage');
  return { ...turn, items: [userMessage, lastMessage].filter((item) => item !== undefined), itemsView: 'summary' };
}
