/**
 * One App Server child process and its lifetime.
 *
 * Shutdown is graceful first: ending stdin asks the server to exit (it exits
 * on EOF). If it has not exited after `graceMs`, it gets SIGTERM, then
 * SIGKILL, so disposing never leaves an orphan behind. stderr is the
 * server's log; each line goes to the injected logger.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { Emitter, type Disposable } from '../common/disposable';
import type { Logger } from '../common/logger';
import { LineDecoder } from '../../server/protocol/jsonl-framing';
import type { ServerLaunch } from './server-launch';

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the exit followed `dispose()`; false means the server stopped on its own (a crash). */
  expected: boolean;
}

/** What the client needs from a server process; tests may supply in-memory streams. */
export interface ServerTransport extends Disposable {
  readonly stdout: Readable;
  readonly stdin: Writable;
  readonly onDidExit: (listener: (exit: ServerExit) => void) => Disposable;
  /** Shuts the server down; resolves once it has exited. */
  shutdown(): Promise<void>;
}

export interface ServerProcessOptions {
  /** How long the server gets to exit after stdin ends before SIGTERM. */
  graceMs?: number;
  /** How long after SIGTERM before SIGKILL. */
  killMs?: number;
  cwd?: string;
}

export class ServerProcess implements ServerTransport {
  private readonly exitEmitter = new Emitter<ServerExit>();
  readonly onDidExit = this.exitEmitter.event;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<ServerExit>;
  private exit: ServerExit | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    launch: ServerLaunch,
    private readonly logger: Logger,
    private readonly options: ServerProcessOptions = {},
  ) {
    this.child = spawn(launch.command, launch.args, {
      env: launch.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    logger.info(`Started Codex server (pid ${this.child.pid ?? '?'}): ${launch.command} ${launch.args.join(' ')}`);
    this.pipeStderr();
    // A write after the server died raises EPIPE on stdin; the exit handler reports the real cause.
    this.child.stdin.on('error', (error) => logger.debug(`Codex server stdin: ${error.message}`));
    this.exited = new Promise((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.exit) return;
        this.exit = { code, signal, expected: this.stopping !== undefined };
        logger.info(`Codex server exited (code ${code ?? 'none'}, signal ${signal ?? 'none'})`);
        this.exitEmitter.fire(this.exit);
        resolve(this.exit);
      };
      this.child.on('exit', finish);
      this.child.on('error', (error) => {
        // Spawn failures (ENOENT for a wrong serverPath) arrive here, with no 'exit'.
        logger.error(`Could not run the Codex server: ${error.message}`);
        if (this.child.pid === undefined) finish(null, null);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get stdout(): Readable {
    return this.child.stdout;
  }

  get stdin(): Writable {
    return this.child.stdin;
  }

  /** The exit, once it happened. */
  get exitStatus(): ServerExit | undefined {
    return this.exit;
  }

  shutdown(): Promise<void> {
    this.stopping ??= this.stop();
    return this.stopping;
  }

  dispose(): void {
    void this.shutdown();
  }

  private async stop(): Promise<void> {
    if (!this.exit) {
      this.child.stdin.end();
      if (!(await this.waitForExit(this.options.graceMs ?? 2000))) {
        this.logger.warn('Codex server did not exit after stdin closed; sending SIGTERM');
        this.child.kill('SIGTERM');
        if (!(await this.waitForExit(this.options.killMs ?? 1000))) {
          this.logger.warn('Codex server ignored SIGTERM; sending SIGKILL');
          this.child.kill('SIGKILL');
          await this.waitForExit(this.options.killMs ?? 1000);
        }
      }
    }
    this.exitEmitter.dispose();
  }

  /** Resolves true once exited, false after `ms`; the timer is always cleared. */
  private waitForExit(ms: number): Promise<boolean> {
    if (this.exit) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      void this.exited.then(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private pipeStderr(): void {
    const lines = new LineDecoder();
    const log = (batch: string[]) => {
      for (const line of batch) this.logger.info(`[server] ${line}`);
    };
    this.child.stderr.on('data', (chunk: Buffer) => log(lines.push(chunk)));
    this.child.stderr.on('end', () => log(lines.end()));
  }
}
