/**
 * `config/read`: the effective configuration. Keys are snake_case, as in
 * `config.toml`; `origins` says which layer each value came from.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ApprovalsReviewer, AskForApproval, Nullable, OptionalNullable, ReasoningEffort, ReasoningSummary, SandboxMode } from './common';

export const ConfigLayerSource = Type.Union([
  Type.Object({ type: Type.Literal('user'), file: Type.String(), profile: Type.Optional(Nullable(Type.String())) }),
  Type.Object({ type: Type.Literal('project'), dotCodexFolder: Type.String() }),
  Type.Object({ type: Type.Literal('system'), file: Type.String() }),
  Type.Object({ type: Type.Literal('sessionFlags') }),
]);
export type ConfigLayerSource = Static<typeof ConfigLayerSource>;

export const ConfigLayerMetadata = Type.Object({ name: ConfigLayerSource, version: Type.String() });
export type ConfigLayerMetadata = Static<typeof ConfigLayerMetadata>;
export const ConfigLayer = Type.Object({
  name: ConfigLayerSource,
  version: Type.String(),
  config: Type.Unknown(),
  disabledReason: Nullable(Type.String()),
});
export type ConfigLayer = Static<typeof ConfigLayer>;

/** `[sandbox_workspace_write]`: what the `workspace-write` sandbox allows besides the cwd. */
export const SandboxWorkspaceWrite = Type.Object({
  writable_roots: Type.Optional(Type.Array(Type.String())),
  network_access: Type.Optional(Type.Boolean()),
  exclude_tmpdir_env_var: Type.Optional(Type.Boolean()),
  exclude_slash_tmp: Type.Optional(Type.Boolean()),
});
export type SandboxWorkspaceWrite = Static<typeof SandboxWorkspaceWrite>;

/**
 * The effective configuration. Other keys may appear, as upstream's: we add
 * `model_providers` (the providers the layers define; credentials redacted).
 */
export const Config = Type.Object(
  {
    model: OptionalNullable(Type.String()),
    model_provider: OptionalNullable(Type.String()),
    approval_policy: OptionalNullable(AskForApproval),
    approvals_reviewer: OptionalNullable(ApprovalsReviewer),
    sandbox_mode: OptionalNullable(SandboxMode),
    sandbox_workspace_write: OptionalNullable(SandboxWorkspaceWrite),
    model_reasoning_effort: OptionalNullable(ReasoningEffort),
    model_reasoning_summary: OptionalNullable(ReasoningSummary),
    model_context_window: OptionalNullable(Type.Integer()),
    instructions: OptionalNullable(Type.String()),
    developer_instructions: OptionalNullable(Type.String()),
  },
  { additionalProperties: true },
);
export type Config = Static<typeof Config>;

export const ConfigReadParams = Type.Object({
  includeLayers: Type.Optional(Type.Boolean()),
  cwd: OptionalNullable(Type.String()),
});
export type ConfigReadParams = Static<typeof ConfigReadParams>;
export const ConfigReadResponse = Type.Object({
  config: Config,
  origins: Type.Record(Type.String(), ConfigLayerMetadata),
  layers: Type.Optional(Nullable(Type.Array(ConfigLayer))),
});
export type ConfigReadResponse = Static<typeof ConfigReadResponse>;

/** 1-based line and column (in Unicode scalar values). */
export const TextPosition = Type.Object({ line: Type.Integer({ minimum: 0 }), column: Type.Integer({ minimum: 0 }) });
export const TextRange = Type.Object({ start: TextPosition, end: TextPosition });
export type TextRange = Static<typeof TextRange>;

/**
 * `configWarning`: a problem in `config.toml` (bad TOML, a bad value). Sent
 * to each connection right after its `initialize` response, as upstream does,
 * and again to every connection when an edited file brings new problems.
 */
export const ConfigWarningNotification = Type.Object({
  /** What is wrong and what the server does about it, naming the file and line. */
  summary: Type.String(),
  details: OptionalNullable(Type.String()),
  /** The config file that triggered the warning. */
  path: OptionalNullable(Type.String()),
  range: OptionalNullable(TextRange),
});
export type ConfigWarningNotification = Static<typeof ConfigWarningNotification>;
