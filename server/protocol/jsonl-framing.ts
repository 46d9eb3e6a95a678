/**
 * JSONL framing, shared by the server's stdio transport and the extension's
 * client: splits a byte stream into text lines. Imports nothing, so it runs
 * in Node and in the browser alike.
 *
 * UTF-8 is decoded as a stream (`TextDecoder` with `stream: true`), so a
 * multibyte character split across two chunks survives. Lines end at `\n`;
 * a trailing `\r` is dropped so `\r\n` peers work. There is no length cap:
 * a line is as long as the peer makes it. Blank lines are skipped.
 */
export class LineDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  /**
   * Text of the unfinished line, one piece per chunk. Kept as pieces and
   * joined once, when its `\n` arrives: appending to one string and scanning
   * it on every chunk would copy a long line once per chunk (quadratic; a
   * 50 MB line in 64 KB chunks took ~10 s).
   */
  private pending: string[] = [];

  /** Feeds one chunk; returns the lines it completed, in order. */
  push(chunk: Uint8Array | string): string[] {
    return this.takeLines(typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
  }

  /** Flushes at end of stream: the last line may lack its `\n`. */
  end(): string[] {
    const lines = this.takeLines(this.decoder.decode());
    const rest = stripCarriageReturn(this.pending.join(''));
    this.pending = [];
    if (rest.trim() !== '') lines.push(rest);
    return lines;
  }

  /** Only the new text is scanned for `\n`, so each byte is looked at once. */
  private takeLines(text: string): string[] {
    const lines: string[] = [];
    let newline = text.indexOf('\n');
    if (newline === -1) {
      if (text !== '') this.pending.push(text);
      return lines;
    }
    this.pending.push(text.slice(0, newline));
    let line = stripCarriageReturn(this.pending.join(''));
    this.pending = [];
    for (;;) {
      if (line.trim() !== '') lines.push(line);
      const start = newline + 1;
      newline = text.indexOf('\n', start);
      if (newline === -1) {
        if (start < text.length) this.pending.push(text.slice(start));
        return lines;
      }
      line = stripCarriageReturn(text.slice(start, newline));
    }
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
