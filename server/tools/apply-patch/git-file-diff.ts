/**
 * One file's section of a git-style patch (`diff --git` header, mode and index lines, `---`/`+++`
 * headers with `/dev/null` for a missing side, unified hunks), the shape `git apply` and diff
 * viewers read. Blob ids are real git SHA-1s so tools can match them against a repository.
 */
import { createHash } from 'node:crypto';
import { unifiedHunks } from './file-diff';

export interface FileSide {
  /** Path relative to the diff's root, with forward slashes. */
  path: string;
  /** Null when the file does not exist on this side. */
  content: string | null;
  /** Git file mode, e.g. '100644' or '100755'. */
  mode: string;
}

/** The section for `before` → `after`, or '' when nothing differs. */
export function gitFileDiff(before: FileSide, after: FileSide): string {
  const renamed = before.content !== null && after.content !== null && before.path !== after.path;
  if (before.content === after.content && !renamed && before.mode === after.mode) return '';
  if (before.content === null && after.content === null) return '';
  let header = `diff --git a/${before.path} b/${after.path}\n`;
  if (before.content === null) header += `new file mode ${after.mode}\n`;
  else if (after.content === null) header += `deleted file mode ${before.mode}\n`;
  else if (before.mode !== after.mode) header += `old mode ${before.mode}\nnew mode ${after.mode}\n`;
  if (renamed) {
    header += `${before.content === after.content ? 'similarity index 100%\n' : ''}rename from ${before.path}\nrename to ${after.path}\n`;
  }
  if (before.content === after.content) return header;
  const sameMode = before.content !== null && after.content !== null && before.mode === after.mode;
  header += `index ${blobId(before.content)}..${blobId(after.content)}${sameMode ? ` ${after.mode}` : ''}\n`;
  const hunks = unifiedHunks(before.content ?? '', after.content ?? '');
  // Like git, an empty file added or deleted has no hunks and so no ---/+++ lines.
  if (hunks === '') return header;
  header += `--- ${before.content === null ? '/dev/null' : `a/${before.path}`}\n`;
  header += `+++ ${after.content === null ? '/dev/null' : `b/${after.path}`}\n`;
  return header + hunks;
}

/** Git's blob object id of `content` (all zeros for a missing file). */
export function blobId(content: string | null): string {
  if (content === null) return '0'.repeat(40);
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
