/**
 * Applies the hunks of one `*** Update File` section to a file's content (pure; no I/O).
 *
 * Hunks are located by their context and removed lines, searched forward from where the previous
 * hunk ended; `@@ <anchor>` first moves the search below the next line matching the anchor. Every
 * hunk is located in the original content before anything is replaced, as Codex does.
 *
 * Differences from Codex, each to keep the file as it was outside the edited lines:
 * - Context lines keep the file's text (a whitespace-tolerant match does not rewrite them) and
 *   every untouched line keeps its own line ending; new lines get the file's dominant ending.
 * - The final newline is kept as the file had it (Codex always adds one). An `*** End of File`
 *   hunk can change it, using Codex's convention that a trailing empty removed/context line stands
 *   for the final newline: `-` of that empty line drops the final newline, unless the hunk also
 *   ends with an empty `+` line. (Adding a final newline needs no convention: in a file without
 *   one, adding an empty last line produces it.)
 * - A pure insertion (no context, no removed lines) under an `@@ <anchor>` goes right below the
 *   anchor line; without an anchor, or with `*** End of File`, it is appended (as in Codex).
 * - If the hunk's first context line repeats the anchor line itself, it is still found.
 */
import { PatchError } from './patch-error';
import type { PatchHunk, PatchHunkLine } from './patch-types';
import { seekLines } from './seek-lines';
import { joinLines, splitLines, type TextLine } from './text-lines';

interface Replacement {
  start: number;
  removeCount: number;
  inserted: TextLine[];
}

interface LocatedHunk {
  start: number;
  /** The hunk's lines, less an empty line that stood for the final newline. */
  lines: PatchHunkLine[];
  /** Set when the hunk changes whether the file ends with a newline. */
  finalNewline: boolean | null;
}

/** Returns the new content, or throws `PatchError` naming the hunk that could not be located. */
export function applyHunks(content: string, hunks: readonly PatchHunk[], displayPath: string): string {
  const file = splitLines(content);
  const texts = file.lines.map((line) => line.text);
  const replacements: Replacement[] = [];
  let finalNewline = file.finalNewline;
  let cursor = 0;

  hunks.forEach((hunk, hunkIndex) => {
    const details = hunks.length > 1 ? [`hunk ${hunkIndex + 1} of ${hunks.length}`] : [];
    let anchorIndex: number | null = null;
    if (hunk.contextAnchor !== null) {
      anchorIndex = seekLines(texts, [hunk.contextAnchor], cursor, false);
      if (anchorIndex === null) {
        const where = details.length > 0 ? ` (${details.join(', ')})` : '';
        throw new PatchError(
          `Failed to find context '${hunk.contextAnchor}' in ${displayPath}${where}\n` +
            `(the text after '@@' must be a line of the file below the previous hunk; re-read the file and retry with an exact line)`,
        );
      }
      cursor = anchorIndex + 1;
      details.push(`searched below '${hunk.contextAnchor}'`);
    }

    const oldTexts = hunk.lines.filter((line) => line.op !== '+').map((line) => line.text);
    if (oldTexts.length === 0) {
      const at = anchorIndex !== null && !hunk.endOfFile ? cursor : texts.length;
      replacements.push({ start: at, removeCount: 0, inserted: hunk.lines.map((line) => newLine(line.text, file.eol)) });
      return;
    }

    const located = locateHunk(texts, hunk, cursor, anchorIndex, file.finalNewline);
    if (located === null) {
      const where = details.length > 0 ? ` (${details.join(', ')})` : '';
      throw new PatchError(
        `Failed to find expected lines in ${displayPath}${where}:\n${oldTexts.join('\n')}\n` +
          `(re-read the file and retry with exact context)`,
      );
    }
    let offset = 0;
    const inserted: TextLine[] = [];
    for (const line of located.lines) {
      if (line.op === ' ') inserted.push(file.lines[located.start + offset]);
      if (line.op !== '+') offset++;
      else inserted.push(newLine(line.text, file.eol));
    }
    replacements.push({ start: located.start, removeCount: offset, inserted });
    if (located.finalNewline !== null) finalNewline = located.finalNewline;
    cursor = located.start + offset;
  });

  // Appended insertions may precede later hunks in patch order; sort is stable, so insertions at
  // the same spot keep patch order.
  replacements.sort((a, b) => a.start - b.start);
  const lines: TextLine[] = [];
  let position = 0;
  for (const replacement of replacements) {
    lines.push(...file.lines.slice(position, replacement.start), ...replacement.inserted);
    position = replacement.start + replacement.removeCount;
  }
  lines.push(...file.lines.slice(position));
  return joinLines({ ...file, lines, finalNewline });
}

function locateHunk(
  texts: readonly string[],
  hunk: PatchHunk,
  cursor: number,
  anchorIndex: number | null,
  fileFinalNewline: boolean,
): LocatedHunk | null {
  const find = (lines: PatchHunkLine[]): number | null => {
    const old = lines.filter((line) => line.op !== '+').map((line) => line.text);
    const found = seekLines(texts, old, cursor, hunk.endOfFile);
    // Models often repeat the anchor as the hunk's first context line.
    return found ?? (anchorIndex === null ? null : seekLines(texts, old, anchorIndex, hunk.endOfFile));
  };

  const found = find(hunk.lines);
  if (found !== null) return { start: found, lines: hunk.lines, finalNewline: null };

  // Codex convention: a trailing empty old line may stand for the file's final newline.
  let lastOld = hunk.lines.length - 1;
  while (hunk.lines[lastOld].op === '+') lastOld--;
  if (hunk.lines[lastOld].text !== '') return null;
  const lines = hunk.lines.filter((_, index) => index !== lastOld);
  let keepsFinalNewline = true;
  if (hunk.lines[lastOld].op === '-') {
    const last = lines[lines.length - 1];
    // Only a '+' line after the dropped one can restore it.
    if (last !== undefined && last.op === '+' && last.text === '' && lines.length - 1 >= lastOld) lines.pop();
    else keepsFinalNewline = false;
  }
  const start = find(lines);
  if (start === null) return null;
  const oldCount = lines.filter((line) => line.op !== '+').length;
  const changesFinalNewline =
    hunk.endOfFile && fileFinalNewline && !keepsFinalNewline && start + oldCount === texts.length;
  return { start, lines, finalNewline: changesFinalNewline ? false : null };
}

function newLine(text: string, eol: string): TextLine {
  return { text, ending: eol };
}
