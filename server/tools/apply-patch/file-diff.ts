/**
 * The wire form of one planned change (`FileUpdateChange`, PROTOCOL §4.1), shown to the user in
 * `fileChange` items and approval prompts.
 */
import path from 'node:path';
import { formatPatch, OMIT_HEADERS, structuredPatch } from 'diff';
import type { FileUpdateChange } from '../../protocol/items';
import type { PlannedFileChange } from './patch-types';

/**
 * Unified diff hunks (`@@ -a,b +c,d @@` and ' ', '-', '+' lines, plus git's `\ No newline at end
 * of file` marker where it applies), without `---`/`+++` headers; '' when the contents are equal.
 */
export function unifiedHunks(oldContent: string, newContent: string, context = 3): string {
  const patch = structuredPatch('', '', oldContent, newContent, undefined, undefined, { context });
  return patch.hunks.length === 0 ? '' : formatPatch(patch, OMIT_HEADERS);
}

/**
 * `path` is absolute (a relative one is resolved against `cwd`). The diff of an add is the new
 * file's content, of a delete the old content, of an update its unified hunks (empty for a pure
 * move).
 */
export function fileUpdateChange(change: PlannedFileChange, cwd: string): FileUpdateChange {
  const absolutePath = path.resolve(cwd, change.path);
  switch (change.kind) {
    case 'add':
      return { path: absolutePath, kind: { type: 'add' }, diff: change.newContent ?? '' };
    case 'delete':
      return { path: absolutePath, kind: { type: 'delete' }, diff: change.oldContent ?? '' };
    case 'update':
      return {
        path: absolutePath,
        kind: { type: 'update', move_path: change.movePath === null ? null : path.resolve(cwd, change.movePath) },
        diff: unifiedHunks(change.oldContent ?? '', change.newContent ?? ''),
      };
  }
}
