/**
 * What the user can do about a failed turn, from the error's machine-readable
 * class (`codexErrorInfo`). Unknown classes fall back to the log, as the
 * protocol asks clients to treat them as `other`.
 */
import type { TurnError } from '../../server/protocol';
import type { HostCommand } from '../protocol';

export interface ErrorHelp {
  /** Added to the message when the button alone would not say what to check. */
  hint: string | null;
  action: HostCommand;
}

/** Where the user sets the model and the provider's address, in the host's own words. */
export interface SettingNames {
  model: string;
  baseUrl: string;
}

/** VS Code's settings (the default: the chat's first host). */
export const VSCODE_SETTING_NAMES: SettingNames = {
  model: 'the "codexThreads.model" setting',
  baseUrl: 'the "codexThreads.baseUrl" setting',
};

export function helpForTurnError(error: Pick<TurnError, 'codexErrorInfo'>, settings: SettingNames = VSCODE_SETTING_NAMES): ErrorHelp {
  const info = error.codexErrorInfo;
  if (info === 'unauthorized') return { hint: null, action: 'setApiKey' };
  if (info === 'modelNotFound') return { hint: `Check ${settings.model}.`, action: 'openSettings' };
  if (info === 'usageLimitExceeded' || info === 'rateLimitExceeded' || info === 'serverOverloaded') {
    return { hint: 'Wait a moment and try again.', action: 'showLog' };
  }
  if (info === 'contextWindowExceeded') {
    return { hint: 'The conversation no longer fits the model. Start a new thread to continue.', action: 'startThread' };
  }
  if (info === 'sandboxError') return { hint: 'The sandbox could not run the command; the log has details.', action: 'showLog' };
  if (typeof info === 'object' && info !== null && ('httpConnectionFailed' in info || 'responseStreamConnectionFailed' in info)) {
    return { hint: `Check your network and ${settings.baseUrl}.`, action: 'openSettings' };
  }
  if (typeof info === 'object' && info !== null && ('responseStreamDisconnected' in info || 'responseTooManyFailedAttempts' in info)) {
    return { hint: 'The connection to the model dropped. Send your message again.', action: 'showLog' };
  }
  return { hint: null, action: 'showLog' };
}

/** Button labels for host commands. */
export const ACTION_LABELS: Record<HostCommand, string> = {
  setApiKey: 'Set API Key',
  showLog: 'Show Log',
  openSettings: 'Open Settings',
  startThread: 'Start New Thread',
};
