/**
 * JSONL over a readable/writable pair (the server's stdin/stdout). Stdout is
 * the wire: nothing but protocol messages may be written to it.
 */
import type { Readable, Writable } from 'node:stream';
import { LineDecoder } from '../protocol/jsonl-framing';
import type { MessageTransport } from './message-transport';

export class StdioTransport implements MessageTransport {
  private readonly messageListeners: Array<(text: string) => void> = [];
  private readonly closeListeners: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
  ) {
    const decoder = new LineDecoder();
    const deliver = (lines: string[]) => {
      for (const line of lines) for (const listener of this.messageListeners) listener(line);
    };
    input.on('data', (chunk: Buffer) => deliver(decoder.push(chunk)));
    input.on('end', () => {
      deliver(decoder.end());
      this.finish();
    });
    input.on('error', () => this.finish());
    output.on('error', () => this.finish());
  }

  onMessage(listener: (text: string) => void): void {
    this.messageListeners.push(listener);
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  send(text: string): void {
    if (this.closed) return;
    this.output.write(text + '\n');
  }

  close(): void {
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners) listener();
  }
}
