/** Turn methods: `turn/start`, `turn/steer`, `turn/interrupt`. */
import type { TurnControl } from '../../threads/turn-control';
import type { HandlerTable } from '../router';

export function turnHandlers(turns: TurnControl): HandlerTable {
  return {
    'turn/start': (params, context) => {
      const { turn, run } = turns.start(params);
      // The response comes before `turn/started`, as upstream's does.
      context.afterResponse(() => void run());
      return { turn };
    },
    'turn/steer': (params) => turns.steer(params),
    'thread/compact/start': (params, context) => {
      const run = turns.compact(params.threadId);
      context.afterResponse(run);
      return {};
    },
    'turn/interrupt': (params, context) => {
      const interrupt = turns.interrupt(params.threadId, params.turnId);
      // Interrupting after the response keeps upstream's order: {} → idle → turn/completed.
      context.afterResponse(interrupt);
      return {};
    },
  };
}
