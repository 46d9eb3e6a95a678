/**
 * Parser for the apply_patch format (PROTOCOL §10), lenient in the ways Codex is, because models
 * trained on Codex produce exactly these variations:
 * - blank lines and whitespace around the patch and around its `***` markers are ignored;
 * - a shell heredoc wrapper (`apply_patch <<'EOF'` … `EOF`) is stripped;
 * - an empty line inside a hunk is an empty context line;
 * - the first hunk of a file may omit its `@@` line;
 * - CRLF patch text is read as LF.
 * Beyond Codex: a unified-diff hunk header (`@@ -3,7 +3,8 @@ fn main()`) keeps only its trailing
 * text as the anchor (line numbers are never used); blank lines separating sections are skipped;
 * a blank line between `+` lines of an added file is an empty line of that file.
 * Errors carry the 1-based line number in the text as given (before any trimming).
 */
import { PatchError } from './patch-error';
import type { PatchHunk, PatchHunkLine, PatchOperation } from './patch-types';

const BEGIN_PATCH = '*** Begin Patch';
const END_PATCH = '*** End Patch';
const END_OF_FILE = '*** End of File';
const FILE_HEADER = /^\*\*\*\s*(Add|Delete|Update) File:(.*)$/;
const MOVE_TO = /^\*\*\*\s*Move to:(.*)$/;
/** `<<EOF`, `<<'EOF'`, `<<"EOF"`, optionally after `apply_patch` (or `apply_patch` alone). */
const HEREDOC_START = /^(?:apply_patch\s*)?<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1$/;
const UNIFIED_HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@(.*)$/;

const HEADER_HINT = "'*** Add File: <path>', '*** Update File: <path>' or '*** Delete File: <path>'";
const HUNK_LINE_HINT =
  "every hunk line starts with ' ' (context), '-' (remove) or '+' (add); a new hunk starts with '@@'";

/** Parses patch text into file operations, in patch order. Throws `PatchError` ("line N: …"). */
export function parsePatch(text: string): PatchOperation[] {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  let [first, last] = nonBlankBounds(lines, 0, lines.length - 1);
  if (first > last) throw lineError(1, `expected '${BEGIN_PATCH}', got an empty patch`);

  const heredoc = HEREDOC_START.exec(lines[first].trim());
  if (heredoc && last > first && lines[last].trim() === heredoc[2]) {
    [first, last] = nonBlankBounds(lines, first + 1, last - 1);
    if (first > last) throw lineError(1, `expected '${BEGIN_PATCH}' inside the heredoc, got nothing`);
  }

  if (lines[first].trim() !== BEGIN_PATCH) {
    throw lineError(first + 1, `expected '${BEGIN_PATCH}', got '${lines[first]}'`);
  }
  if (last === first) throw lineError(first + 2, `expected '${END_PATCH}' at the end of the patch`);
  if (lines[last].trim() !== END_PATCH) {
    throw lineError(last + 1, `expected '${END_PATCH}' as the last line, got '${lines[last]}'`);
  }

  const operations = new SectionParser(lines, first + 1, last).parse();
  if (operations.length === 0) {
    throw lineError(last + 1, `the patch has no file sections; add at least one of ${HEADER_HINT}`);
  }
  return operations;
}

/** Reads the file sections of `lines[start, end)`; `end` is the `*** End Patch` line. */
class SectionParser {
  private index: number;

  constructor(
    private readonly lines: string[],
    start: number,
    private readonly end: number,
  ) {
    this.index = start;
  }

  parse(): PatchOperation[] {
    const operations: PatchOperation[] = [];
    while (this.skipBlankLines()) {
      const lineNumber = this.index + 1;
      const marker = this.lines[this.index].trim();
      const header = FILE_HEADER.exec(marker);
      if (!header) {
        if (marker === END_OF_FILE) throw lineError(lineNumber, `'${END_OF_FILE}' must directly follow a hunk's lines`);
        if (MOVE_TO.test(marker)) throw lineError(lineNumber, `'*** Move to:' must directly follow '*** Update File: <path>'`);
        throw lineError(lineNumber, `expected a file section header (${HEADER_HINT}), got '${this.lines[this.index]}'`);
      }
      const path = header[2].trim();
      if (path === '') throw lineError(lineNumber, `'*** ${header[1]} File:' needs a path`);
      this.index++;
      if (header[1] === 'Add') operations.push({ kind: 'add', path, content: this.parseAddedLines() });
      else if (header[1] === 'Delete') operations.push({ kind: 'delete', path });
      else operations.push(this.parseUpdate(path, lineNumber));
    }
    return operations;
  }

  /** Moves past blank lines; false at the end of the body. */
  private skipBlankLines(): boolean {
    while (this.index < this.end && this.lines[this.index].trim() === '') this.index++;
    return this.index < this.end;
  }

