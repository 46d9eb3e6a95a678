/**
 * Thread items: the units a turn is made of. Each is a flat object tagged by
 * `type` with an `id` that deltas and approvals refer to. Upstream always
 * emits `startedAtMs` / `completedAtMs` (Unix milliseconds), so we do too.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable, UserInput } from './common';

const Lifecycle = {
  startedAtMs: Type.Optional(Nullable(Type.Integer())),
  completedAtMs: Type.Optional(Nullable(Type.Integer())),
};

export const UserMessageItem = Type.Object({
  type: Type.Literal('userMessage'),
  id: Type.String(),
  content: Type.Array(UserInput),
  /** Echo of `turn/start.clientUserMessageId`. */
  clientId: Nullable(Type.String()),
  ...Lifecycle,
});

export const AgentMessageItem = Type.Object({
  type: Type.Literal('agentMessage'),
  id: Type.String(),
  /** Empty at `item/started`; the full text at `item/completed`. */
  text: Type.String(),
  phase: Nullable(Type.Union([Type.Literal('commentary'), Type.Literal('final_answer')])),
  memoryCitation: Type.Null(),
  moderation: Type.Null(),
  delivery: Type.Null(),
  questions: Type.Null(),
  ...Lifecycle,
});

export const ReasoningItem = Type.Object({
  type: Type.Literal('reasoning'),
  id: Type.String(),
  summary: Type.Array(Type.String()),
  content: Type.Array(Type.String()),
  ...Lifecycle,
});

export const PlanItem = Type.Object({ type: Type.Literal('plan'), id: Type.String(), text: Type.String(), ...Lifecycle });

export const CommandAction = Type.Union([
  Type.Object({ type: Type.Literal('read'), command: Type.String(), name: Type.String(), path: Type.String() }),
  Type.Object({ type: Type.Literal('listFiles'), command: Type.String(), path: Nullable(Type.String()) }),
  Type.Object({
    type: Type.Literal('search'),
    command: Type.String(),
    query: Nullable(Type.String()),
    path: Nullable(Type.String()),
  }),
  Type.Object({ type: Type.Literal('unknown'), command: Type.String() }),
]);
export type CommandAction = Static<typeof CommandAction>;

export const CommandExecutionStatus = Type.Union([
  Type.Literal('inProgress'),
  Type.Literal('completed'),
  Type.Literal('failed'),
  Type.Literal('declined'),
]);

export const CommandExecutionItem = Type.Object({
  type: Type.Literal('commandExecution'),
  id: Type.String(),
  /** Display string, e.g. `/bin/bash -lc 'ls'`. */
  command: Type.String(),
  cwd: Type.String(),
  status: CommandExecutionStatus,
  commandActions: Type.Array(CommandAction),
  aggregatedOutput: Nullable(Type.String()),
  exitCode: Nullable(Type.Integer()),
  durationMs: Nullable(Type.Integer()),
  processId: Nullable(Type.String()),
  source: Type.Union([
    Type.Literal('agent'),
    Type.Literal('userShell'),
    Type.Literal('unifiedExecStartup'),
    Type.Literal('unifiedExecInteraction'),
  ]),
  pluginId: Nullable(Type.String()),
  scriptPath: Nullable(Type.String()),
  ...Lifecycle,
});

export const PatchChangeKind = Type.Union([
  Type.Object({ type: Type.Literal('add') }),
  Type.Object({ type: Type.Literal('delete') }),
  Type.Object({ type: Type.Literal('update'), move_path: Nullable(Type.String()) }),
]);

/** One file of a change, with its unified diff. */
export const FileUpdateChange = Type.Object({ path: Type.String(), kind: PatchChangeKind, diff: Type.String() });
export type FileUpdateChange = Static<typeof FileUpdateChange>;

export const FileChangeItem = Type.Object({
  type: Type.Literal('fileChange'),
  id: Type.String(),
  changes: Type.Array(FileUpdateChange),
  status: CommandExecutionStatus,
  ...Lifecycle,
});

export const ContextCompactionItem = Type.Object({ type: Type.Literal('contextCompaction'), id: Type.String(), ...Lifecycle });

export const ThreadItem = Type.Union([
  UserMessageItem,
  AgentMessageItem,
  ReasoningItem,
  PlanItem,
  CommandExecutionItem,
  FileChangeItem,
  ContextCompactionItem,
]);
export type ThreadItem = Static<typeof ThreadItem>;
export type UserMessageItem = Static<typeof UserMessageItem>;
export type AgentMessageItem = Static<typeof AgentMessageItem>;
export type ReasoningItem = Static<typeof ReasoningItem>;
export type CommandExecutionItem = Static<typeof CommandExecutionItem>;
export type FileChangeItem = Static<typeof FileChangeItem>;
