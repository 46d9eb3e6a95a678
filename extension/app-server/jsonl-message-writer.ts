/**
 * A `vscode-jsonrpc` MessageWriter for the App Server's framing: one JSON
 * object per line, without the `"jsonrpc": "2.0"` member (the protocol omits
 * it on the wire; the official server tolerates it but never sends it).
 * Node streams keep write order, so messages leave in the order written.
 */
import type { Writable } from 'node:stream';
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-jsonrpc/node';

export class JsonlMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly writable: Writable) {
    super();
    writable.on('error', (error: Error) => this.fireError(error));
    writable.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    const line = `${serializeMessage(message)}\n`;
    return new Promise((resolve, reject) => {
      if (this.writable.destroyed || this.writable.writableEnded) {
        const error = new Error('The Codex server input is closed');
        this.fireError(error, message, ++this.errorCount);
        reject(error);
        return;
      }
      this.writable.write(line, 'utf8', (error) => {
        if (error) {
          this.fireError(error, message, ++this.errorCount);
          reject(error);
        } else {
          this.errorCount = 0;
          resolve();
        }
      });
    });
  }

  end(): void {
    // The process owner ends stdin (see ServerProcess.dispose): ending it here
    // would race the graceful-shutdown sequence.
  }
}

/** One message as its wire line (without the newline). */
export function serializeMessage(message: Message): string {
  const { jsonrpc: _omitted, ...rest } = message as Message & Record<string, unknown>;
  return JSON.stringify(rest);
}
