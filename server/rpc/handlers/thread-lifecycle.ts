/** Thread lifecycle methods: start, resume, fork, archive, unarchive, unsubscribe. */
import type { Sandbox } from '../../sandbox/sandbox';
import type { LoadedThread } from '../../threads/loaded-thread';
import type { ThreadManager } from '../../threads/thread-manager';
import type { Broadcast } from '../../threads/thread-registry';
import type { HandlerTable } from '../router';

/** Tells the user when commands cannot be confined, as the policy would want. */
function warnIfUnconfined(thread: LoadedThread, sandbox: Sandbox): void {
  const policy = thread.settings.sandbox.type;
  if (policy === 'dangerFullAccess' || policy === 'externalSandbox' || sandbox.available) return;
  thread.emit('warning', {
    threadId: thread.id,
    message: `Commands cannot be sandboxed: ${sandbox.description}. Every command that is not known to be read-only will ask for approval.`,
  });
}

export function threadLifecycleHandlers(threads: ThreadManager, broadcast: Broadcast, sandbox: Sandbox): HandlerTable {
  return {
    'thread/start': (params, context) => {
      const { response, thread } = threads.start(params, context.connection);
      // Upstream order: the response first, then `thread/started`.
      context.afterResponse(() => {
        thread.emit('thread/started', { thread: thread.snapshot(false) });
        warnIfUnconfined(thread, sandbox);
      });
      return response;
    },

    'thread/resume': (params, context) => {
      const { connection } = context;
      const outcome = threads.resume(params, connection);
      const { thread } = outcome;
      // Upstream sends the status before the response when the resume loaded the thread.
      if (outcome.loadedNow) connection.notify('thread/status/changed', { threadId: thread.id, status: thread.status() });
      context.afterResponse(() => {
        if (outcome.skippedLines > 0) {
          connection.notify('warning', {
            threadId: thread.id,
            message: `Skipped ${outcome.skippedLines} unreadable line(s) in this thread's history file (probably cut short by a crash); everything else was restored.`,
          });
        }
        const lastTurn = thread.turns.at(-1);
        if (thread.tokenUsage && lastTurn) {
          connection.notify('thread/tokenUsage/updated', { threadId: thread.id, turnId: lastTurn.id, tokenUsage: thread.tokenUsage });
        }
      });
      return outcome.response;
    },

    'thread/fork': (params, context) => {
      const { response, thread } = threads.fork(params, context.connection);
      context.afterResponse(() => thread.emit('thread/started', { thread: thread.snapshot(false) }));
      return response;
    },

    'thread/archive': async (params, context) => {
      await threads.archive(params.threadId);
      context.afterResponse(() => broadcast('thread/archived', { threadId: params.threadId }));
      return {};
    },

    'thread/unarchive': (params, context) => {
      const thread = threads.unarchive(params.threadId);
      context.afterResponse(() => broadcast('thread/unarchived', { threadId: params.threadId }));
      return { thread };
    },

    'thread/unsubscribe': (params, context) => ({ status: threads.unsubscribe(params.threadId, context.connection) }),
  };
}
