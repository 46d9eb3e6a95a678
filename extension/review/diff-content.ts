/**
 * The before and after text of one file change, for the diff editor.
 * Host-free.
 *
 * A `fileChange` carries an add's new content, a delete's old content, or an
 * update's unified hunks only. For an update both sides are rebuilt from the
 * file on disk: applying the hunks to it gives "after" while the proposal is
 * pending (nothing written yet); reverse-applying them gives "before" once
 * the change is on disk. The caller says which is likelier; the other is
 * tried next. When neither fits (the file changed since), the hunks alone
 * are shown as an excerpt: context and removed lines against context and
 * added lines.
 */
import { applyPatch, parsePatch, reversePatch, type StructuredPatch } from 'diff';
import type { FileUpdateChange } from '../../server/protocol';

export interface DiffSides {
  before: string;
  after: string;
  /** False when only the hunks could be shown (an excerpt, not whole files). */
  whole: boolean;
}

/** The file as it is on disk now; undefined where there is no file. */
export interface DiskContent {
  /** At `change.path`. */
  atPath: string | undefined;
  /** At `change.kind.move_path`, for a move. */
  atMovePath?: string | undefined;
}

/** Which reconstruction to try first: `forward` for a pending proposal, `reverse` for a change already applied. */
export type DiffDirection = 'forward' | 'reverse';

/** Separates the hunks of an excerpt; the same on both sides, so it reads as unchanged. */
export const EXCERPT_GAP = '⋯';

export function diffSides(change: FileUpdateChange, disk: DiskContent, prefer: DiffDirection): DiffSides {
  switch (change.kind.type) {
    case 'add':
      return { before: '', after: change.diff, whole: true };
    case 'delete':
      return { before: change.diff, after: '', whole: true };
    case 'update':
      return updateSides(change.diff, change.kind.move_path ?? null, disk, prefer);
  }
}

function updateSides(hunks: string, movePath: string | null, disk: DiskContent, prefer: DiffDirection): DiffSides {
  // Where the new content lives once the change is applied: the move target, if any.
  const applied = movePath ? disk.atMovePath : disk.atPath;
  if (!hunks.trim()) {
    const content = (prefer === 'forward' ? disk.atPath ?? applied : applied ?? disk.atPath) ?? '';
    return { before: content, after: content, whole: true };
  }
  const patch = parseHunks(hunks);
  if (!patch) return { before: '', after: hunks, whole: false };
  const forward = (): DiffSides | undefined => {
    if (disk.atPath === undefined) return undefined;
    const after = applyPatch(disk.atPath, patch);
    return after === false ? undefined : { before: disk.atPath, after, whole: true };
  };
  const reverse = (): DiffSides | undefined => {
    if (applied === undefined) return undefined;
    const before = applyPatch(applied, reversePatch(patch));
    return before === false ? undefined : { before, after: applied, whole: true };
  };
  const [first, second] = prefer === 'forward' ? [forward, reverse] : [reverse, forward];
  return first() ?? second() ?? excerpt(patch);
}

function parseHunks(hunks: string): StructuredPatch | undefined {
  try {
    const [patch] = parsePatch(hunks);
    return patch && patch.hunks.length > 0 ? patch : undefined;
  } catch {
    return undefined;
  }
}

function excerpt(patch: StructuredPatch): DiffSides {
  const before: string[] = [];
  const after: string[] = [];
  patch.hunks.forEach((hunk, index) => {
    if (index > 0) {
      before.push(EXCERPT_GAP);
      after.push(EXCERPT_GAP);
    }
    for (const line of hunk.lines) {
      const text = line.slice(1);
      if (line.startsWith(' ')) {
        before.push(text);
        after.push(text);
      } else if (line.startsWith('-')) before.push(text);
      else if (line.startsWith('+')) after.push(text);
    }
  });
  return { before: before.join('\n') + '\n', after: after.join('\n') + '\n', whole: false };
}
