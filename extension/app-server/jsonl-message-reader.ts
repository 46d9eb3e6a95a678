/**
 * A `vscode-jsonrpc` MessageReader for the App Server's framing: one JSON
 * object per line (vscode-jsonrpc's own readers expect LSP's Content-Length
 * headers). A line that is not a JSON object is logged and skipped rather
 * than failing the connection: one bad line must not end a session.
 */
import type { Readable } from 'node:stream';
import { AbstractMessageReader, type DataCallback, type Disposable, type Message } from 'vscode-jsonrpc/node';
import type { Logger } from '../common/logger';
import { LineDecoder } from '../../server/protocol/jsonl-framing';

export class JsonlMessageReader extends AbstractMessageReader {
  private readonly decoder = new LineDecoder();

  constructor(
    private readonly readable: Readable,
    private readonly logger: Logger,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const deliver = (lines: string[]) => {
      for (const line of lines) {
        const message = parseMessage(line);
        if (message) callback(message);
        else this.logger.warn(`Ignoring a server line that is not a JSON object: ${truncate(line)}`);
      }
    };
    const onData = (chunk: Buffer | string) => deliver(this.decoder.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    const onEnd = () => {
      deliver(this.decoder.end());
      this.fireClose();
    };
    const onError = (error: Error) => this.fireError(error);
    this.readable.on('data', onData);
    this.readable.on('end', onEnd);
    this.readable.on('error', onError);
    return {
      dispose: () => {
        this.readable.off('data', onData);
        this.readable.off('end', onEnd);
        this.readable.off('error', onError);
      },
    };
  }
}

/** Parses one line; `undefined` unless it is a JSON object (every JSON-RPC message is one). */
export function parseMessage(line: string): Message | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Message) : undefined;
  } catch {
    return undefined;
  }
}

function truncate(line: string, max = 200): string {
  return line.length <= max ? line : `${line.slice(0, max)}… (${line.length} characters)`;
}
