/**
 * The logging port of host-free modules. `vscode.LogOutputChannel` satisfies
 * it structurally, so the extension passes its "Codex" channel as is and
 * tests pass a memory logger.
 */
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

/** Discards everything; for callers that have nowhere to log. */
export const nullLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
