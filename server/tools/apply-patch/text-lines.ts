/**
 * A text file as lines that remember their own line ending, so an edit rewrites only the lines it
 * touches: a CRLF file stays CRLF, a mixed file keeps its mix, and a file without a final newline
 * keeps lacking one.
 */

const BOM = '\uFEFF';

export interface TextLine {
  text: string;
  /** `'\n'` or `'\r\n'`. The last line carries one even when the file has no final newline. */
  ending: string;
}

export interface TextLines {
  /** Whether the content starts with a byte order mark, kept apart so editing line 1 keeps it. */
  bom: boolean;
  lines: TextLine[];
  /** Whether the last line's ending is written. True for an empty file. */
  finalNewline: boolean;
  /** The ending given to new lines: the one most lines use (the first one seen on a tie). */
  eol: string;
}

export function splitLines(content: string): TextLines {
  const bom = content.startsWith(BOM);
  const parts = (bom ? content.slice(1) : content).split('\n');
  const lines: TextLine[] = [];
  let crlf = 0;
  let first: string | null = null;
  for (let index = 0; index < parts.length - 1; index++) {
    const isCrlf = parts[index].endsWith('\r');
    if (isCrlf) crlf++;
    const ending = isCrlf ? '\r\n' : '\n';
    first ??= ending;
    lines.push({ text: isCrlf ? parts[index].slice(0, -1) : parts[index], ending });
  }
  const lf = lines.length - crlf;
  const eol = crlf > lf ? '\r\n' : lf > crlf ? '\n' : (first ?? '\n');
  const tail = parts[parts.length - 1];
  if (tail !== '') lines.push({ text: tail, ending: eol });
  return { bom, lines, finalNewline: tail === '', eol };
}

export function joinLines({ bom, lines, finalNewline }: TextLines): string {
  let content = bom ? BOM : '';
  lines.forEach((line, index) => {
    content += line.text;
    if (index < lines.length - 1 || finalNewline) content += line.ending;
  });
  return content;
}
