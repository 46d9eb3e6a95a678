/**
 * JSONL over a readable/writable pair (the server's stdin/stdout). Stdout is
 * the wire: nothing but protocol messages may be written to it.
 *
 * Lifecycle: the connection ends on stdin EOF, on an error of either stream
 * (EPIPE when the client is gone), or when the client stops reading stdout
 * and the unsent backlog passes the limit (`outbound-backlog.ts`). In that
 * last case nothing more is written; the close listeners get the reason, and
 * the stdio server then shuts down, since its only client is stuck (see the
 * `main.ts` note on why this beats dropping notifications).
 */
import type { Readable, Writable } from 'node:stream';
import { LineDecoder } from '../protocol/jsonl-framing';
import type { MessageTransport } from './message-transport';
import { BacklogGuard, DEFAULT_OUTBOUND_LIMITS, type OutboundLimits } from './outbound-backlog';

export class StdioTransport implements MessageTransport {
  private readonly messageListeners: Array<(text: string) => void> = [];
  private readonly closeListeners: Array<(reason?: string) => void> = [];
  private readonly guard: BacklogGuard;
  private closed = false;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    limits: OutboundLimits = DEFAULT_OUTBOUND_LIMITS,
  ) {
    const decoder = new LineDecoder();
    const deliver = (lines: string[]) => {
      for (const line of lines) {
        // Lines already read are not handed on once the client is gone or dropped.
        if (this.closed) return;
        for (const listener of this.messageListeners) listener(line);
      }
    };
    this.guard = new BacklogGuard(limits, () => output.writableLength, (reason) => this.finish(reason));
    input.on('data', (chunk: Buffer) => deliver(decoder.push(chunk)));
    input.on('end', () => {
      deliver(decoder.end());
      this.finish();
    });
    input.on('error', () => this.finish());
    // EPIPE and friends: the reader of stdout is gone. Never rethrown.
    output.on('error', () => this.finish());
  }

  onMessage(listener: (text: string) => void): void {
    this.messageListeners.push(listener);
  }

  onClose(listener: (reason?: string) => void): void {
    this.closeListeners.push(listener);
  }

  send(text: string): void {
    if (this.closed || this.output.destroyed || !this.output.writable || !this.guard.admit()) return;
    this.output.write(text + '\n');
    this.guard.written();
  }

  close(): void {
    this.finish();
  }

  private finish(reason?: string): void {
    if (this.closed) return;
    this.closed = true;
    this.guard.dispose();
    for (const listener of this.closeListeners) listener(reason);
  }
}
