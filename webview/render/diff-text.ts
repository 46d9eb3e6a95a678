/**
 * A `FileUpdateChange` → a unified diff diff2html can parse. The protocol's
 * `diff` field differs by kind (PROTOCOL §4.1, and what our apply_patch
 * sends): an update carries hunks without file headers, an add carries the
 * new file's whole content, a delete the old content. diff2html needs
 * `---`/`+++` headers and hunks, so they are built here. Pure (unit-tested).
 */
import type { FileUpdateChange } from '../../server/protocol';

/** The unified diff of one change, with headers, ready for diff2html. */
export function unifiedDiff(change: FileUpdateChange): string {
  const path = stripSlash(change.path);
  switch (change.kind.type) {
    case 'add':
      return `--- /dev/null\n+++ b/${path}\n${wholeFileHunk(change.diff, '+')}`;
    case 'delete':
      return `--- a/${path}\n+++ /dev/null\n${wholeFileHunk(change.diff, '-')}`;
    default: {
      const diff = change.diff;
      // Some servers send a full git-style section already; keep its headers.
      if (/^(diff --git |--- )/m.test(diff.slice(0, 2000)) && !diff.startsWith('@@')) return withNewline(diff);
      const target = change.kind.type === 'update' && change.kind.move_path ? stripSlash(change.kind.move_path) : path;
      return `--- a/${path}\n+++ b/${target}\n${withNewline(diff)}`;
    }
  }
}

/** Lines added and removed (header lines excluded). */
export function diffStats(unified: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of unified.split('\n')) {
    if (line.startsWith('+') && !line.startsWith('+++ ')) added++;
    else if (line.startsWith('-') && !line.startsWith('--- ')) removed++;
  }
  return { added, removed };
}

/**
 * Keeps the first `maxLines` lines of a diff: a 10,000-line generated file
 * would be a 10,000-row table in the transcript. The full diff is one click
 * away in the native diff editor.
 */
export function truncateDiff(unified: string, maxLines: number): { text: string; omitted: number } {
  const lines = unified.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length <= maxLines) return { text: unified, omitted: 0 };
  return { text: `${lines.slice(0, maxLines).join('\n')}\n`, omitted: lines.length - maxLines };
}

/** `path` relative to `cwd` when inside it (the transcript is narrow; the diff editor shows the full path). */
export function displayPath(path: string, cwd: string | null): string {
  if (!cwd) return path;
  const root = cwd.endsWith('/') || cwd.endsWith('\\') ? cwd : `${cwd}/`;
  return path.startsWith(root) && path.length > root.length ? path.slice(root.length) : path;
}

/** A whole file as one hunk of added (`+`) or removed (`-`) lines. */
function wholeFileHunk(content: string, sign: '+' | '-'): string {
  if (content === '') return '';
  const endsWithNewline = content.endsWith('\n');
  const lines = (endsWithNewline ? content.slice(0, -1) : content).split('\n');
  const range = `1,${lines.length}`;
  const header = sign === '+' ? `@@ -0,0 +${range} @@` : `@@ -${range} +0,0 @@`;
  const body = lines.map((line) => sign + line).join('\n');
  return `${header}\n${body}\n${endsWithNewline ? '' : '\\ No newline at end of file\n'}`;
}

function withNewline(text: string): string {
  return text.endsWith('\n') || text === '' ? text : `${text}\n`;
}

/** Absolute paths would read `a//abs/path`; the header wants a path after `a/`. */
function stripSlash(path: string): string {
  return path.replace(/^\/+/, '');
}
