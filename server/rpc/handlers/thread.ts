/** Thread methods: `thread/start`. */
import type { ThreadManager } from '../../threads/thread-manager';
import type { HandlerTable } from '../router';

export function threadHandlers(threads: ThreadManager): HandlerTable {
  return {
    'thread/start': (params, context) => {
      const { response, thread } = threads.start(params, context.connection);
      // Upstream order: the response first, then `thread/started`.
      context.afterResponse(() => thread.emit('thread/started', { thread: thread.snapshot(false) }));
      return response;
    },
  };
}
