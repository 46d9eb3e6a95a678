/**
 * Helpers for the tests beside this file, which spawn real processes: every
 * ExecSessions is killed after its test, pass or fail, and every wait is bounded.
 */
import { readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { ExecSessions } from './exec-sessions';
import type { ExecSessionsOptions } from './exec-types';

/** An ExecSessions whose processes are all killed when the test ends. */
export function trackedSessions(t: TestContext, options?: ExecSessionsOptions): ExecSessions {
  const sessions = new ExecSessions(options);
  t.after(() => sessions.killAll());
  return sessions;
}

/** Polls `probe` until it returns true; throws after `timeoutMs`. */
export async function waitFor(probe: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Gone, or a zombie waiting for a reaper (it can no longer run either way). */
export function isProcessGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? false;
  } catch {
    return true;
  }
}

/** The pids a test command printed as `pid <n>` lines. */
export function printedPids(output: string): number[] {
  return [...output.matchAll(/^pid (\d+)$/gm)].map((match) => Number(match[1]));
}

/** Kills leftover pids from a failed test; ignores the ones already gone. */
export function killPids(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
