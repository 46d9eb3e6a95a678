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
  private pending = '';
  /** Where to resume looking for `\n` in `pending`, so a long line is scanned once, not once per chunk. */
  private scanFrom = 0;

  /** Feeds one chunk; returns the lines it completed, in order. */
  push(chunk: Uint8Array | string): string[] {
    if (typeof chunk === 'string') {
      this.pending += chunk;
      return this.takeLines();
    }
    this.pending += this.decoder.decode(chunk, { stream: true });
    return this.takeLines();
  }

  /** Flushes at end of stream: the last line may lack its `\n`. */
  end(): string[] {
    this.pending += this.decoder.decode();
    const lines = this.takeLines();
    const rest = stripCarriageReturn(this.pending);
    this.pending = '';
    this.scanFrom = 0;
    if (rest.trim() !== '') lines.push(rest);
    return lines;
  }

  private takeLines(): string[] {
    const lines: string[] = [];
    let start = 0;
    let newline = this.pending.indexOf('\n', this.scanFrom);
    while (newline !== -1) {
      const line = stripCarriageReturn(this.pending.slice(start, newline));
      if (line.trim() !== '') lines.push(line);
      start = newline + 1;
      newline = this.pending.indexOf('\n', start);
    }
    if (start > 0) this.pending = this.pending.slice(start);
    this.scanFrom = this.pending.length;
    return lines;
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
