/**
 * Where rollouts live, named as upstream names them:
 * `sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<threadId>.jsonl` for
 * active threads, and the same file name flat under `archived_sessions/`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const ROLLOUT_NAME = /^rollout-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-([0-9a-f-]{36})\.jsonl$/i;

export interface RolloutLocation {
  threadId: string;
  path: string;
  archived: boolean;
}

export class RolloutPaths {
  readonly sessions: string;
  readonly archived: string;

  constructor(readonly home: string) {
    this.sessions = join(home, 'sessions');
    this.archived = join(home, 'archived_sessions');
  }

  fileName(threadId: string, createdAtMs: number): string {
    const date = new Date(createdAtMs);
    const pad = (value: number) => String(value).padStart(2, '0');
    const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
    return `rollout-${day}T${pad(date.getUTCHours())}-${pad(date.getUTCMinutes())}-${pad(date.getUTCSeconds())}-${threadId}.jsonl`;
  }

  activePath(threadId: string, createdAtMs: number): string {
    const date = new Date(createdAtMs);
    const pad = (value: number) => String(value).padStart(2, '0');
    return join(
      this.sessions,
      String(date.getUTCFullYear()),
      pad(date.getUTCMonth() + 1),
      pad(date.getUTCDate()),
      this.fileName(threadId, createdAtMs),
    );
  }

  archivedPath(activePath: string): string {
    return join(this.archived, basename(activePath));
  }

  /** Every rollout on disk, active and archived. */
  scan(): RolloutLocation[] {
    const found: RolloutLocation[] = [];
    for (const year of listDir(this.sessions)) {
      for (const month of listDir(join(this.sessions, year))) {
        for (const day of listDir(join(this.sessions, year, month))) {
          const folder = join(this.sessions, year, month, day);
          // Plain concatenation: path.join per file is measurable at 10,000 files.
          for (const name of listDir(folder)) {
            const match = ROLLOUT_NAME.exec(name);
            if (match) found.push({ threadId: match[1], path: `${folder}/${name}`, archived: false });
          }
        }
      }
    }
    for (const name of listDir(this.archived)) {
      const match = ROLLOUT_NAME.exec(name);
      if (match) found.push({ threadId: match[1], path: `${this.archived}/${name}`, archived: true });
    }
    return found;
  }
}

function listDir(path: string): string[] {
  if (!existsSync(path)) return [];
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
