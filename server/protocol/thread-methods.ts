/**
 * Params and results of the thread methods beyond `thread/start`: resume,
 * fork, read, list, paged history, archive, names, subscriptions, revert.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable, OptionalNullable } from './common';
import { ThreadItem } from './items';
import { Thread, ThreadOverrides, ThreadSessionResponse } from './thread';
import { Turn } from './turn';

const ThreadId = { threadId: Type.String() };
export const SortDirection = Type.Union([Type.Literal('asc'), Type.Literal('desc')]);
export type SortDirection = Static<typeof SortDirection>;
const Limit = OptionalNullable(Type.Integer({ minimum: 0 }));
const Cursor = OptionalNullable(Type.String());

export const ThreadResumeParams = Type.Object({
  ...ThreadId,
  ...ThreadOverrides,
  /** Leave `thread.turns` empty; page history with `thread/turns/list`. */
  excludeTurns: Type.Optional(Type.Boolean()),
});
export type ThreadResumeParams = Static<typeof ThreadResumeParams>;
export const ThreadResumeResponse = Type.Composite([
  ThreadSessionResponse,
  Type.Object({
    turnsBackwardsCursor: Type.Optional(Nullable(Type.String())),
    itemsBackwardsCursor: Type.Optional(Nullable(Type.String())),
  }),
]);

const { personality: _personality, ...ForkOverrides } = ThreadOverrides;

export const ThreadForkParams = Type.Object({
  ...ThreadId,
  ...ForkOverrides,
  ephemeral: Type.Optional(Type.Boolean()),
  excludeTurns: Type.Optional(Type.Boolean()),
  /** Fork through this turn, inclusive; it must not be in progress. */
  lastTurnId: OptionalNullable(Type.String()),
  threadSource: OptionalNullable(Type.String()),
});
export type ThreadForkParams = Static<typeof ThreadForkParams>;

export const ThreadReadParams = Type.Object({ ...ThreadId, includeTurns: Type.Optional(Type.Boolean()) });
export const ThreadReadResponse = Type.Object({ thread: Thread });

export const ThreadSortKey = Type.Union([
  Type.Literal('created_at'),
  Type.Literal('updated_at'),
  Type.Literal('recency_at'),
  Type.Literal('section_position'),
]);
export type ThreadSortKey = Static<typeof ThreadSortKey>;

export const ThreadSourceKind = Type.Union(
  ['cli', 'vscode', 'exec', 'appServer', 'subAgent', 'subAgentReview', 'subAgentCompact', 'subAgentThreadSpawn', 'subAgentOther', 'unknown'].map(
    (kind) => Type.Literal(kind),
  ),
);

export const ThreadListParams = Type.Object({
  cursor: Cursor,
  limit: Limit,
  sortKey: OptionalNullable(ThreadSortKey),
  sortDirection: OptionalNullable(SortDirection),
  /** Empty or missing: every provider. */
  modelProviders: OptionalNullable(Type.Array(Type.String())),
  /** Empty or missing: interactive sources only. */
  sourceKinds: OptionalNullable(Type.Array(ThreadSourceKind)),
  /** true: archived threads only; false or missing: non-archived only. */
  archived: OptionalNullable(Type.Boolean()),
  /** Exact match on the thread's cwd. */
  cwd: OptionalNullable(Type.Union([Type.String(), Type.Array(Type.String())])),
  /** Case-sensitive substring of the thread's title (name, else preview). */
  searchTerm: OptionalNullable(Type.String()),
  excludedThreadIds: OptionalNullable(Type.Array(Type.String())),
  originators: OptionalNullable(Type.Array(Type.String())),
});
export type ThreadListParams = Static<typeof ThreadListParams>;
export const ThreadListResponse = Type.Object({
  data: Type.Array(Thread),
  nextCursor: Nullable(Type.String()),
  backwardsCursor: Type.Optional(Nullable(Type.String())),
});
export type ThreadListResponse = Static<typeof ThreadListResponse>;

export const TurnItemsView = Type.Union([Type.Literal('notLoaded'), Type.Literal('summary'), Type.Literal('full')]);

export const ThreadTurnsListParams = Type.Object({
  ...ThreadId,
  cursor: Cursor,
  limit: Limit,
  /** Default `desc`: newest turn first. */
  sortDirection: OptionalNullable(SortDirection),
  itemsView: OptionalNullable(TurnItemsView),
});
export type ThreadTurnsListParams = Static<typeof ThreadTurnsListParams>;
export const ThreadTurnsListResponse = Type.Object({
  data: Type.Array(Turn),
  nextCursor: Nullable(Type.String()),
  backwardsCursor: Type.Optional(Nullable(Type.String())),
});

export const ThreadItemsListParams = Type.Object({
  ...ThreadId,
  turnId: OptionalNullable(Type.String()),
  cursor: OptionalNullable(
    Type.Union([Type.String(), Type.Object({ type: Type.Literal('item'), itemId: Type.String() })]),
  ),
  limit: Limit,
  /** Default `desc`: newest item first. */
  sortDirection: OptionalNullable(SortDirection),
  deferOutput: OptionalNullable(Type.Object({})),
});
export type ThreadItemsListParams = Static<typeof ThreadItemsListParams>;
export const ThreadItemEntry = Type.Object({
  turnId: Type.String(),
  item: ThreadItem,
  startedAtMs: Nullable(Type.Integer()),
  completedAtMs: Nullable(Type.Integer()),
});
export type ThreadItemEntry = Static<typeof ThreadItemEntry>;
export const ThreadItemsListResponse = Type.Object({
  data: Type.Array(ThreadItemEntry),
  nextCursor: Nullable(Type.String()),
  backwardsCursor: Type.Optional(Nullable(Type.String())),
});

export const ThreadLoadedListParams = Type.Object({ cursor: Cursor, limit: Limit });
export const ThreadLoadedListResponse = Type.Object({ data: Type.Array(Type.String()), nextCursor: Nullable(Type.String()) });

export const ThreadArchiveParams = Type.Object(ThreadId);
export const ThreadArchiveResponse = Type.Object({});
export const ThreadUnarchiveParams = Type.Object(ThreadId);
export const ThreadUnarchiveResponse = Type.Object({ thread: Thread });

export const ThreadSetNameParams = Type.Object({ ...ThreadId, name: Type.String() });
export const ThreadSetNameResponse = Type.Object({});

export const ThreadUnsubscribeParams = Type.Object(ThreadId);
export const ThreadUnsubscribeResponse = Type.Object({
  status: Type.Union([Type.Literal('notLoaded'), Type.Literal('notSubscribed'), Type.Literal('unsubscribed')]),
});

export const ThreadRevertParams = Type.Object({ ...ThreadId, beforeTurnId: Type.String() });
export const ThreadRevertResponse = Type.Object({
  thread: Thread,
  turnsBackwardsCursor: Type.Optional(Nullable(Type.String())),
  itemsBackwardsCursor: Type.Optional(Nullable(Type.String())),
});
