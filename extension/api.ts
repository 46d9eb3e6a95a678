/**
 * What `activate` returns: `vscode.extensions.getExtension('codex-threads.codex-threads').exports`.
 * Small on purpose; the extension-host e2e tests drive the extension
 * through it. @experimental
 */
import type { SessionStatus } from './chat/thread-session';
import type { CodexWindow } from './codex-window';

export interface CodexThreadsApi {
  /**
   * Sends a prompt to the current chat tab, or to a new thread in the first
   * workspace folder when there is none; resolves once its turn started.
   */
  sendPrompt(text: string): Promise<void>;
  /** The current chat tab's thread state; undefined without a tab. */
  readonly status: SessionStatus | undefined;
  /** Process ids of the App Servers running now. */
  readonly serverProcessIds: number[];
}

export function createApi(window: CodexWindow): CodexThreadsApi {
  return {
    sendPrompt: (text) => window.sendPrompt(text),
    get status() {
      return window.panels.current?.session.status;
    },
    get serverProcessIds() {
      return window.servers.processIds;
    },
  };
}
