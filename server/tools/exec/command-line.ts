/**
 * How a command line becomes an argv and an environment: the shell
 * (`/bin/bash -lc '<cmd>'` as the official server runs `exec_command`),
 * the sandbox hook, and environment defaults that keep commands from
 * waiting on a pager or emitting colour codes the model has to read.
 */
import { accessSync, constants } from 'node:fs';

/**
 * Set on every command unless `ExecRequest.env` overrides them. There is no
 * terminal (see `spawn-process.ts`), so a pager would wait for input that
 * never comes and colours would only add escape codes to the output.
 */
export const EXEC_ENV_DEFAULTS: Readonly<Record<string, string>> = {
  PAGER: 'cat',
  GIT_PAGER: 'cat',
  GH_PAGER: 'cat',
  TERM: 'dumb',
  NO_COLOR: '1',
};

let defaultShell: string | undefined;

/** `/bin/bash`, else `$SHELL`, else `/bin/sh`; probed once. */
export function resolveDefaultShell(): string {
  defaultShell ??= isExecutable('/bin/bash') ? '/bin/bash' : process.env.SHELL || '/bin/sh';
  return defaultShell;
}

export interface CommandLineRequest {
  cmd: string;
  shell?: string;
  login?: boolean;
  wrap?: (argv: string[]) => string[];
}

/** `[shell, '-lc' | '-c', cmd]`, passed through the sandbox's `wrap`. */
export function buildArgv(request: CommandLineRequest): string[] {
  const shell = request.shell || resolveDefaultShell();
  const argv = [shell, request.login === false ? '-c' : '-lc', request.cmd];
  return request.wrap ? request.wrap(argv) : argv;
}

/** `process.env`, then {@link EXEC_ENV_DEFAULTS}, then the request's own variables. */
export function buildEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  return { ...process.env, ...EXEC_ENV_DEFAULTS, ...extra };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
