/**
 * Grows a state directory from the threads a server really stored (by
 * running turns) to many more, in that server's own format, without running
 * thousands of turns: every file whose path names a template thread id (its
 * rollout) is copied under a fresh id, with the id replaced in the name and
 * the content; and every line of a shared JSONL file (an index) that names a
 * template id is appended again with the fresh id. The result is what the
 * server would have written had it run those threads itself, except for
 * binary indexes (SQLite), which `cloneThreads` leaves as they are and
 * reports as skipped. (The official server picks up rollouts its SQLite
 * index lacks; `measure-thread-list.ts` counts the listed threads to check
 * that every seeded thread is really there.)
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export interface CloneOutcome {
  /** Fresh id → the template id it copies. */
  clones: Map<string, string>;
  perThreadFilesWritten: number;
  indexLinesAppended: number;
  /** Shared files that name template ids but could not be extended. */
  skippedFiles: string[];
}

const MAX_FILES = 200_000;

/** A UUIDv7 sharing the template's millisecond timestamp (so it sorts with it). */
export function siblingUuidV7(templateId: string): string {
  const hex = templateId.replace(/-/g, '').slice(0, 12) + randomBytes(10).toString('hex');
  const chars = hex.split('');
  chars[12] = '7';
  chars[16] = ((parseInt(chars[16], 16) & 0x3) | 0x8).toString(16);
  const h = chars.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function listFiles(root: string): string[] {
  const files: string[] = [];
  const stack = [root];
  while (stack.length > 0 && files.length < MAX_FILES) {
    const dir = stack.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else if (entry.isFile()) files.push(path);
    }
  }
  return files;
}

/** Adds `count` threads to `home`, copied round-robin from `templateIds`. */
export function cloneThreads(home: string, templateIds: string[], count: number): CloneOutcome {
  if (templateIds.length === 0) throw new Error('cloneThreads: no template threads');
  const clones = new Map<string, string>();
  const byTemplate = new Map<string, string[]>(templateIds.map((id) => [id, []]));
  for (let index = 0; index < count; index++) {
    const template = templateIds[index % templateIds.length];
    const id = siblingUuidV7(template);
    clones.set(id, template);
    byTemplate.get(template)!.push(id);
  }

  const outcome: CloneOutcome = { clones, perThreadFilesWritten: 0, indexLinesAppended: 0, skippedFiles: [] };
  const files = listFiles(home);
  const idPattern = new RegExp(templateIds.map(escape).join('|'));
  for (const file of files) {
    const rel = relative(home, file);
    const named = idPattern.exec(rel)?.[0];
    if (named) {
      const content = readFileSync(file, 'utf8');
      for (const id of byTemplate.get(named)!) {
        const target = join(home, rel.replaceAll(named, id));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, content.replaceAll(named, id));
        outcome.perThreadFilesWritten += 1;
      }
      continue;
    }
    if (statSync(file).size > 512 * 1024 * 1024) continue;
    const buffer = readFileSync(file);
    if (!idPattern.test(buffer.toString('latin1'))) continue;
    if (!/\.jsonl$/.test(file)) {
      outcome.skippedFiles.push(rel);
      continue;
    }
    const appended: string[] = [];
    for (const line of buffer.toString('utf8').split('\n')) {
      const template = idPattern.exec(line)?.[0];
      if (!template) continue;
      for (const id of byTemplate.get(template)!) appended.push(line.replaceAll(template, id));
    }
    if (appended.length > 0) appendFileSync(file, appended.join('\n') + '\n');
    outcome.indexLinesAppended += appended.length;
  }
  return outcome;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
