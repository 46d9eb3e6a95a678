/**
 * Data shapes of the apply_patch engine: what the parser produces, what the
 * planner hands to the committer, and the write policy. Plain data only.
 */

/** One line of an update hunk: `' '` context (kept), `'-'` removed, `'+'` added. `text` has no prefix and no line ending. */
export interface PatchHunkLine {
  op: ' ' | '-' | '+';
  text: string;
}

/**
 * One change block of an `*** Update File` section.
 * `contextAnchor` is the text after `@@ ` (null for a bare `@@`): the hunk is searched for below the
 * first line equal to it. `endOfFile` is set when the block was closed by `*** End of File`: its
 * removed/context lines are looked for at the end of the file first.
 */
export interface PatchHunk {
  contextAnchor: string | null;
  lines: PatchHunkLine[];
  endOfFile: boolean;
}

/**
 * One file section of a patch, paths exactly as written (relative to the turn's cwd, or absolute).
 * `content` of an add ends with `\n` after every line (empty string for an empty file).
 */
export type PatchOperation =
  | { kind: 'add'; path: string; content: string }
  | { kind: 'delete'; path: string }
  | { kind: 'update'; path: string; movePath: string | null; hunks: PatchHunk[] };

/**
 * The net effect of a patch on one file, computed and validated by `planPatch` before anything is
 * written. A move is one `update` with `movePath` set (its content may be unchanged).
 */
export interface PlannedFileChange {
  kind: 'add' | 'delete' | 'update';
  /** Absolute path of the file as it is before the patch (the source of a move). */
  path: string;
  /** Absolute destination of a move, or null. */
  movePath: string | null;
  /** The path as written in the patch (for messages shown to the model). */
  displayPath: string;
  /** Content before the patch; null for an add. */
  oldContent: string | null;
  /** Content after the patch; null for a delete. */
  newContent: string | null;
}

/**
 * Where a patch may write. `writableRoots` are absolute folders; a target must be inside one of
 * them after resolving `..` and symlinks. `null` allows any path (danger-full-access).
 */
export interface PathPolicy {
  writableRoots: string[] | null;
}
