/**
 * Splits a byte stream into lines. UTF-8 is decoded as a stream, so a
 * character split across two chunks survives; `\r\n` is tolerated; there is
 * no line-length cap (a long line is kept as a list of pieces and joined
 * once, to stay linear in its size).
 */
import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending: string[] = [];

  constructor(private readonly onLine: (line: string) => void) {}

  /** Feed a chunk; calls `onLine` for each complete, non-blank line. */
  push(chunk: Buffer | string): void {
    let text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      let line = text.slice(0, newline);
      if (this.pending.length > 0) {
        this.pending.push(line);
        line = this.pending.join('');
        this.pending = [];
      }
      this.emit(line);
      text = text.slice(newline + 1);
      newline = text.indexOf('\n');
    }
    if (text.length > 0) this.pending.push(text);
  }

  /** End of input: a last line without a newline still counts. */
  end(): void {
    const rest = this.decoder.end();
    if (rest) this.pending.push(rest);
    if (this.pending.length > 0) {
      const line = this.pending.join('');
      this.pending = [];
      this.emit(line);
    }
  }

  private emit(line: string): void {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed.trim().length > 0) this.onLine(trimmed);
  }
}
