/**
 * The one hand-written table of client → server requests: method name →
 * params and result schema. The router validates params against it; the
 * extension's client derives its typed `request()` from it.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { InitializeParams, InitializeResponse } from './initialize';
import { ThreadStartParams, ThreadStartResponse } from './thread';
import { TurnInterruptParams, TurnInterruptResponse, TurnStartParams, TurnStartResponse } from './turn';

export interface MethodSpec {
  params: TSchema;
  result: TSchema;
}

export const clientRequests = {
  initialize: { params: InitializeParams, result: InitializeResponse },
  'thread/start': { params: ThreadStartParams, result: ThreadStartResponse },
  'turn/start': { params: TurnStartParams, result: TurnStartResponse },
  'turn/interrupt': { params: TurnInterruptParams, result: TurnInterruptResponse },
} as const satisfies Record<string, MethodSpec>;

export type ClientRequestMethod = keyof typeof clientRequests;
export type RequestParams<M extends ClientRequestMethod> = Static<(typeof clientRequests)[M]['params']>;
export type RequestResult<M extends ClientRequestMethod> = Static<(typeof clientRequests)[M]['result']>;

/** The only client notification in the protocol. */
export const clientNotifications = { initialized: Type.Object({}) } as const;
