/**
 * The processes behind `exec_command` and `write_stdin`, as upstream's
 * "unified exec": a call waits up to its yield time; a process still running
 * then becomes a background session the model polls (or types into) with
 * `writeStdin`, each call returning the output produced since the previous one.
 *
 * Lifecycle of a session: spawned by `exec` (foreground: the turn's abort
 * kills it) → either finished within the wait (reported, forgotten) or
 * backgrounded (an abort no longer touches it) → finished, reported once to
 * the next `writeStdin`, forgotten. `kill` and `killAll` end trees explicitly.
 *
 * Concurrency: calls on one session run one after the other, so "output
 * since the last call" stays well defined when the model polls in parallel.
 */
import { log } from '../../common/log';
import { buildArgv, buildEnv } from './command-line';
import type { ExecRequest, ExecResult, ExecSessionsOptions, WriteStdinOptions } from './exec-types';
import { isGroupAlive, killTree } from './kill-tree';
import { AGGREGATED_OUTPUT_MAX_BYTES, ProcessOutput } from './process-output';
import { spawnProcess, type SpawnedProcess } from './spawn-process';

const DEFAULT_MAX_SESSIONS = 16;
const DEFAULT_KILL_GRACE_MS = 2000;
const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024;
const MIN_OUTPUT_BYTES = 256;
/** `killAll` spends at most this long, split between SIGTERM grace and SIGKILL. */
const KILL_ALL_BUDGET_MS = 3000;
const EXEC_YIELD = { fallback: 10_000, min: 250, max: 30_000 };
const WRITE_YIELD = { pollFallback: 250, writeFallback: 1000, min: 100, max: 30_000 };

interface Session {
  readonly id: number;
  readonly process: SpawnedProcess;
  readonly output: ProcessOutput;
  /** Returned to the model with a sessionId; from then on only `writeStdin`, `kill` and `killAll` reach it. */
  backgrounded: boolean;
  /** Tail of the chain that serialises calls on this session. */
  queue: Promise<unknown>;
}

interface CallOptions {
  yieldTimeMs: number;
  maxOutputBytes: number;
  signal: AbortSignal | undefined;
  onOutput: ((chunk: string) => void) | undefined;
  /** True for `exec` (the turn's interrupt kills it), false for `writeStdin` (abort only stops waiting). */
  killOnAbort: boolean;
}

export class ExecSessions {
  private readonly maxSessions: number;
  private readonly killGraceMs: number;
  private readonly sessions = new Map<number, Session>();
  /** Groups whose leader exited while jobs it started lived on (`server &`): `killAll` ends them too. */
  private readonly lingeringGroups = new Set<number>();
  private spawning = 0;
  /** Bumped by `killAll`, so a process whose spawn was in flight then is killed too. */
  private generation = 0;
  private nextId = 1;

  constructor(options: ExecSessionsOptions = {}) {
    this.maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
    this.killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  }

  /**
   * Starts `request.cmd`. A process that could not start (missing cwd or
   * shell) resolves with exit code 127/126 and the reason as `output`.
   * Throws when `maxSessions` processes already run.
   */
  async exec(request: ExecRequest): Promise<ExecResult> {
    if (request.signal?.aborted) return notStarted('Command not started: the call was aborted before it began', 130);
    const running = this.runningCount();
    if (running >= this.maxSessions) {
      throw new Error(
        `Too many running processes: ${running} of at most ${this.maxSessions}. ` +
          'Finish or stop one (write_stdin "\\u0003" sends Ctrl-C) before starting another.',
      );
    }
    this.pruneFinished();
    const output = new ProcessOutput();
    const spawnRequest = {
      argv: buildArgv(request),
      cwd: request.cwd,
      env: buildEnv(request.env),
      onOutput: (chunk: string) => output.push(chunk),
    };
    this.spawning += 1;
    const generation = this.generation;
    const outcome = await spawnProcess(spawnRequest).finally(() => (this.spawning -= 1));
    if ('failure' in outcome) return notStarted(outcome.failure.message, outcome.failure.exitCode);
    const session: Session = {
      id: this.nextId++,
      process: outcome.process,
      output,
      backgrounded: false,
      queue: Promise.resolve(),
    };
    this.sessions.set(session.id, session);
    if (generation !== this.generation) void killTree(session.process.pid, 0);
    return this.waitAndReport(session, {
      yieldTimeMs: clamp(request.yieldTimeMs ?? EXEC_YIELD.fallback, EXEC_YIELD.min, EXEC_YIELD.max),
      maxOutputBytes: outputCap(request.maxOutputBytes),
      signal: request.signal,
      onOutput: request.onOutput,
      killOnAbort: true,
    });
  }

