/**
 * Test double of the browser's EventSource for the web runtime's unit
 * tests: the test plays the server's side of one stream.
 */
import type { EventSourceLike } from '../../webview/web/event-stream';

/** Plays one EventSource: the test makes the server's side happen. */
export class ScriptedSource implements EventSourceLike {
  closed = false;
  private readonly listeners = new Map<string, Array<(event: Event) => void>>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (event: Event) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
  }

  session(sessionId: string, resumed: boolean): void {
    this.emit('session', { data: JSON.stringify({ sessionId, resumed }), lastEventId: '' });
  }

  message(id: number, data: string): void {
    this.emit('message', { data, lastEventId: String(id) });
  }

  fail(): void {
    this.emit('error', {});
  }

  private emit(type: string, event: object): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event as Event);
  }
}
