/**
 * Shared wire types of the Codex App Server protocol (v2), as pinned by
 * Codex 0.169.0. Field names and enum strings are exactly upstream's; most
 * wire names are camelCase, but `AskForApproval` and `SandboxMode` values are
 * kebab-case. Objects allow unknown keys: both sides must tolerate them.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** `T | null`: upstream serializes an absent `Option` as `null`. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** A key that may be missing or `null`. */
export const OptionalNullable = <T extends TSchema>(schema: T) => Type.Optional(Nullable(schema));

/** JSON-RPC request id: a string or an integer, echoed back with its type. */
export const RequestId = Type.Union([Type.String(), Type.Integer()]);
export type RequestId = Static<typeof RequestId>;

/** When the agent must ask the user before acting. `granular` is experimental. */
export const AskForApproval = Type.Union([
  Type.Literal('untrusted'),
  Type.Literal('on-request'),
  Type.Literal('never'),
  Type.Object(
    {
      granular: Type.Object({
        sandbox_approval: Type.Boolean(),
        rules: Type.Boolean(),
        mcp_elicitations: Type.Boolean(),
        request_permissions: Type.Optional(Type.Boolean()),
        skill_approval: Type.Optional(Type.Boolean()),
      }),
    },
    { additionalProperties: false },
  ),
]);
export type AskForApproval = Static<typeof AskForApproval>;

/** Thread-level sandbox choice (kebab-case), as sent by `thread/start`. */
export const SandboxMode = Type.Union([
  Type.Literal('read-only'),
  Type.Literal('workspace-write'),
  Type.Literal('danger-full-access'),
]);
export type SandboxMode = Static<typeof SandboxMode>;

/** The effective sandbox, in tagged-object form (responses, `turn/start`). */
export const SandboxPolicy = Type.Union([
  Type.Object({ type: Type.Literal('dangerFullAccess') }),
  Type.Object({ type: Type.Literal('readOnly'), networkAccess: Type.Optional(Type.Boolean()) }),
  Type.Object({
    type: Type.Literal('workspaceWrite'),
    writableRoots: Type.Optional(Type.Array(Type.String())),
    networkAccess: Type.Optional(Type.Boolean()),
    excludeTmpdirEnvVar: Type.Optional(Type.Boolean()),
    excludeSlashTmp: Type.Optional(Type.Boolean()),
  }),
  Type.Object({
    type: Type.Literal('externalSandbox'),
    networkAccess: Type.Optional(Type.Union([Type.Literal('restricted'), Type.Literal('enabled')])),
  }),
]);
export type SandboxPolicy = Static<typeof SandboxPolicy>;

/** Who reviews approval requests; only `user` routes them to the client. */
export const ApprovalsReviewer = Type.Union([
  Type.Literal('user'),
  Type.Literal('auto_review'),
  Type.Literal('guardian_subagent'),
]);
export type ApprovalsReviewer = Static<typeof ApprovalsReviewer>;

/** Model-advertised effort name, e.g. `low`, `medium`, `high`. */
export const ReasoningEffort = Type.String({ minLength: 1 });
export type ReasoningEffort = Static<typeof ReasoningEffort>;

export const ReasoningSummary = Type.Union([
  Type.Literal('auto'),
  Type.Literal('concise'),
  Type.Literal('detailed'),
  Type.Literal('none'),
]);
export type ReasoningSummary = Static<typeof ReasoningSummary>;

/** Deprecated upstream; accepted and ignored. */
export const Personality = Type.Union([Type.Literal('none'), Type.Literal('friendly'), Type.Literal('pragmatic')]);

/** A UI span inside a text input, in UTF-8 byte offsets. */
export const TextElement = Type.Object({
  byteRange: Type.Object({ start: Type.Integer({ minimum: 0 }), end: Type.Integer({ minimum: 0 }) }),
  placeholder: OptionalNullable(Type.String()),
});

const ImageDetail = Type.Union([Type.Literal('auto'), Type.Literal('low'), Type.Literal('high'), Type.Literal('original')]);

/** One piece of user input. Note the snake_case `text_elements`. */
export const UserInput = Type.Union([
  Type.Object({ type: Type.Literal('text'), text: Type.String(), text_elements: Type.Optional(Type.Array(TextElement)) }),
  Type.Object({
    type: Type.Literal('image'),
    url: Type.Optional(Type.String()),
    fileId: Type.Optional(Type.String()),
    detail: OptionalNullable(ImageDetail),
  }),
  Type.Object({ type: Type.Literal('localImage'), path: Type.String(), detail: OptionalNullable(ImageDetail) }),
  Type.Object({ type: Type.Literal('skill'), name: Type.String(), path: Type.String() }),
  Type.Object({ type: Type.Literal('mention'), name: Type.String(), path: Type.String() }),
]);
export type UserInput = Static<typeof UserInput>;

/** Token counts of one model call or of a whole thread. */
export const TokenUsageBreakdown = Type.Object({
  totalTokens: Type.Integer(),
  inputTokens: Type.Integer(),
  cachedInputTokens: Type.Integer(),
  cacheWriteInputTokens: Type.Integer(),
  outputTokens: Type.Integer(),
  reasoningOutputTokens: Type.Integer(),
});
export type TokenUsageBreakdown = Static<typeof TokenUsageBreakdown>;

export const ThreadTokenUsage = Type.Object({
  total: TokenUsageBreakdown,
  last: TokenUsageBreakdown,
  modelContextWindow: Nullable(Type.Integer()),
});
export type ThreadTokenUsage = Static<typeof ThreadTokenUsage>;

/** Machine-readable error class. Clients treat unknown values as `other`. */
export const CodexErrorInfo = Type.Union([
  Type.Union(
    [
      'contextWindowExceeded',
      'usageLimitExceeded',
      'rateLimitExceeded',
      'serverOverloaded',
      'modelNotFound',
      'internalServerError',
      'unauthorized',
      'badRequest',
      'sandboxError',
      'other',
    ].map((value) => Type.Literal(value)),
  ),
  Type.Object({ httpConnectionFailed: Type.Object({ httpStatusCode: Nullable(Type.Integer()) }) }),
  Type.Object({ responseStreamConnectionFailed: Type.Object({ httpStatusCode: Nullable(Type.Integer()) }) }),
  Type.Object({ responseStreamDisconnected: Type.Object({ httpStatusCode: Nullable(Type.Integer()) }) }),
  Type.Object({ responseTooManyFailedAttempts: Type.Object({ httpStatusCode: Nullable(Type.Integer()) }) }),
]);
export type CodexErrorInfo = Static<typeof CodexErrorInfo>;

/** Why a turn failed; carried by `error` notifications and `Turn.error`. */
export const TurnError = Type.Object({
  message: Type.String(),
  codexErrorInfo: Nullable(CodexErrorInfo),
  additionalDetails: Nullable(Type.String()),
});
export type TurnError = Static<typeof TurnError>;
