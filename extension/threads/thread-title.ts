/**
 * A thread's title in lists: its name, else its first prompt, on one line.
 * Host-free: the VS Code thread view and the web page's picker both use it,
 * each with its own word for a thread that has neither.
 */
import type { Thread } from '../../server/protocol';

export function threadTitle(thread: Pick<Thread, 'name' | 'preview'>, fallback = 'Empty thread'): string {
  const title = (thread.name || thread.preview || '').replace(/\s+/g, ' ').trim();
  return title || fallback;
}
