/**
 * Server → client notifications. On the wire each also carries a top-level
 * `emittedAtMs` (Unix ms), added by the connection when it is written.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable, RequestId, ThreadTokenUsage, TurnError } from './common';
import { TurnPlanStep } from './approvals';
import { ConfigWarningNotification } from './config';
import { FileUpdateChange, ThreadItem } from './items';
import { Thread, ThreadStatus } from './thread';
import { Turn } from './turn';

const TurnScoped = { threadId: Type.String(), turnId: Type.String() };
const ItemDelta = Type.Object({ ...TurnScoped, itemId: Type.String(), delta: Type.String() });

export const serverNotifications = {
  'thread/started': Type.Object({ thread: Thread }),
  'thread/status/changed': Type.Object({ threadId: Type.String(), status: ThreadStatus }),
  'turn/started': Type.Object({ threadId: Type.String(), turn: Turn }),
  'turn/completed': Type.Object({ threadId: Type.String(), turn: Turn }),
  'item/started': Type.Object({ item: ThreadItem, ...TurnScoped, startedAtMs: Type.Integer() }),
  'item/completed': Type.Object({
    item: ThreadItem,
    ...TurnScoped,
    completedAtMs: Type.Integer(),
    contentTokenCount: Type.Optional(Nullable(Type.Integer())),
  }),
  'item/agentMessage/delta': ItemDelta,
  'item/reasoning/summaryTextDelta': Type.Object({
    ...TurnScoped,
    itemId: Type.String(),
    delta: Type.String(),
    summaryIndex: Type.Integer(),
  }),
  'item/reasoning/summaryPartAdded': Type.Object({ ...TurnScoped, itemId: Type.String(), summaryIndex: Type.Integer() }),
  'item/commandExecution/outputDelta': ItemDelta,
  'item/fileChange/outputDelta': ItemDelta,
  'item/fileChange/patchUpdated': Type.Object({ ...TurnScoped, itemId: Type.String(), changes: Type.Array(FileUpdateChange) }),
  'turn/diff/updated': Type.Object({ ...TurnScoped, diff: Type.String() }),
  'turn/plan/updated': Type.Object({ ...TurnScoped, explanation: Nullable(Type.String()), plan: Type.Array(TurnPlanStep) }),
  'thread/compacted': Type.Object(TurnScoped),
  configWarning: ConfigWarningNotification,
  'thread/tokenUsage/updated': Type.Object({ ...TurnScoped, tokenUsage: ThreadTokenUsage }),
  error: Type.Object({ error: TurnError, willRetry: Type.Boolean(), ...TurnScoped }),
  warning: Type.Object({ threadId: Nullable(Type.String()), message: Type.String() }),
  'thread/archived': Type.Object({ threadId: Type.String() }),
  'thread/unarchived': Type.Object({ threadId: Type.String() }),
  'thread/closed': Type.Object({ threadId: Type.String() }),
  'thread/reverted': Type.Object({ threadId: Type.String() }),
  'thread/name/updated': Type.Object({ threadId: Type.String(), threadName: Type.Optional(Nullable(Type.String())) }),
  'serverRequest/resolved': Type.Object({ threadId: Type.String(), requestId: RequestId }),
} as const;

export type ServerNotificationMethod = keyof typeof serverNotifications;
export type ServerNotificationParams<M extends ServerNotificationMethod> = Static<(typeof serverNotifications)[M]>;

/** Every notification the server may send, discriminated by `method`. */
export type ServerNotification = {
  [M in ServerNotificationMethod]: { method: M; params: ServerNotificationParams<M>; emittedAtMs?: number };
}[ServerNotificationMethod];