  private parseAddedLines(): string {
    const added: string[] = [];
    while (this.index < this.end) {
      const line = this.lines[this.index];
      if (line.startsWith('+')) {
        added.push(line.slice(1));
        this.index++;
        continue;
      }
      // A blank line between '+' lines is an empty line the model forgot to prefix; blank lines
      // after the last '+' line only separate sections.
      if (line.trim() !== '') break;
      let next = this.index;
      while (next < this.end && this.lines[next].trim() === '') next++;
      if (next >= this.end || !this.lines[next].startsWith('+')) break;
      for (; this.index < next; this.index++) added.push('');
    }
    return added.map((line) => `${line}\n`).join('');
  }

  private parseUpdate(path: string, headerLineNumber: number): PatchOperation {
    let movePath: string | null = null;
    const move = this.index < this.end ? MOVE_TO.exec(this.lines[this.index].trim()) : null;
    if (move) {
      movePath = move[1].trim();
      if (movePath === '') throw lineError(this.index + 1, `'*** Move to:' needs a path`);
      this.index++;
    }
    const hunks: PatchHunk[] = [];
    while (this.skipBlankLines()) {
      const line = this.lines[this.index];
      if (line.startsWith('*')) {
        if (line.trim() === END_OF_FILE) throw lineError(this.index + 1, `'${END_OF_FILE}' must directly follow a hunk's lines`);
        break; // the next file section
      }
      if (!line.startsWith('@@') && hunks.length > 0) {
        throw lineError(this.index + 1, `unexpected line in the hunks of ${path}: '${line}' (${HUNK_LINE_HINT})`);
      }
      hunks.push(this.parseHunk(path));
    }
    if (hunks.length === 0) {
      throw lineError(
        headerLineNumber,
        `'*** Update File: ${path}' has no hunks; follow it with '@@' and lines starting with ' ', '-' or '+'`,
      );
    }
    return { kind: 'update', path, movePath, hunks };
  }

  private parseHunk(path: string): PatchHunk {
    const startLineNumber = this.index + 1;
    let contextAnchor: string | null = null;
    if (this.lines[this.index].startsWith('@@')) {
      contextAnchor = parseAnchor(this.lines[this.index]);
      this.index++;
    }
    const hunkLines: PatchHunkLine[] = [];
    /** How many of the last `hunkLines` came from bare empty lines (no ' ' prefix). */
    let trailingBareEmpty = 0;
    let endOfFile = false;
    while (this.index < this.end) {
      const line = this.lines[this.index];
      // trimEnd, not trim: ' *** End of File' is a context line of a file that contains the marker.
      if (line.trimEnd() === END_OF_FILE) {
        endOfFile = true;
        this.index++;
        break;
      }
      if (line.startsWith('@@') || line.startsWith('*')) break;
      const op = line === '' ? ' ' : line[0];
      if (op !== ' ' && op !== '-' && op !== '+') {
        throw lineError(this.index + 1, `unexpected line in a hunk of ${path}: '${line}' (${HUNK_LINE_HINT})`);
      }
      hunkLines.push({ op, text: line.slice(1) });
      trailingBareEmpty = line === '' ? trailingBareEmpty + 1 : 0;
      this.index++;
    }
    // Bare empty lines just before the next hunk or section are separators, not context; dropping
    // context at a hunk's edge never changes the result, it only loosens the search. Before
    // '*** End of File' they are kept: there they say the file ends with a blank line.
    if (!endOfFile) hunkLines.splice(hunkLines.length - trailingBareEmpty, trailingBareEmpty);
    if (hunkLines.length === 0) {
      throw lineError(startLineNumber, `hunk of ${path} has no lines; ${HUNK_LINE_HINT}`);
    }
    return { contextAnchor, lines: hunkLines, endOfFile };
  }
}

/** The anchor text of an `@@` line, or null for a bare `@@`. Indentation after `@@ ` is kept. */
function parseAnchor(line: string): string | null {
  const unified = UNIFIED_HUNK_HEADER.exec(line.trimEnd());
  let anchor = unified ? unified[1] : line.slice(2);
  if (anchor.startsWith(' ')) anchor = anchor.slice(1);
  anchor = anchor.trimEnd();
  return anchor.trim() === '' ? null : anchor;
}

/** First and last non-blank line indexes within [from, to]; first > last when there are none. */
function nonBlankBounds(lines: string[], from: number, to: number): [number, number] {
  while (from <= to && lines[from].trim() === '') from++;
  while (to >= from && lines[to].trim() === '') to--;
  return [from, to];
}

function lineError(lineNumber: number, message: string): PatchError {
  return new PatchError(`line ${lineNumber}: ${message}`);
}
