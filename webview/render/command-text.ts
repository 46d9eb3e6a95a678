/**
 * Words and numbers for a command item: the command without its shell
 * wrapper, its status, its duration, how much output to show inline. Pure
 * (unit-tested); `command-view.ts` draws them.
 */
import type { CommandEntry } from '../state/entries';

/**
 * `/bin/bash -lc 'npm test'` → `npm test`. The protocol's `command` is a
 * display string with the login-shell wrapper the server runs it in; users
 * recognise the inner command. Anything else is shown as it is.
 */
export function displayCommand(command: string): string {
  const match = /^(?:\/usr)?(?:\/bin\/)?(?:ba|z)?sh\s+-l?c\s+('(?:[^']|'\\'')*'|"(?:[^"\\]|\\.)*")$/s.exec(command.trim());
  if (!match) return command;
  const quoted = match[1];
  if (quoted.startsWith("'")) return quoted.slice(1, -1).replace(/'\\''/g, "'");
  return quoted.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
}

export type StatusTone = 'running' | 'ok' | 'failed' | 'declined' | 'stopped';

export function commandStatus(entry: Pick<CommandEntry, 'status' | 'exitCode' | 'open'>): { label: string; tone: StatusTone } {
  switch (entry.status) {
    case 'declined':
      return { label: 'Declined', tone: 'declined' };
    case 'failed':
      return { label: entry.exitCode === null ? 'Failed' : `Failed (exit ${entry.exitCode})`, tone: 'failed' };
    case 'completed':
      if (entry.exitCode !== null && entry.exitCode !== 0) return { label: `Exit ${entry.exitCode}`, tone: 'failed' };
      return { label: 'Done', tone: 'ok' };
    default:
      // An item left open when its turn ended (interrupted while waiting, for example).
      return entry.open ? { label: 'Running', tone: 'running' } : { label: 'Did not finish', tone: 'stopped' };
  }
}

/** `850 ms`, `3.2 s`, `2 min 5 s`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** Output up to this many lines shows inline; longer output collapses behind a summary. */
export const INLINE_OUTPUT_LINES = 12;
/** While running, the live tail shown inline. */
export const LIVE_TAIL_LINES = 12;

export function countLines(text: string): number {
  if (!text) return 0;
  let count = 1;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return text.endsWith('\n') ? count - 1 : count;
}

/** The last `lines` lines of `text`. */
export function tail(text: string, lines: number): string {
  const trimmed = text.endsWith('\n') ? text.slice(0, -1) : text;
  let index = trimmed.length;
  for (let seen = 0; seen < lines; seen++) {
    index = trimmed.lastIndexOf('\n', index - 1);
    if (index === -1) return trimmed;
  }
  return trimmed.slice(index + 1);
}
