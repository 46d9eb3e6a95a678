/**
 * What a connection needs from a transport: lines of text in, one JSON
 * message out. Stdio frames messages as JSONL; a WebSocket would send one
 * message per text frame.
 */
export interface MessageTransport {
  /** Called with each raw incoming message (one JSON text). */
  onMessage(listener: (text: string) => void): void;
  /** Called once when the peer goes away. */
  onClose(listener: () => void): void;
  /** Sends one serialized JSON message. */
  send(text: string): void;
  close(): void;
}
