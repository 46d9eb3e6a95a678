/**
 * Every exported type of our protocol, by name, from the same TypeBox
 * definitions the runtime validators use: `<Method>Params` and
 * `<Method>Response` for each request, `<Method>Notification` params for
 * each notification, plus the shared building blocks.
 */
import type { TSchema } from '@sinclair/typebox';
import * as protocol from '../protocol';

/** `thread/turns/list` → `ThreadTurnsList`. */
export function typeNameOf(method: string): string {
  return method
    .split(/[/_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

export function protocolSchemas(): Map<string, TSchema> {
  const schemas = new Map<string, TSchema>();
  for (const [method, spec] of Object.entries(protocol.clientRequests)) {
    schemas.set(`${typeNameOf(method)}Params`, spec.params);
    schemas.set(`${typeNameOf(method)}Response`, spec.result);
  }
  for (const [method, schema] of Object.entries(protocol.serverNotifications)) {
    schemas.set(`${typeNameOf(method)}Notification`, schema);
  }
  const shared: Record<string, TSchema> = {
    Thread: protocol.Thread,
    Turn: protocol.Turn,
    ThreadItem: protocol.ThreadItem,
    UserInput: protocol.UserInput,
    AskForApproval: protocol.AskForApproval,
    SandboxMode: protocol.SandboxMode,
    SandboxPolicy: protocol.SandboxPolicy,
    TurnError: protocol.TurnError,
  };
  for (const [name, schema] of Object.entries(shared)) schemas.set(name, schema);
  return new Map([...schemas.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}
