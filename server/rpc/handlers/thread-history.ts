/** Reading and editing thread history: read, list, paged turns and items, names, revert. */
import { pageSize } from '../../threads/cursor';
import { pageItems, pageTurns } from '../../threads/history-pages';
import type { ThreadManager } from '../../threads/thread-manager';
import type { Broadcast } from '../../threads/thread-registry';
import type { HandlerTable } from '../router';

export function threadHistoryHandlers(threads: ThreadManager, broadcast: Broadcast): HandlerTable {
  return {
    'thread/read': (params) => ({ thread: threads.read(params.threadId, params.includeTurns ?? false) }),

    'thread/list': (params) => threads.list(params),

    'thread/turns/list': (params) => pageTurns(threads.history(params.threadId).turns, params),

    'thread/items/list': (params) => pageItems(threads.history(params.threadId).turns, params),

    'thread/loaded/list': (params) => {
      const ids = threads.registry.loadedIds().sort();
      const start = params.cursor ? ids.findIndex((id) => id > params.cursor!) : 0;
      if (start === -1) return { data: [], nextCursor: null };
      const limit = pageSize(params.limit, 100, 1000);
      const data = ids.slice(start, start + limit);
      return { data, nextCursor: start + limit < ids.length ? data.at(-1)! : null };
    },

    'thread/name/set': (params, context) => {
      threads.setName(params.threadId, params.name);
      context.afterResponse(() => broadcast('thread/name/updated', { threadId: params.threadId, threadName: params.name.trim() }));
      return {};
    },

    'thread/revert': (params, context) => {
      const thread = threads.revert(params.threadId, params.beforeTurnId);
      context.afterResponse(() => {
        thread.emit('thread/reverted', { threadId: thread.id });
        if (!thread.subscribers.has(context.connection)) context.connection.notify('thread/reverted', { threadId: thread.id });
      });
      return { thread: thread.snapshot(false), turnsBackwardsCursor: null, itemsBackwardsCursor: null };
    },
  };
}

