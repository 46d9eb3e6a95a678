import type { ServerNotification } from '../../server/protocol';

/**
 * The thread a notification belongs to, or `null` for connection-wide ones
 * (a `warning` without a thread), which every panel shows.
 */
export function notificationThreadId(notification: ServerNotification): string | null {
  return notification.method === 'thread/started' ? notification.params.thread.id : notification.params.threadId;
}
