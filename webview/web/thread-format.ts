/**
 * How the page's thread picker names a thread and its age. Pure. The age
 * is the VS Code thread view's own (host-free) wording; the title and
 * folder are kept here because the view's versions live beside `vscode`.
 */
import type { Thread } from '../../server/protocol';

export { relativeTime } from '../../extension/threads/relative-time';

/** The thread's name, else its first prompt, on one line. */
export function threadTitle(thread: Pick<Thread, 'name' | 'preview'>): string {
  const title = (thread.name || thread.preview || '').replace(/\s+/g, ' ').trim();
  return title || 'Untitled thread';
}

/** The last folder of a path (POSIX or Windows), which tells threads apart at a glance; the root stays itself. */
export function folderName(cwd: string): string {
  const trimmed = cwd.replace(/[\\/]+$/, '');
  if (!trimmed) return cwd;
  const name = trimmed.split(/[\\/]/).at(-1) ?? '';
  // "C:" alone is a drive root: show it as such.
  return /^[A-Za-z]:$/.test(name) ? `${name}\\` : name;
}
