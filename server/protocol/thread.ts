/**
 * Threads: a conversation the server owns. Timestamps named `…At` are Unix
 * seconds. `turns` is filled only by resume / fork / read with turns.
 */
import { Type, type Static } from '@sinclair/typebox';
import {
  ApprovalsReviewer,
  AskForApproval,
  Nullable,
  OptionalNullable,
  Personality,
  ReasoningEffort,
  SandboxMode,
  SandboxPolicy,
} from './common';
import { Turn } from './turn';

export const ThreadActiveFlag = Type.Union([Type.Literal('waitingOnApproval'), Type.Literal('waitingOnUserInput')]);
export type ThreadActiveFlag = Static<typeof ThreadActiveFlag>;

export const ThreadStatus = Type.Union([
  Type.Object({ type: Type.Literal('notLoaded') }),
  Type.Object({ type: Type.Literal('idle') }),
  Type.Object({ type: Type.Literal('systemError') }),
  Type.Object({ type: Type.Literal('active'), activeFlags: Type.Array(ThreadActiveFlag) }),
]);
export type ThreadStatus = Static<typeof ThreadStatus>;

export const GitInfo = Type.Object({
  sha: Nullable(Type.String()),
  branch: Nullable(Type.String()),
  originUrl: Nullable(Type.String()),
});

export const SessionSource = Type.Union([
  Type.Literal('cli'),
  Type.Literal('vscode'),
  Type.Literal('exec'),
  Type.Literal('appServer'),
  Type.Literal('unknown'),
]);

export const Thread = Type.Object({
  id: Type.String(),
  /** Equals `id` for root threads. */
  sessionId: Type.String(),
  /** The first user message, or "" before any turn. */
  preview: Type.String(),
  name: Nullable(Type.String()),
  ephemeral: Type.Boolean(),
  modelProvider: Type.String(),
  model: Nullable(Type.String()),
  reasoningEffort: Nullable(ReasoningEffort),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  recencyAt: Nullable(Type.Integer()),
  status: ThreadStatus,
  /** Where the thread is stored; null when ephemeral. */
  path: Nullable(Type.String()),
  cwd: Type.String(),
  cliVersion: Type.String(),
  originator: Nullable(Type.String()),
  source: SessionSource,
  forkedFromId: Nullable(Type.String()),
  parentThreadId: Nullable(Type.String()),
  agentNickname: Nullable(Type.String()),
  agentRole: Nullable(Type.String()),
  threadSource: Nullable(Type.String()),
  gitInfo: Nullable(GitInfo),
  historyMode: Type.Union([Type.Literal('legacy'), Type.Literal('paginated')]),
  projectId: Nullable(Type.String()),
  section: Type.Null(),
  sectionEnteredAt: Nullable(Type.Integer()),
  turns: Type.Array(Turn),
});
export type Thread = Static<typeof Thread>;

/** Per-thread overrides shared by start, resume and fork. */
export const ThreadOverrides = {
  model: OptionalNullable(Type.String()),
  modelProvider: OptionalNullable(Type.String()),
  serviceTier: OptionalNullable(Type.String()),
  cwd: OptionalNullable(Type.String()),
  approvalPolicy: OptionalNullable(AskForApproval),
  approvalsReviewer: OptionalNullable(ApprovalsReviewer),
  sandbox: OptionalNullable(SandboxMode),
  /** Dotted config overrides, e.g. `{"model_reasoning_effort": "high"}`. */
  config: OptionalNullable(Type.Record(Type.String(), Type.Unknown())),
  baseInstructions: OptionalNullable(Type.String()),
  developerInstructions: OptionalNullable(Type.String()),
  personality: OptionalNullable(Personality),
};

export const ThreadStartParams = Type.Object({
  ...ThreadOverrides,
  /** In memory only: never stored, never listed. */
  ephemeral: OptionalNullable(Type.Boolean()),
  serviceName: OptionalNullable(Type.String()),
  sessionStartSource: OptionalNullable(Type.Union([Type.Literal('startup'), Type.Literal('clear')])),
  threadSource: OptionalNullable(Type.String()),
});
export type ThreadStartParams = Static<typeof ThreadStartParams>;

/** The effective settings of a thread, returned by start / resume / fork. */
export const ThreadSessionResponse = Type.Object({
  thread: Thread,
  model: Type.String(),
  modelProvider: Type.String(),
  serviceTier: Nullable(Type.String()),
  cwd: Type.String(),
  approvalPolicy: AskForApproval,
  approvalsReviewer: ApprovalsReviewer,
  sandbox: SandboxPolicy,
  reasoningEffort: Nullable(ReasoningEffort),
  instructionSources: Type.Optional(Type.Array(Type.String())),
});
export type ThreadSessionResponse = Static<typeof ThreadSessionResponse>;
export const ThreadStartResponse = ThreadSessionResponse;
export type ThreadStartResponse = ThreadSessionResponse;
