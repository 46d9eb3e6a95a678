/**
 * `account/read`: who the server talks to the model as. We take no logins
 * (keys come from the server's environment), so the only account we can
 * report is an API key, and we never ask a client to sign in.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common';

export const AccountReadParams = Type.Object({
  /** Upstream refreshes ChatGPT tokens first; we hold none, so it changes nothing. */
  refreshToken: Type.Optional(Type.Boolean()),
});
export type AccountReadParams = Static<typeof AccountReadParams>;

/** The one account kind we can have: an API key read from the provider's `env_key` variable. */
export const ApiKeyAccount = Type.Object({ type: Type.Literal('apiKey') });
export type ApiKeyAccount = Static<typeof ApiKeyAccount>;

export const AccountReadResponse = Type.Object({
  /** `apiKey` when the configured provider's key variable is set; null otherwise. */
  account: Nullable(ApiKeyAccount),
  /**
   * Whether the client should make the user sign in to OpenAI before using
   * the server. Always false here: a sign-in could not reach us anyway.
   */
  requiresOpenaiAuth: Type.Boolean(),
  /** ChatGPT user id; we have none. */
  userId: Nullable(Type.String()),
});
export type AccountReadResponse = Static<typeof AccountReadResponse>;
