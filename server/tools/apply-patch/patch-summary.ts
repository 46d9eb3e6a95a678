/**
 * The success text returned to the model after a commit, in Codex's shape (added, then modified,
 * then deleted files, one `<letter> <path>` per line), so models read it as they were trained to.
 */
import path from 'node:path';
import type { PlannedFileChange } from './patch-types';

export function patchSummary(changes: PlannedFileChange[], cwd: string): string {
  if (changes.length === 0) return 'Success. No files were changed (the operations of the patch cancel out).';
  const byKind = (kind: PlannedFileChange['kind'], letter: string) =>
    changes
      .filter((change) => change.kind === kind)
      .map((change) => `${letter} ${change.movePath === null ? change.displayPath : relativePath(cwd, change.movePath)}`);
  return ['Success. Updated the following files:', ...byKind('add', 'A'), ...byKind('update', 'M'), ...byKind('delete', 'D')].join('\n');
}

function relativePath(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}
