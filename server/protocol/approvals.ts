/**
 * Server → client requests: the approvals a turn waits for. The client
 * answers `{decision}`; `serverRequest/resolved` follows in every case.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable, OptionalNullable } from './common';
import { CommandAction } from './items';

/** The choices offered for a command. Note upstream's snake_case inner keys. */
export const CommandExecutionApprovalDecision = Type.Union([
  Type.Literal('accept'),
  Type.Literal('acceptForSession'),
  Type.Object(
    { acceptWithExecpolicyAmendment: Type.Object({ execpolicy_amendment: Type.Array(Type.String()) }) },
    { additionalProperties: false },
  ),
  Type.Literal('decline'),
  Type.Literal('cancel'),
]);
export type CommandExecutionApprovalDecision = Static<typeof CommandExecutionApprovalDecision>;

export const CommandExecutionRequestApprovalParams = Type.Object({
  threadId: Type.String(),
  turnId: Type.String(),
  /** The `commandExecution` item already announced by `item/started`. */
  itemId: Type.String(),
  startedAtMs: Type.Integer(),
  /** What is under review; upstream defaults to `command`. */
  kind: Type.Optional(Type.Union([Type.Literal('command'), Type.Literal('humanCommand'), Type.Literal('writeStdin')])),
  approvalId: OptionalNullable(Type.String()),
  /** Why the model wants this (its justification), to show the user. */
  reason: OptionalNullable(Type.String()),
  command: OptionalNullable(Type.String()),
  cwd: OptionalNullable(Type.String()),
  commandActions: OptionalNullable(Type.Array(CommandAction)),
  /** An argv prefix the user may allow for good ("always allow `git pull`"). */
  proposedExecpolicyAmendment: OptionalNullable(Type.Array(Type.String())),
  /** Emitted by upstream although experimental in its schema; render these when present. */
  availableDecisions: OptionalNullable(Type.Array(CommandExecutionApprovalDecision)),
});
export type CommandExecutionRequestApprovalParams = Static<typeof CommandExecutionRequestApprovalParams>;

export const CommandExecutionRequestApprovalResponse = Type.Object({ decision: CommandExecutionApprovalDecision });

export const FileChangeApprovalDecision = Type.Union([
  Type.Literal('accept'),
  Type.Literal('acceptForSession'),
  Type.Literal('decline'),
  Type.Literal('cancel'),
]);
export type FileChangeApprovalDecision = Static<typeof FileChangeApprovalDecision>;

export const FileChangeRequestApprovalParams = Type.Object({
  threadId: Type.String(),
  turnId: Type.String(),
  /** The `fileChange` item (with its diffs) already announced by `item/started`. */
  itemId: Type.String(),
  startedAtMs: Type.Integer(),
  reason: OptionalNullable(Type.String()),
  grantRoot: OptionalNullable(Type.String()),
});
export type FileChangeRequestApprovalParams = Static<typeof FileChangeRequestApprovalParams>;

export const FileChangeRequestApprovalResponse = Type.Object({ decision: FileChangeApprovalDecision });

export const serverRequests = {
  'item/commandExecution/requestApproval': { params: CommandExecutionRequestApprovalParams, result: CommandExecutionRequestApprovalResponse },
  'item/fileChange/requestApproval': { params: FileChangeRequestApprovalParams, result: FileChangeRequestApprovalResponse },
} as const;
export type ServerRequestMethod = keyof typeof serverRequests;

export const TurnPlanStep = Type.Object({
  step: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('inProgress'), Type.Literal('completed')]),
});
export type TurnPlanStep = Static<typeof TurnPlanStep>;
