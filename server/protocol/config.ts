/**
 * `config/read`: the effective configuration. Keys are snake_case, as in
 * `config.toml`; `origins` says which layer each value came from.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ApprovalsReviewer, AskForApproval, Nullable, OptionalNullable, ReasoningEffort, SandboxMode } from './common';

export const ConfigLayerSource = Type.Union([
  Type.Object({ type: Type.Literal('user'), file: Type.String(), profile: Type.Optional(Nullable(Type.String())) }),
  Type.Object({ type: Type.Literal('project'), dotCodexFolder: Type.String() }),
  Type.Object({ type: Type.Literal('system'), file: Type.String() }),
  Type.Object({ type: Type.Literal('sessionFlags') }),
]);
export type ConfigLayerSource = Static<typeof ConfigLayerSource>;

export const ConfigLayerMetadata = Type.Object({ name: ConfigLayerSource, version: Type.String() });
export const ConfigLayer = Type.Object({
  name: ConfigLayerSource,
  version: Type.String(),
  config: Type.Unknown(),
  disabledReason: Nullable(Type.String()),
});
export type ConfigLayer = Static<typeof ConfigLayer>;

export const Config = Type.Object({
  model: OptionalNullable(Type.String()),
  model_provider: OptionalNullable(Type.String()),
  approval_policy: OptionalNullable(AskForApproval),
  approvals_reviewer: OptionalNullable(ApprovalsReviewer),
  sandbox_mode: OptionalNullable(SandboxMode),
  model_reasoning_effort: OptionalNullable(ReasoningEffort),
  model_context_window: OptionalNullable(Type.Integer()),
  instructions: OptionalNullable(Type.String()),
  developer_instructions: OptionalNullable(Type.String()),
});
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
