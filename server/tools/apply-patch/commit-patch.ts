/**
 * Writes a planned patch all-or-nothing.
 *
 * Design: first check, without writing, that every file is still as planned (the model may have
 * waited minutes for approval while the user kept editing). Then removals (deletes, move sources)
 * are renamed to backups beside them, and new contents are written to a temp file beside each
 * target and renamed into place; an existing target is first hard-linked (or copied) to a backup,
 * so the rename replaces it atomically. Every step pushes its undo. On the first failure the undo
 * steps run in reverse (backups renamed back, created files and folders removed) and a
 * `PatchError` is thrown; on success the backups are deleted.
 * Removals go first so that a patch may replace a file by a folder of the same name.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PatchError } from './patch-error';
import type { PlannedFileChange } from './patch-types';

interface PlannedWrite {
  change: PlannedFileChange;
  /** Where the new content goes: the real file for an in-place update, so a symlink stays one. */
  target: string;
  content: string;
  replacesExisting: boolean;
  /** Permission bits to keep (the old file's), or undefined for a new file. */
  mode: number | undefined;
}

/** Applies `changes` (from `planPatch`) to disk, or throws `PatchError` having changed nothing. */
export function commitPatch(changes: PlannedFileChange[]): void {
  const writes = checkStillAsPlanned(changes);
  const journal = new CommitJournal();
  let step = '';
  try {
    for (const change of changes) {
      if (change.kind !== 'delete' && change.movePath === null) continue;
      step = change.kind === 'delete' ? `delete ${change.displayPath}` : `move ${change.displayPath}`;
      journal.removeWithBackup(change.path);
    }
    for (const write of writes) {
      step = write.change.movePath === null ? `write ${write.change.displayPath}` : `move ${write.change.displayPath} to ${write.target}`;
      journal.write(write);
    }
  } catch (error) {
    const unrestored = journal.rollback();
    const restored =
      unrestored.length === 0
        ? 'The patch was not applied; no files were changed.'
        : `The patch was not applied, but restoring failed for: ${unrestored.join('; ')}.`;
    throw new PatchError(`Failed to ${step}: ${(error as Error).message}. ${restored}`);
  }
  journal.discardBackups();
}

/** Verifies every precondition the plan relied on and computes each write; writes nothing. */
function checkStillAsPlanned(changes: PlannedFileChange[]): PlannedWrite[] {
  const writes: PlannedWrite[] = [];
  for (const change of changes) {
    const changedSincePlan = `${change.displayPath} changed on disk after the patch was checked; re-read it and retry`;
    if (change.kind === 'add') {
      if (lstatOrNull(change.path)) throw new PatchError(`${change.displayPath} was created on disk after the patch was checked; re-read it and retry`);
      writes.push({ change, target: change.path, content: change.newContent ?? '', replacesExisting: false, mode: undefined });
      continue;
    }
    if (readTextOrNull(change.path) !== change.oldContent) throw new PatchError(changedSincePlan);
    if (change.kind === 'delete') continue;
    const mode = fs.statSync(change.path).mode & 0o7777;
    if (change.movePath === null) {
      const target = fs.realpathSync(change.path);
      writes.push({ change, target, content: change.newContent ?? '', replacesExisting: true, mode });
    } else {
      if (lstatOrNull(change.movePath)) {
        throw new PatchError(`Cannot move ${change.displayPath}: ${change.movePath} was created on disk after the patch was checked; re-read it and retry`);
      }
      writes.push({ change, target: change.movePath, content: change.newContent ?? '', replacesExisting: false, mode });
    }
  }
  return writes;
}

class CommitJournal {
  /** `backup`, when set, is where the original lives until this step's undo has run. */
  private readonly undoSteps: Array<{ what: string; undo: () => void; backup?: string }> = [];
  /** Backups made so far; a backup is deleted on success, or renamed back by its undo step. */
  private readonly backups = new Set<string>();
  private readonly temps = new Set<string>();

  removeWithBackup(file: string): void {
    const backup = siblingPath(file, 'bak');
    fs.renameSync(file, backup);
    this.backups.add(backup);
    this.undoSteps.push({ what: `${file} (its original is kept at ${backup})`, undo: () => this.restore(backup, file), backup });
  }

  write({ target, content, replacesExisting, mode }: PlannedWrite): void {
    this.createFolders(path.dirname(target));
    const temp = siblingPath(target, 'tmp');
    this.temps.add(temp);
    fs.writeFileSync(temp, content, { flag: 'wx', mode: mode ?? 0o666 });
    // writeFileSync's mode is filtered by the umask; the old file's bits must survive as they were.
    if (mode !== undefined) fs.chmodSync(temp, mode);
    if (replacesExisting) {
      const backup = siblingPath(target, 'bak');
      this.backups.add(backup);
      linkOrCopy(target, backup);
      fs.renameSync(temp, target);
      this.temps.delete(temp);
      this.undoSteps.push({ what: `${target} (its original is kept at ${backup})`, undo: () => this.restore(backup, target), backup });
    } else {
      fs.renameSync(temp, target);
      this.temps.delete(temp);
      this.undoSteps.push({ what: `${target} (created by the patch)`, undo: () => fs.unlinkSync(target) });
    }
  }

  /** Undoes every step in reverse; returns what could not be restored. */
  rollback(): string[] {
    const failed: string[] = [];
    const keep = new Set<string>();
    for (const step of this.undoSteps.reverse()) {
      try {
        step.undo();
      } catch {
        failed.push(step.what);
        if (step.backup !== undefined) keep.add(step.backup);
      }
    }
    for (const temp of this.temps) removeQuietly(temp);
    // Backups whose undo ran were renamed away; any left are copies that were never put in place,
    // unless restoring them failed, in which case they hold the only original and must stay.
    for (const backup of this.backups) if (!keep.has(backup)) removeQuietly(backup);
    return failed;
  }

  discardBackups(): void {
    for (const backup of this.backups) removeQuietly(backup);
  }

  private restore(backup: string, file: string): void {
    fs.renameSync(backup, file);
    this.backups.delete(backup);
  }

  private createFolders(folder: string): void {
    const missing: string[] = [];
    for (let current = folder; !lstatOrNull(current); current = path.dirname(current)) {
      missing.push(current);
      if (path.dirname(current) === current) break;
    }
    for (const created of missing.reverse()) {
      fs.mkdirSync(created, { mode: 0o755 });
      this.undoSteps.push({ what: `folder ${created} (created by the patch)`, undo: () => fs.rmdirSync(created) });
    }
  }
}

/** A hidden name beside `file`, so a rename to/from it stays on one filesystem. */
function siblingPath(file: string, kind: 'bak' | 'tmp'): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.apply-patch.${kind}`);
}

function linkOrCopy(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL);
  }
}

function readTextOrNull(file: string): string | null {
  try {
    if (!fs.statSync(file).isFile()) return null;
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(fs.readFileSync(file));
  } catch {
    return null;
  }
}

function lstatOrNull(file: string): fs.Stats | null {
  try {
    return fs.lstatSync(file);
  } catch {
    return null;
  }
}

function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Already gone, or not ours to fight over: a leftover hidden temp file is harmless.
  }
}
