import type { ServerNotification } from '../../server/protocol';

/**
 * The thread a notification belongs to, or `null` for connection-wide ones
 * (a `warning` without a thread, `configWarning`…), which every panel shows.
 */
export function notificationThreadId(notification: ServerNotification): string | null {
  if (notification.method === 'thread/started') return notification.params.thread.id;
  const params = notification.params as { threadId?: unknown };
  return typeof params.threadId === 'string' ? params.threadId : null;
}
