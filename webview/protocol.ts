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

/** Send a prompt: the host starts a turn on the panel's thread (or queues it while a turn runs). */
export const SendMessage = Type.Object({
  type: Type.Literal('send'),
  requestId: RequestId,
  text: Type.String({ minLength: 1 }),
  /** `@` mentions: workspace-relative file paths the text refers to. */
  mentions: Type.Optional(Type.Array(Type.String({ maxLength: 4096 }), { maxItems: 100 })),
});

/** Stop the running turn (it ends `interrupted`). */
export const InterruptMessage = Type.Object({ type: Type.Literal('interrupt'), requestId: RequestId });

/** Run one of the allowed host commands (e.g. the "Set API Key" button of an error). */
export const CommandMessage = Type.Object({ type: Type.Literal('command'), command: HostCommand });

/** Add input to the running turn (`turn/steer`). */
export const SteerMessage = Type.Object({ type: Type.Literal('steer'), requestId: RequestId, text: Type.String({ minLength: 1 }) });

/** Answer a pending approval from the transcript's inline buttons (the first answer, inline or modal, wins). */
export const ApprovalAnswerMessage = Type.Object({
  type: Type.Literal('approval/answer'),
  /** The `approvalKey` of the `approval/requested` message. */
  approvalKey: Type.String({ minLength: 1, maxLength: 200 }),
  /** A decision the request offered (a string such as "accept", or the amendment object). */
  decision: Type.Unknown(),
});

/** Open a file change (or a pending proposal) in VS Code's native diff editor. */
export const OpenDiffMessage = Type.Object({ type: Type.Literal('diff/open'), itemId: Type.String({ minLength: 1, maxLength: 200 }) });

/** Fuzzy file search for `@` mentions in the composer. */
export const FileSearchMessage = Type.Object({
  type: Type.Literal('files/search'),
  requestId: RequestId,
  query: Type.String({ maxLength: 500 }),
});

export const WebviewToHostMessage = Type.Union([
  ReadyMessage,
  SendMessage,
  InterruptMessage,
  CommandMessage,
  SteerMessage,
  ApprovalAnswerMessage,
  OpenDiffMessage,
  FileSearchMessage,
]);
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

/**
 * A server approval request, shown inline in the transcript. `approvalKey`
 * is the host's own key (server request ids are per connection and repeat
 * across restarts); `method` and `params` are the server's, unchanged.
 */
export const ApprovalRequestedMessage = Type.Object({
  type: Type.Literal('approval/requested'),
  approvalKey: Type.String(),
  method: Type.Union([Type.Literal('item/commandExecution/requestApproval'), Type.Literal('item/fileChange/requestApproval')]),
  params: Type.Unsafe<Record<string, unknown>>(Type.Object({})),
});

/** The approval is settled (answered here, in a modal, by another client, or cleared by an interrupt). */
export const ApprovalSettledMessage = Type.Object({
  type: Type.Literal('approval/settled'),
  approvalKey: Type.String(),
  /** The decision taken, when known (null when the server cleared it). */
  decision: Type.Unknown(),
});

/** The whole thread as the server has it (after a reload or a server restart): re-render from it. */
export const ThreadHistoryMessage = Type.Object({
  type: Type.Literal('thread/history'),
  thread: Type.Unsafe<import('../server/protocol').Thread>(Type.Object({})),
});

/** Results of a `files/search`: paths relative to the workspace folder. */
export const FileSearchResultMessage = Type.Object({
  type: Type.Literal('files/searchResult'),
  requestId: RequestId,
  files: Type.Array(Type.Object({ path: Type.String(), label: Type.String() })),
});

export const HostToWebviewMessage = Type.Union([
  ThreadOpenedMessage,
  ServerNotificationMessage,
  ResponseMessage,
  HostNoticeMessage,
  ThreadClosedMessage,
  ApprovalRequestedMessage,
  ApprovalSettledMessage,
  ThreadHistoryMessage,
  FileSearchResultMessage,
]);
export type HostToWebviewMessage = Static<typeof HostToWebviewMessage>;
