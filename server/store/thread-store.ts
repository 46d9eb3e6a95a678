/**
 * The filesystem side of threads: rollout writers, loading a stored thread,
 * archive / unarchive moves, and the index. Knows nothing of connections.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { log } from '../common/log';
import { DIR_MODE, readRollout, RolloutWriter } from './rollout-file';
import { RolloutPaths } from './rollout-paths';
import type { RolloutRecord, ThreadMetadata } from './rollout-records';
import { replayRollout, type ReplayedThread } from './rollout-replay';
import { ThreadIndex, type IndexEntry } from './thread-index';

export interface LoadedFromDisk extends ReplayedThread {
  archived: boolean;
  /** Lines skipped while reading (torn after a crash), for a warning. */
  skippedLines: number;
}

export class ThreadStore {
  readonly paths: RolloutPaths;
  readonly index: ThreadIndex;

  constructor(home: string) {
    this.paths = new RolloutPaths(home);
    this.index = new ThreadIndex(this.paths);
  }

  newRolloutPath(threadId: string, createdAtMs: number): string {
    return this.paths.activePath(threadId, createdAtMs);
  }

  writer(path: string): RolloutWriter {
    return new RolloutWriter(path);
  }

  /** Records a thread's listing data (after creation or any change). */
  remember(metadata: ThreadMetadata, archived = false): void {
    if (!metadata.path) return;
    this.index.put(metadata, archived, metadata.path);
  }

  entry(threadId: string): IndexEntry | undefined {
    return this.index.get(threadId);
  }

  load(threadId: string): LoadedFromDisk | null {
    const entry = this.index.get(threadId);
    if (!entry || !existsSync(entry.path)) return null;
    const { records, skipped } = readRollout(entry.path);
    for (const line of skipped) log.warn(`rollout ${entry.path}: skipped line ${line.line} (${line.reason})`);
    const replayed = replayRollout(records);
    if (!replayed) return null;
    replayed.metadata.path = entry.path;
    return { ...replayed, archived: entry.archived, skippedLines: skipped.length };
  }

  /** Appends to a thread that is not loaded (e.g. a rename from the list). */
  appendToStored(threadId: string, record: RolloutRecord): void {
    const entry = this.index.get(threadId);
    if (!entry) throw new Error(`no rollout for ${threadId}`);
    const writer = new RolloutWriter(entry.path);
    try {
      writer.append(record);
    } finally {
      writer.close();
    }
  }

  archive(threadId: string): void {
    const entry = this.index.get(threadId);
    if (!entry || entry.archived) return;
    const target = this.paths.archivedPath(entry.path);
    this.move(entry.path, target);
    this.index.put(entry.metadata, true, target);
  }

  unarchive(threadId: string): IndexEntry | undefined {
    const entry = this.index.get(threadId);
    if (!entry) return undefined;
    if (!entry.archived) return entry;
    const target = this.paths.activePath(threadId, entry.metadata.createdAt * 1000);
    this.move(entry.path, target);
    return this.index.put(entry.metadata, false, target);
  }

  private move(from: string, to: string): void {
    mkdirSync(dirname(to), { recursive: true, mode: DIR_MODE });
    renameSync(from, to);
  }
}
