/**
 * What a connection needs from a transport: lines of text in, one JSON
 * message out. Stdio frames messages as JSONL; a WebSocket would send one
 * message per text frame.
 *
 * Sending never blocks and never throws, even after the peer is gone. A
 * transport bounds its unsent output (`outbound-backlog.ts`): a peer that
 * stops reading is dropped, and the close listeners learn why.
 */
export interface MessageTransport {
  /** Called with each raw incoming message (one JSON text). */
  onMessage(listener: (text: string) => void): void;
  /**
   * Called once when the connection ends. `reason` is set when the server
   * dropped the peer (e.g. "client too slow: …"), and absent when the peer
   * left or `close()` was called.
   */
  onClose(listener: (reason?: string) => void): void;
  /** Sends one serialized JSON message; a no-op once closed. */
  send(text: string): void;
  close(): void;
}
