/**
 * Resident memory of a process and all its descendants, read from /proc
 * (Linux). `treeMemoryKb` is written self-contained (only `require`), so the
 * sampler can ship its source text into a worker thread unchanged.
 */

export interface TreeMemory {
  /** Sum of VmRSS over the tree, in kB. */
  rssKb: number;
  /** Sum of VmHWM (each process's own peak RSS so far), in kB. */
  hwmKb: number;
  /** Pids in the tree (root first). */
  pids: number[];
}

/** Reads the tree's memory now; a root that has exited gives zeros. */
export function treeMemoryKb(rootPid: number): TreeMemory {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  const read = (path: string): string | null => {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  };
  const result = { rssKb: 0, hwmKb: 0, pids: [] as number[] };
  const queue = [rootPid];
  // Bounded: a process tree deeper or wider than this is not a server.
  for (let guard = 0; queue.length > 0 && guard < 512; guard++) {
    const pid = queue.shift()!;
    const status = read(`/proc/${pid}/status`);
    if (!status) continue;
    result.pids.push(pid);
    const rss = /VmRSS:\s+(\d+)/.exec(status);
    const hwm = /VmHWM:\s+(\d+)/.exec(status);
    result.rssKb += rss ? Number(rss[1]) : 0;
    result.hwmKb += hwm ? Number(hwm[1]) : 0;
    let tasks: string[] = [];
    try {
      tasks = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      const children = read(`/proc/${pid}/task/${tid}/children`);
      if (!children) continue;
      for (const child of children.trim().split(/\s+/)) if (child) queue.push(Number(child));
    }
  }
  return result;
}

/** CPU time (user + system) used so far by the tree's live processes, in ms. */
export function treeCpuMs(rootPid: number, clockTicksPerSecond = 100): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  let ticks = 0;
  for (const pid of treeMemoryKb(rootPid).pids) {
    try {
      // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process exited between the two reads.
    }
  }
  return (ticks / clockTicksPerSecond) * 1000;
}

export const kbToMb = (kb: number): number => kb / 1024;
