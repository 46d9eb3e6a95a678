/** The handshake: exactly one `initialize` per connection, then `initialized`. */
import { Type, type Static } from '@sinclair/typebox';
import { OptionalNullable } from './common';

export const ClientInfo = Type.Object({
  name: Type.String(),
  title: OptionalNullable(Type.String()),
  version: Type.String(),
});

export const InitializeCapabilities = Type.Object({
  /** Opt into experimental methods and fields; fixed for the connection. */
  experimentalApi: Type.Optional(Type.Boolean()),
  /** Exact notification method names this connection does not want. */
  optOutNotificationMethods: OptionalNullable(Type.Array(Type.String())),
});

export const InitializeParams = Type.Object({
  clientInfo: ClientInfo,
  capabilities: OptionalNullable(InitializeCapabilities),
});
export type InitializeParams = Static<typeof InitializeParams>;

export const InitializeResponse = Type.Object({
  userAgent: Type.String(),
  /** Absolute path of the server's state directory. */
  codexHome: Type.String(),
  platformFamily: Type.String(),
  platformOs: Type.String(),
});
export type InitializeResponse = Static<typeof InitializeResponse>;
