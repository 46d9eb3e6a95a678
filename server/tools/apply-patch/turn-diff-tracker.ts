/**
 * The turn's aggregated diff (`turn/diff/updated`): every file an apply_patch of this turn
 * touched, from its content before the turn first touched it to what is on disk now. Baselines
 * come from the planned changes (recorded before each commit), so only the first record of a path
 * counts; the current side is read from disk when the diff is asked for, so edits made in between
 * by other means (a shell command) show up too. A file moved during the turn (possibly in several
 * steps) shows as one rename from its first path, when it still reads as one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type FileSide, gitFileDiff } from './git-file-diff';
import type { PlannedFileChange } from './patch-types';

const REGULAR_MODE = '100644';
const EXECUTABLE_MODE = '100755';

interface Baseline {
  content: string | null;
  mode: string;
}

export class TurnDiffTracker {
  /** Absolute path → the file at that path before the turn first touched it. */
  private readonly baselines = new Map<string, Baseline>();
  /** Absolute path a file was moved to → the path it had before the turn's first move of it. */
  private readonly movedFrom = new Map<string, string>();

  /** Records planned changes; call before `commitPatch` (the old contents must still be on disk). */
  record(changes: PlannedFileChange[]): void {
    for (const change of changes) {
      this.keepBaseline(change.path, change.kind === 'add' ? null : change.oldContent);
      if (change.kind === 'update' && change.movePath !== null) {
        this.keepBaseline(change.movePath, null);
        const origin = this.movedFrom.get(change.path) ?? change.path;
        this.movedFrom.delete(change.path);
        if (origin === change.movePath) this.movedFrom.delete(change.movePath);
        else this.movedFrom.set(change.movePath, origin);
      } else if (change.kind !== 'update') {
        // Added or deleted: whatever was moved here before is no longer the same file.
        this.movedFrom.delete(change.path);
      }
    }
  }

  /** The git-style diff of all tracked files, sorted by path relative to `cwd`; '' when nothing changed. */
  unifiedDiff(cwd: string): string {
    const current = new Map<string, { content: string | null; mode: string | null }>();
    const onDisk = (file: string) => {
      let side = current.get(file);
      if (side === undefined) current.set(file, (side = readSide(file)));
      return side;
    };

    const renames = new Map<string, string>();
    for (const [destination, origin] of this.movedFrom) {
      const stillAMove =
        this.baselines.get(origin)?.content != null &&
        this.baselines.get(destination)?.content === null &&
        onDisk(origin).content === null &&
        onDisk(destination).content !== null;
      if (stillAMove) renames.set(origin, destination);
    }
    const renamedTo = new Set(renames.values());

    const sections: Array<{ key: string; text: string }> = [];
    for (const [file, baseline] of this.baselines) {
      if (renamedTo.has(file)) continue;
      const afterPath = renames.get(file) ?? file;
      const after = onDisk(afterPath);
      const before: FileSide = { path: relativePath(cwd, file), content: baseline.content, mode: baseline.mode };
      const afterSide: FileSide = { path: relativePath(cwd, afterPath), content: after.content, mode: after.mode ?? baseline.mode };
      if (baseline.content === null) before.mode = afterSide.mode;
      const text = gitFileDiff(before, afterSide);
      if (text !== '') sections.push({ key: before.path, text });
    }
    sections.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return sections.map((section) => section.text).join('');
  }

  private keepBaseline(file: string, content: string | null): void {
    if (this.baselines.has(file)) return;
    this.baselines.set(file, { content, mode: content === null ? REGULAR_MODE : (readSide(file).mode ?? REGULAR_MODE) });
  }
}

function readSide(file: string): { content: string | null; mode: string | null } {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { content: null, mode: null };
    const content = new TextDecoder('utf-8', { ignoreBOM: true }).decode(fs.readFileSync(file));
    return { content, mode: stat.mode & 0o111 ? EXECUTABLE_MODE : REGULAR_MODE };
  } catch {
    return { content: null, mode: null };
  }
}

function relativePath(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}