  /**
   * Writes `chars` ('' to only poll) to a background session's stdin and
   * returns what it printed since the previous call. Throws for an id that
   * is not a background session, or whose exit was already reported.
   */
  writeStdin(sessionId: number, chars: string, options: WriteStdinOptions = {}): Promise<ExecResult> {
    const session = this.sessions.get(sessionId);
    if (!session?.backgrounded) return Promise.reject(unknownSession(sessionId));
    const fallback = chars === '' ? WRITE_YIELD.pollFallback : WRITE_YIELD.writeFallback;
    const call: CallOptions = {
      yieldTimeMs: clamp(options.yieldTimeMs ?? fallback, WRITE_YIELD.min, WRITE_YIELD.max),
      maxOutputBytes: outputCap(options.maxOutputBytes),
      signal: options.signal,
      onOutput: options.onOutput,
      killOnAbort: false,
    };
    const run = session.queue.then(() => {
      // An earlier queued call may have reported the exit meanwhile.
      if (!this.sessions.has(sessionId)) throw unknownSession(sessionId);
      session.process.sendInput(chars);
      return this.waitAndReport(session, call);
    });
    session.queue = run.catch(() => undefined);
    return run;
  }

  /** SIGTERM the session's process group, SIGKILL after the grace; unknown ids are ignored. */
  kill(sessionId: number): void {
    const session = this.sessions.get(sessionId);
    if (!session || session.process.exitCode !== null) return;
    void session.process
      .terminate(this.killGraceMs)
      .catch((error: unknown) => log.warn(`exec: kill ${sessionId}: ${String(error)}`));
  }

  /** Kills every process tree, foreground or background, waiting at most ~3 s; forgets all sessions. */
  async killAll(): Promise<void> {
    const groups = [...this.sessions.values()].filter((s) => s.process.exitCode === null).map((s) => s.process.pid);
    groups.push(...[...this.lingeringGroups].filter(isGroupAlive));
    this.sessions.clear();
    this.lingeringGroups.clear();
    this.generation += 1;
    const grace = Math.min(this.killGraceMs, KILL_ALL_BUDGET_MS / 3);
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<void>((resolve) => (timer = setTimeout(resolve, KILL_ALL_BUDGET_MS)));
    const kills = Promise.all(groups.map((pgid) => killTree(pgid, grace).catch(() => undefined)));
    await Promise.race([kills, budget]);
    clearTimeout(timer);
  }

  /** Background sessions whose process is still running. */
  runningSessionIds(): number[] {
    return [...this.sessions.values()].filter((s) => s.backgrounded && s.process.exitCode === null).map((s) => s.id);
  }

  private async waitAndReport(session: Session, call: CallOptions): Promise<ExecResult> {
    session.output.listener = call.onOutput;
    try {
      await waitForFinishOrYield(session.process, call, this.killGraceMs);
    } finally {
      session.output.listener = undefined;
    }
    const { process, output } = session;
    const exitCode = process.exitCode;
    if (exitCode === null) {
      session.backgrounded = true;
    } else {
      this.sessions.delete(session.id);
      if (isGroupAlive(process.pid)) this.lingeringGroups.add(process.pid);
    }
    const rendered = output.takePending(call.maxOutputBytes);
    return {
      sessionId: exitCode === null ? session.id : null,
      exitCode,
      output: rendered.text,
      aggregatedOutput: output.aggregatedText(),
      wallTimeMs: Date.now() - process.startedAt,
      truncated: rendered.omittedBytes > 0,
      pid: process.pid,
    };
  }

  private runningCount(): number {
    let count = this.spawning;
    for (const session of this.sessions.values()) if (session.process.exitCode === null) count += 1;
    return count;
  }

  /**
   * Forgets groups that are gone, and background sessions that finished
   * unobserved beyond `maxSessions` (each keeps up to 2 MiB of output).
   */
  private pruneFinished(): void {
    for (const pgid of this.lingeringGroups) if (!isGroupAlive(pgid)) this.lingeringGroups.delete(pgid);
    const finished = [...this.sessions.values()].filter((s) => s.backgrounded && s.process.exitCode !== null);
    for (const session of finished.slice(0, Math.max(0, finished.length - this.maxSessions))) {
      this.sessions.delete(session.id);
    }
  }
}

/** Resolves when the process finished, the yield time passed, or (for `writeStdin`) the signal aborted. */
function waitForFinishOrYield(process: SpawnedProcess, call: CallOptions, killGraceMs: number): Promise<void> {
  return new Promise((resolve) => {
    let unsubscribe = (): void => {};
    const finish = (): void => {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
      unsubscribe();
      resolve();
    };
    const onAbort = (): void => {
      if (!call.killOnAbort) return finish();
      // Keep waiting, without the yield timer, until the killed process is reaped.
      clearTimeout(timer);
      void process.terminate(killGraceMs).catch((error: unknown) => log.warn(`exec: abort kill: ${String(error)}`));
    };
    const timer = setTimeout(finish, call.yieldTimeMs);
    unsubscribe = process.onFinish(finish);
    if (call.signal?.aborted) onAbort();
    else call.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function unknownSession(sessionId: number): Error {
  return new Error(`Unknown session id ${sessionId}: the process has exited or was never started`);
}

function notStarted(message: string, exitCode: number): ExecResult {
  return {
    sessionId: null,
    exitCode,
    output: message,
    aggregatedOutput: message,
    wallTimeMs: 0,
    truncated: false,
    pid: 0,
  };
}

function outputCap(requested: number | undefined): number {
  return clamp(requested ?? DEFAULT_MAX_OUTPUT_BYTES, MIN_OUTPUT_BYTES, AGGREGATED_OUTPUT_MAX_BYTES);
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
