/**
 * A `vscode-jsonrpc` MessageReader for the App Server's framing: one JSON
 * object per line (vscode-jsonrpc's own readers expect LSP's Content-Length
 * headers). A line that is not a JSON object is logged and skipped rather
 * than failing the connection: one bad line must not end a session.
 *
 * Server → client requests (approvals) can be delivered wrapped in a
 * notification (`SERVER_REQUEST_NOTIFICATION`, carrying id, method and
 * params) instead of as requests: the protocol's `serverRequest/resolved`
 * names a request by its JSON-RPC id, which vscode-jsonrpc's request
 * handlers never see. Wrapping, rather than handing them over directly,
 * keeps them in vscode-jsonrpc's queue behind the notifications that came
 * first (an approval must not overtake the `item/started` it refers to).
 */
import type { Readable } from 'node:stream';
import { AbstractMessageReader, type DataCallback, type Disposable, type Message } from 'vscode-jsonrpc/node';
import type { RequestId } from '../../server/protocol';
import type { Logger } from '../common/logger';
import { LineDecoder } from '../../server/protocol/jsonl-framing';

/** The method of the notification that carries a server request (never sent on the wire). */
export const SERVER_REQUEST_NOTIFICATION = '$/codexThreads/serverRequest';

/** A request the server sent us, as it arrived. */
export interface IncomingServerRequest {
  id: RequestId;
  method: string;
  params: unknown;
}

export class JsonlMessageReader extends AbstractMessageReader {
  private readonly decoder = new LineDecoder();

  constructor(
    private readonly readable: Readable,
    private readonly logger: Logger,
    /** Deliver server requests wrapped in a `SERVER_REQUEST_NOTIFICATION`. */
    private readonly wrapServerRequests = false,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const deliver = (lines: string[]) => {
      for (const line of lines) {
        const message = parseMessage(line);
        if (message && this.wrapServerRequests && isRequest(message)) callback(wrap(message));
        else if (message) callback(message);
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

/** vscode-jsonrpc's own test (`Message.isRequest`): a string method and a string or number id. */
function isRequest(message: Message): message is Message & IncomingServerRequest {
  const candidate = message as Partial<IncomingServerRequest>;
  return typeof candidate.method === 'string' && (typeof candidate.id === 'string' || typeof candidate.id === 'number');
}

function wrap(request: IncomingServerRequest): Message {
  const params: IncomingServerRequest = { id: request.id, method: request.method, params: request.params };
  return { jsonrpc: '2.0', method: SERVER_REQUEST_NOTIFICATION, params } as Message;
}

function truncate(line: string, max = 200): string {
  return line.length <= max ? line : `${line.slice(0, max)}… (${line.length} characters)`;
}
