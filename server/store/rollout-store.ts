/**
 * Rollout files: one append-only JSONL file per thread under
 * `<home>/sessions/YYYY/MM/DD/rollout-<timestamp>-<threadId>.jsonl`, named by
 * the thread's creation time as upstream names them. Each line is one
 * record; appends are synchronous so that a record written is a record kept
 * even if the process dies right after. The file is created lazily, on the
 * first record, as upstream does once the first turn runs.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface RolloutRecord {
  type: string;
  payload: unknown;
}

export class RolloutStore {
  constructor(private readonly home: string) {}

  /** Where a thread created at `createdAtMs` is stored. */
  pathFor(threadId: string, createdAtMs: number): string {
    const date = new Date(createdAtMs);
    const pad = (value: number) => String(value).padStart(2, '0');
    const [year, month, day] = [date.getUTCFullYear(), pad(date.getUTCMonth() + 1), pad(date.getUTCDate())];
    const stamp = `${year}-${month}-${day}T${pad(date.getUTCHours())}-${pad(date.getUTCMinutes())}-${pad(date.getUTCSeconds())}`;
    return join(this.home, 'sessions', String(year), month, day, `rollout-${stamp}-${threadId}.jsonl`);
  }

  writer(path: string): RolloutWriter {
    return new RolloutWriter(path);
  }
}

export class RolloutWriter {
  private created = false;

  constructor(readonly path: string) {}

  append(record: RolloutRecord): void {
    if (!this.created) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.created = true;
    }
    appendFileSync(this.path, JSON.stringify({ timestamp: new Date().toISOString(), ...record }) + '\n');
  }
}
