/**
 * A notification as it goes on the wire, serialized once. A thread's events
 * go to every subscribed connection; with several subscribers (the IDE, a
 * browser tab, the TUI) building the same JSON for each was wasted work on
 * the hottest path (one message per streamed delta).
 */
export interface SerializedNotification {
  method: string;
  text: string;
}

/** Throws what `JSON.stringify` throws (e.g. a structure nested too deep). */
export function serializeNotification(method: string, params: unknown): SerializedNotification {
  return { method, text: JSON.stringify({ method, params, emittedAtMs: Date.now() }) };
}
