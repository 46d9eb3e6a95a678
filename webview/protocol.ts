/**
 * The host ↔ webview contract: two discriminated unions keyed by `type`,
 * defined with TypeBox like the wire protocol, so the extension host can
 * check every webview → host message with `Value.Check` before acting on it
 * (the webview is an untrusted edge). Inside the webview, import these as
 * types only: compiled validators need `eval`, which the CSP forbids.
 *
 * Rules: the host posts nothing before `ready`; requests carry a
 * `requestId` answered by exactly one `response`; server notifications
 * travel unchanged as `server/notification`, typed by the protocol's union.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { ServerNotification } from '../server/protocol';

const RequestId = Type.String({ minLength: 1, maxLength: 100 });

/** Host commands a webview button may run; an explicit list, never an arbitrary command id. */
export const HostCommand = Type.Union([
  Type.Literal('setApiKey'),
  Type.Literal('showLog'),
  Type.Literal('openSettings'),
  Type.Literal('startThread'),
]);
export type HostCommand = Static<typeof HostCommand>;

// ---- webview → host ----

/** The webview's script is running and listening; sent on every (re)load. */
export const ReadyMessage = Type.Object({ type: Type.Literal('ready') });

/** Send a prompt: the host starts a turn on the panel's thread. */
export const SendMessage = Type.Object({
  type: Type.Literal('send'),
  requestId: RequestId,
  text: Type.String({ minLength: 1 }),
});

/** Stop the running turn (it ends `interrupted`). */
export const InterruptMessage = Type.Object({ type: Type.Literal('interrupt'), requestId: RequestId });

/** Run one of the allowed host commands (e.g. the "Set API Key" button of an error). */
export const CommandMessage = Type.Object({ type: Type.Literal('command'), command: HostCommand });

export const WebviewToHostMessage = Type.Union([ReadyMessage, SendMessage, InterruptMessage, CommandMessage]);
export type WebviewToHostMessage = Static<typeof WebviewToHostMessage>;

// ---- host → webview ----

/** The panel's thread exists; prompts can be sent. */
export const ThreadOpenedMessage = Type.Object({
  type: Type.Literal('thread/opened'),
  threadId: Type.String(),
  model: Type.String(),
});

/**
 * A server notification for this panel's thread, as received. Not
 * re-validated here (the host forwards what the server sent); the static
 * type is the protocol's generated union, so there is no list to keep in sync.
 */
export const ServerNotificationMessage = Type.Object({
  type: Type.Literal('server/notification'),
  notification: Type.Unsafe<ServerNotification>(
    Type.Object({ method: Type.String(), params: Type.Unknown(), emittedAtMs: Type.Optional(Type.Number()) }),
  ),
});

/** The answer to a `send` or `interrupt`; `error` is null on success. */
export const ResponseMessage = Type.Object({
  type: Type.Literal('response'),
  requestId: RequestId,
  error: Type.Union([Type.Object({ message: Type.String() }), Type.Null()]),
});

/** A note from the host outside any turn (the server did not start, settings changed…); `action` says what helps. */
export const HostNoticeMessage = Type.Object({
  type: Type.Literal('host/notice'),
  severity: Type.Union([Type.Literal('error'), Type.Literal('info')]),
  message: Type.String(),
  action: Type.Optional(HostCommand),
});

/** The thread can no longer be used (its server stopped); the composer should close. */
export const ThreadClosedMessage = Type.Object({
  type: Type.Literal('thread/closed'),
  message: Type.String(),
});

export const HostToWebviewMessage = Type.Union([
  ThreadOpenedMessage,
  ServerNotificationMessage,
  ResponseMessage,
  HostNoticeMessage,
  ThreadClosedMessage,
]);
export type HostToWebviewMessage = Static<typeof HostToWebviewMessage>;
