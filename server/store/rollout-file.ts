/**
 * Reading and appending rollout files. Appends are synchronous writes to an
 * open descriptor, so a record is in the kernel before the next event is
 * sent; `sync()` (fsync) runs at the end of every turn. Files are created
 * 0600 inside 0700 folders: they hold the user's conversations.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RolloutRecord, StampedRecord } from './rollout-records';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

export class RolloutWriter {
  private fd: number | null = null;

  constructor(public path: string) {}

  append(record: RolloutRecord): void {
    if (this.fd === null) {
      mkdirSync(dirname(this.path), { recursive: true, mode: DIR_MODE });
      this.fd = openSync(this.path, 'a', FILE_MODE);
    }
    writeSync(this.fd, JSON.stringify({ timestamp: new Date().toISOString(), ...record }) + '\n');
  }

  /** Flushes to disk: called at turn end, so a finished turn survives a power cut. */
  sync(): void {
    if (this.fd !== null) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === null) return;
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
      this.fd = null;
    }
  }
}

export interface ReadResult {
  records: StampedRecord[];
  /** Lines that could not be parsed (a torn last line after a crash). */
  skipped: Array<{ line: number; reason: string }>;
}

export function readRollout(path: string): ReadResult {
  const text = readFileSync(path, 'utf8');
  const records: StampedRecord[] = [];
  const skipped: ReadResult['skipped'] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line);
      if (typeof record?.type !== 'string') throw new Error('no record type');
      records.push(record);
    } catch (error) {
      skipped.push({ line: index + 1, reason: (error as Error).message });
    }
  }
  return { records, skipped };
}
