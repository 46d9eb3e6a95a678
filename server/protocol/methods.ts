/**
 * The one hand-written table of client → server requests: method name →
 * params and result schema. The router validates params against it; the
 * extension's client derives its typed `request()` from it; the schema
 * export (`generate-json-schema`) writes it out.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AccountReadParams, AccountReadResponse } from './account';
import { ConfigReadParams, ConfigReadResponse } from './config';
import { ConfigRequirementsReadParams, ConfigRequirementsReadResponse } from './config-requirements';
import { InitializeParams, InitializeResponse } from './initialize';
import { ModelListParams, ModelListResponse } from './model';
import { SkillsListParams, SkillsListResponse } from './skills';
import { ThreadStartParams, ThreadStartResponse } from './thread';
import * as thread from './thread-methods';
import {
  TurnInterruptParams,
  TurnInterruptResponse,
  TurnStartParams,
  TurnStartResponse,
  TurnSteerParams,
  TurnSteerResponse,
} from './turn';

export interface MethodSpec {
  params: TSchema;
  result: TSchema;
}

export const clientRequests = {
  initialize: { params: InitializeParams, result: InitializeResponse },
  'thread/start': { params: ThreadStartParams, result: ThreadStartResponse },
  'thread/resume': { params: thread.ThreadResumeParams, result: thread.ThreadResumeResponse },
  'thread/fork': { params: thread.ThreadForkParams, result: ThreadStartResponse },
  'thread/read': { params: thread.ThreadReadParams, result: thread.ThreadReadResponse },
  'thread/list': { params: thread.ThreadListParams, result: thread.ThreadListResponse },
  'thread/turns/list': { params: thread.ThreadTurnsListParams, result: thread.ThreadTurnsListResponse },
  'thread/items/list': { params: thread.ThreadItemsListParams, result: thread.ThreadItemsListResponse },
  'thread/loaded/list': { params: thread.ThreadLoadedListParams, result: thread.ThreadLoadedListResponse },
  'thread/archive': { params: thread.ThreadArchiveParams, result: thread.ThreadArchiveResponse },
  'thread/unarchive': { params: thread.ThreadUnarchiveParams, result: thread.ThreadUnarchiveResponse },
  'thread/name/set': { params: thread.ThreadSetNameParams, result: thread.ThreadSetNameResponse },
  'thread/unsubscribe': { params: thread.ThreadUnsubscribeParams, result: thread.ThreadUnsubscribeResponse },
  'thread/revert': { params: thread.ThreadRevertParams, result: thread.ThreadRevertResponse },
  'turn/start': { params: TurnStartParams, result: TurnStartResponse },
  'turn/steer': { params: TurnSteerParams, result: TurnSteerResponse },
  'turn/interrupt': { params: TurnInterruptParams, result: TurnInterruptResponse },
  'thread/compact/start': { params: Type.Object({ threadId: Type.String() }), result: Type.Object({}) },
  'model/list': { params: ModelListParams, result: ModelListResponse },
  'config/read': { params: ConfigReadParams, result: ConfigReadResponse },
  'configRequirements/read': { params: ConfigRequirementsReadParams, result: ConfigRequirementsReadResponse },
  'account/read': { params: AccountReadParams, result: AccountReadResponse },
  'skills/list': { params: SkillsListParams, result: SkillsListResponse },
} as const satisfies Record<string, MethodSpec>;

export type ClientRequestMethod = keyof typeof clientRequests;
export type RequestParams<M extends ClientRequestMethod> = Static<(typeof clientRequests)[M]['params']>;
export type RequestResult<M extends ClientRequestMethod> = Static<(typeof clientRequests)[M]['result']>;

/** The only client notification in the protocol. */
export const clientNotifications = { initialized: Type.Object({}) } as const;
