/**
 * Signals for whole process groups. Every command is spawned as the leader
 * of its own group (`detached: true` → setsid), so the group id is the
 * leader's pid and signalling `-pgid` reaches grandchildren too
 * (`sleep 1000 &` inside the command), which killing the pid alone would
 * leave running. POSIX only.
 */

import { readdirSync, readFileSync } from 'node:fs';

const POLL_MS = 25;
/** How long to wait for the group to vanish after SIGKILL before giving up. */
const AFTER_KILL_WAIT_MS = 1000;

/**
 * Sends `signal` to every process in the group. Returns false when the
 * group no longer exists (ESRCH), so callers need no try/catch.
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** True while a process of the group still runs (zombies do not count). */
export function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    // EPERM: the group exists but is not ours to signal (a setuid child).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // kill(0) also succeeds while a dead member waits to be reaped, and
  // orphaned grandchildren are reaped by pid 1, slowly in some containers
  // or never when our server is pid 1 itself. On Linux, /proc tells.
  return hasRunningMember(pgid) ?? true;
}

/** Scans /proc for a non-zombie process in the group; undefined without /proc. */
function hasRunningMember(pgid: number): boolean | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const first = entry.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp …"; comm may contain spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 3);
    if (Number(pgrp) === pgid && state !== 'Z') return true;
  }
  return false;
}

/**
 * SIGTERM the group so programs can clean up (lock files, temp dirs), then
 * SIGKILL whatever is still alive after `graceMs`. Resolves when the group
 * is gone, or `AFTER_KILL_WAIT_MS` after SIGKILL (a process stuck in
 * uninterruptible sleep cannot be waited for forever).
 */
export async function killTree(pgid: number, graceMs: number): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  if (await waitUntilGone(pgid, graceMs)) return;
  if (!signalGroup(pgid, 'SIGKILL')) return;
  await waitUntilGone(pgid, AFTER_KILL_WAIT_MS);
}

async function waitUntilGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isGroupAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}
