/** Turns: one unit of agent work started by user input. */
import { Type, type Static } from '@sinclair/typebox';
import {
  ApprovalsReviewer,
  AskForApproval,
  Nullable,
  OptionalNullable,
  Personality,
  ReasoningEffort,
  ReasoningSummary,
  SandboxPolicy,
  TurnError,
  UserInput,
} from './common';
import { ThreadItem } from './items';

export const TurnStatus = Type.Union([
  Type.Literal('inProgress'),
  Type.Literal('completed'),
  Type.Literal('interrupted'),
  Type.Literal('failed'),
]);
export type TurnStatus = Static<typeof TurnStatus>;

export const Turn = Type.Object({
  id: Type.String(),
  /** Not a complete list except when `itemsView` is `full`. */
  items: Type.Array(ThreadItem),
  status: TurnStatus,
  error: Nullable(TurnError),
  startedAt: Nullable(Type.Integer()),
  completedAt: Nullable(Type.Integer()),
  durationMs: Nullable(Type.Integer()),
  rootTurnId: Type.Optional(Nullable(Type.String())),
  itemsView: Type.Optional(Type.Union([Type.Literal('notLoaded'), Type.Literal('summary'), Type.Literal('full')])),
});
export type Turn = Static<typeof Turn>;

export const TurnStartParams = Type.Object({
  threadId: Type.String(),
  input: Type.Array(UserInput),
  /** The overrides below persist for later turns of the thread. */
  cwd: OptionalNullable(Type.String()),
  approvalPolicy: OptionalNullable(AskForApproval),
  approvalsReviewer: OptionalNullable(ApprovalsReviewer),
  sandboxPolicy: OptionalNullable(SandboxPolicy),
  model: OptionalNullable(Type.String()),
  effort: OptionalNullable(ReasoningEffort),
  summary: OptionalNullable(ReasoningSummary),
  personality: OptionalNullable(Personality),
  serviceTier: OptionalNullable(Type.String()),
  /** JSON Schema for the final assistant message; this turn only. */
  outputSchema: Type.Optional(Type.Unknown()),
  /** Echoed as `userMessage.clientId`. */
  clientUserMessageId: OptionalNullable(Type.String()),
});
export type TurnStartParams = Static<typeof TurnStartParams>;

export const TurnStartResponse = Type.Object({ turn: Turn });
export type TurnStartResponse = Static<typeof TurnStartResponse>;

export const TurnInterruptParams = Type.Object({ threadId: Type.String(), turnId: Type.String() });
export type TurnInterruptParams = Static<typeof TurnInterruptParams>;
export const TurnInterruptResponse = Type.Object({});
export type TurnInterruptResponse = Static<typeof TurnInterruptResponse>;

export const TurnSteerParams = Type.Object({
  threadId: Type.String(),
  input: Type.Array(UserInput),
  /** Must name the running turn, so input never lands in a turn the client did not mean. */
  expectedTurnId: Type.String(),
  clientUserMessageId: OptionalNullable(Type.String()),
});
export type TurnSteerParams = Static<typeof TurnSteerParams>;
export const TurnSteerResponse = Type.Object({ turnId: Type.String() });
