/** Turn methods: `turn/start`, `turn/interrupt`. */
import type { ThreadManager } from '../../threads/thread-manager';
import type { HandlerTable } from '../router';

export function turnHandlers(threads: ThreadManager): HandlerTable {
  return {
    'turn/start': (params, context) => {
      const { turn, run } = threads.startTurn(params);
      // The response comes before `turn/started`, as upstream's does.
      context.afterResponse(() => void run());
      return { turn };
    },
    'turn/interrupt': (params, context) => {
      const interrupt = threads.interruptTurn(params.threadId, params.turnId);
      context.afterResponse(interrupt);
      return {};
    },
  };
}
