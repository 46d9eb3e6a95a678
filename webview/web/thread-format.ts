/**
 * How the page's thread picker names a thread and its age. Pure. The age
 * and the title are the VS Code thread view's own (host-free) helpers; the
 * folder name is the page's.
 */
import type { Thread } from '../../server/protocol';
import { threadTitle as sharedThreadTitle } from '../../extension/threads/thread-title';

export { relativeTime } from '../../extension/threads/relative-time';

/** The shared title, with the page's word for a thread that has neither name nor prompt. */
export function threadTitle(thread: Pick<Thread, 'name' | 'preview'>): string {
  return sharedThreadTitle(thread, 'Untitled thread');
}

/** The last folder of a path (POSIX or Windows), which tells threads apart at a glance; the root stays itself. */
export function folderName(cwd: string): string {
  const trimmed = cwd.replace(/[\\/]+$/, '');
  if (!trimmed) return cwd;
  const name = trimmed.split(/[\\/]/).at(-1) ?? '';
  // "C:" alone is a drive root: show it as such.
  return /^[A-Za-z]:$/.test(name) ? `${name}\\` : name;
}
