/**
 * `configRequirements/read`: the limits an administrator imposes on the
 * configuration (upstream: `requirements.toml`, MDM). We support none, so
 * the answer is always "no requirements". Upstream's request carries no
 * params at all (its params type is `null`); the router reads a missing
 * `params` as `{}`, which this schema accepts.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common';

export const ConfigRequirementsReadParams = Type.Object({});
export type ConfigRequirementsReadParams = Static<typeof ConfigRequirementsReadParams>;

export const ConfigRequirementsReadResponse = Type.Object({
  /** Null: no requirements are configured. */
  requirements: Type.Null(),
  /** Whether Fast and Ultra Fast speed requirements are separate; null as we have none. */
  supportsIndependentSpeedModes: Nullable(Type.Boolean()),
});
export type ConfigRequirementsReadResponse = Static<typeof ConfigRequirementsReadResponse>;
