/**
 * One child process: spawned in its own process group, stdin a pipe,
 * stdout and stderr decoded as UTF-8 streams and merged in arrival order.
 *
 * There is no TTY (node-pty would be a native module): programs see pipes,
 * so they may buffer their output or turn prompts off, and `tty: true` from
 * the model is not honoured — output is captured all the same. The new
 * session has no controlling terminal either, so a program opening
 * `/dev/tty` (a password prompt) fails at once instead of hanging.
 *
 * Lifecycle: `exit` of the leader → wait briefly for the pipes to drain →
 * `exitCode` is set and finish listeners run. Jobs the command left behind
 * (`server &`) keep running, as they would after `bash -c 'server &'` in a
 * terminal; since they may hold the pipes open forever, the drain is
 * bounded and our ends are closed after it (their later output is lost).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { log } from '../../common/log';
import { killTree, signalGroup } from './kill-tree';

/** How long output may keep arriving after the leader exited. */
const DRAIN_GRACE_MS = 200;
const CTRL_C = '\x03';
const CTRL_D = '\x04';

export interface SpawnRequest {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Each decoded chunk of stdout or stderr, in arrival order. */
  onOutput: (chunk: string) => void;
}

/** A process that could not be started: the message is written for the model. */
export interface SpawnFailure {
  message: string;
  /** 127 (not found, like a shell's "command not found") or 126 (not executable). */
  exitCode: number;
}

export type SpawnOutcome = { process: SpawnedProcess } | { failure: SpawnFailure };

export async function spawnProcess(request: SpawnRequest): Promise<SpawnOutcome> {
  const cwdProblem = await checkDirectory(request.cwd);
  if (cwdProblem) return { failure: { message: `Failed to start the command: ${cwdProblem}`, exitCode: 127 } };
  let child: ChildProcess;
  try {
    child = spawn(request.argv[0], request.argv.slice(1), {
      cwd: request.cwd,
      env: request.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    // Invalid arguments throw synchronously (a NUL byte in the command line).
    return { failure: describeSpawnError(String(request.argv[0]), error as NodeJS.ErrnoException) };
  }
  const started = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    child.once('spawn', () => resolve(null));
    child.once('error', resolve);
  });
  if (started) return { failure: describeSpawnError(request.argv[0], started) };
  return { process: new SpawnedProcess(child, request.onOutput) };
}

export class SpawnedProcess {
  /** Also the process group id. */
  readonly pid: number;
  /** `Date.now()` when the process started. */
  readonly startedAt = Date.now();
  private code: number | null = null;
  private readonly finishListeners = new Set<() => void>();

  constructor(
    private readonly child: ChildProcess,
    onOutput: (chunk: string) => void,
  ) {
    this.pid = child.pid!;
    const streams = [child.stdout!, child.stderr!];
    const decoders = streams.map((stream) => {
      stream.on('error', (error) => log.warn(`exec: process ${this.pid} output: ${error.message}`));
      const decoder = new StringDecoder('utf8');
      stream.on('data', (data: Buffer) => {
        const text = decoder.write(data);
        if (text) onOutput(text);
      });
      return decoder;
    });
    // A late error (EPIPE on stdin after the program closed it) must not
    // become an uncaught exception; the exit is what we report.
    child.on('error', (error) => log.warn(`exec: process ${this.pid}: ${error.message}`));
    child.stdin!.on('error', () => {});
    child.once('exit', (code, signal) => {
      const exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
      void drain(streams, DRAIN_GRACE_MS).then(() => {
        for (const decoder of decoders) {
          const rest = decoder.end();
          if (rest) onOutput(rest);
        }
        for (const stream of streams) stream.destroy();
        child.stdin!.destroy();
        this.code = exitCode;
        for (const listener of this.finishListeners) listener();
        this.finishListeners.clear();
      });
    });
  }

  /** Null until the process exited and its output was drained; 128+signo after a signal. */
  get exitCode(): number | null {
    return this.code;
  }

  /** Runs `listener` once when `exitCode` is set; returns an unsubscribe. */
  onFinish(listener: () => void): () => void {
    if (this.code !== null) {
      listener();
      return () => {};
    }
    this.finishListeners.add(listener);
    return () => this.finishListeners.delete(listener);
  }

  /**
   * Writes to stdin. With no terminal to translate keys, Ctrl-C (`\x03`)
   * sends SIGINT to the group and Ctrl-D (`\x04`) closes stdin (EOF), which
   * is what a model sending them means; other text is written as is.
   */
  sendInput(chars: string): void {
    if (this.code !== null) return;
    let start = 0;
    for (let index = 0; index < chars.length; index++) {
      const char = chars[index];
      if (char !== CTRL_C && char !== CTRL_D) continue;
      this.writeStdin(chars.slice(start, index));
      start = index + 1;
      if (char === CTRL_C) signalGroup(this.pid, 'SIGINT');
      else this.child.stdin!.end();
    }
    this.writeStdin(chars.slice(start));
  }

  /** SIGTERM the group, SIGKILL after `graceMs`; see `killTree`. */
  terminate(graceMs: number): Promise<void> {
    return killTree(this.pid, graceMs);
  }

  private writeStdin(text: string): void {
    const stdin = this.child.stdin!;
    if (text && stdin.writable) stdin.write(text);
  }
}

function drain(streams: Readable[], graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, graceMs);
    const closed = streams.map(
      (stream) => new Promise<void>((done) => (stream.closed ? done() : stream.once('close', () => done()))),
    );
    void Promise.all(closed).then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function checkDirectory(cwd: string): Promise<string | null> {
  try {
    const info = await stat(cwd);
    return info.isDirectory() ? null : `working directory ${cwd} is not a directory`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `working directory ${cwd} does not exist`;
    return `working directory ${cwd} is not accessible (${code ?? String(error)})`;
  }
}

function describeSpawnError(program: string, error: NodeJS.ErrnoException): SpawnFailure {
  if (error.code === 'ENOENT') {
    return { message: `Failed to start the command: ${program} was not found`, exitCode: 127 };
  }
  if (error.code === 'EACCES') {
    return { message: `Failed to start the command: ${program} is not executable`, exitCode: 126 };
  }
  return { message: `Failed to start the command: ${program}: ${error.message}`, exitCode: 127 };
}
