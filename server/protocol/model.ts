/** `model/list`: the models a client may pick. */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable, OptionalNullable, ReasoningEffort } from './common';

export const ReasoningEffortOption = Type.Object({ reasoningEffort: ReasoningEffort, description: Type.String() });

export const Model = Type.Object({
  id: Type.String(),
  model: Type.String(),
  displayName: Type.String(),
  description: Type.String(),
  hidden: Type.Boolean(),
  isDefault: Type.Boolean(),
  defaultReasoningEffort: ReasoningEffort,
  supportedReasoningEfforts: Type.Array(ReasoningEffortOption),
  upgrade: Type.Optional(Nullable(Type.String())),
  inputModalities: Type.Optional(Type.Array(Type.Union([Type.Literal('text'), Type.Literal('image')]))),
});
export type Model = Static<typeof Model>;

export const ModelListParams = Type.Object({
  cursor: OptionalNullable(Type.String()),
  limit: OptionalNullable(Type.Integer({ minimum: 0 })),
  includeHidden: OptionalNullable(Type.Boolean()),
  modelProvider: OptionalNullable(Type.String()),
});
export type ModelListParams = Static<typeof ModelListParams>;
export const ModelListResponse = Type.Object({ data: Type.Array(Model), nextCursor: Nullable(Type.String()) });
