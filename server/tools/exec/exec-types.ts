/**
 * The contract of the process runtime behind the `exec_command` and
 * `write_stdin` model tools (PROTOCOL.md §10).
 */

/** One `exec_command` call. */
export interface ExecRequest {
  /** Shell command line, run as `[shell, '-lc', cmd]` (or `-c` when `login` is false). */
  cmd: string;
  /** Working directory; a missing one is reported as a failed start (exit code 127). */
  cwd: string;
  /** Default `/bin/bash`, else `$SHELL`, else `/bin/sh`. */
  shell?: string;
  /** Default true: a login shell, so the user's profile (PATH, nvm, pyenv…) applies. */
  login?: boolean;
  /**
   * Extra variables, merged over `process.env` and over the defaults
   * `PAGER=cat`, `GIT_PAGER=cat`, `GH_PAGER=cat`, `TERM=dumb`, `NO_COLOR=1`.
   */
  env?: Record<string, string>;
  /**
   * Milliseconds to wait for the process to finish before returning with it
   * still running as a background session. Default 10000, clamped to [250, 30000].
   * A process that finishes earlier returns at once.
   */
  yieldTimeMs?: number;
  /**
   * Cap in UTF-8 bytes of `output` (default 16 KiB, clamped to [256 B, 1 MiB]). Longer
   * output keeps its first and last halves around a visible
   * "[… N bytes of output omitted …]" note (the note is not counted).
   */
  maxOutputBytes?: number;
  /**
   * Sandbox hook: turns the final argv (`[shell, '-lc', cmd]`) into the one
   * spawned, e.g. a bubblewrap invocation. The wrapper must stay in the
   * spawned process group for kills to reach the command (bubblewrap: no
   * `--new-session`, or use `--unshare-pid --die-with-parent`).
   */
  wrap?: (argv: string[]) => string[];
  /**
   * The turn's interrupt. Aborted while this call waits: the process tree is
   * killed and the call resolves with its exit code. Aborted after the call
   * returned a `sessionId`: nothing happens (a background terminal lives on
   * until `kill`/`killAll`). Aborted before the call: nothing is started.
   */
  signal?: AbortSignal;
  /** Every decoded stdout/stderr chunk arriving while this call waits, uncapped. */
  onOutput?: (chunk: string) => void;
}

/** One `write_stdin` call; defaults as for {@link ExecRequest}. */
export interface WriteStdinOptions {
  /** Default 250 ms when only polling (`chars` empty), else 1000 ms; clamped to [100, 30000]. */
  yieldTimeMs?: number;
  maxOutputBytes?: number;
  /** Aborted while waiting: the call returns early; the process keeps running. */
  signal?: AbortSignal;
  onOutput?: (chunk: string) => void;
}

export interface ExecResult {
  /** Set while the process still runs after the call's wait: poll it with `writeStdin`. */
  sessionId: number | null;
  /** Null while running; 128 + signal number after a signal (137 for SIGKILL); 127/126 when it could not start. */
  exitCode: number | null;
  /**
   * Output produced during this call (for `writeStdin`: since the previous
   * call on the session), stdout and stderr interleaved, capped.
   */
  output: string;
  /** All output of the process so far, capped at 1 MiB (head and tail), for the UI item. */
  aggregatedOutput: string;
  /** Milliseconds since the process started (0 when it never started). */
  wallTimeMs: number;
  /** Whether `output` was cut. */
  truncated: boolean;
  /** Process (and process group) id; 0 when the process never started. */
  pid: number;
}

export interface ExecSessionsOptions {
  /**
   * Processes running at once (waiting calls and background sessions);
   * `exec` throws beyond it. Default 16.
   */
  maxSessions?: number;
  /** Delay between SIGTERM and SIGKILL when killing a process tree. Default 2000 ms. */
  killGraceMs?: number;
}
