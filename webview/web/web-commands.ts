/**
 * What the app's host buttons mean in a browser tab. In VS Code they run
 * commands (set the API key, open settings, show the log); here the
 * server's environment and files hold those, so the page says where.
 * "Start a thread" is a navigation, done by the caller. Also the page's
 * own wording where the shared session's is VS Code's. Pure.
 */
import type { HostCommand, HostToWebviewMessage } from '../protocol';
import type { SettingNames } from '../state/error-help';

/** Where a browser user changes the model and the provider: the server's own configuration. */
export const SERVER_SETTING_NAMES: SettingNames = {
  model: "the server's model (`model` in its config.toml, or CODEX_THREADS_MODEL)",
  baseUrl: "the server's provider address (OPENAI_BASE_URL, or the provider's base_url in its config.toml)",
};

export type HostNotice = Extract<HostToWebviewMessage, { type: 'host/notice' }>;

const GUIDANCE: Record<Exclude<HostCommand, 'startThread'>, string> = {
  setApiKey: "The API key is the server's: set OPENAI_API_KEY in the server's environment and restart it.",
  openSettings:
    "Settings are the server's: edit config.toml in its home ($CODEX_THREADS_HOME, by default ~/.codex-threads). New threads use the changes.",
  showLog: 'The server logs to the terminal it was started in (stderr); start it with CODEX_THREADS_LOG=debug for more detail.',
};

export function commandGuidance(command: Exclude<HostCommand, 'startThread'>): HostNotice {
  return { type: 'host/notice', severity: 'info', message: GUIDANCE[command] };
}

/** The page has no diff editor: the transcript's own diff is the review. */
export const INLINE_DIFF_NOTICE: HostNotice = {
  type: 'host/notice',
  severity: 'info',
  message: 'In the web page, diffs are shown inline: open the file change in the transcript to review it.',
};

/**
 * What the page says while it gets a new session after losing its own
 * (ThreadSession's `reconnectingNotice`): VS Code's "Restarting it…" is its
 * supervisor's doing; the page restarts nothing, it reconnects.
 */
export function reconnectingNotice(reason: Error): string {
  return `${reason.message}. Reconnecting…`;
}
