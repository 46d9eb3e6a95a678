/**
 * Spawns the built `dist/server.js` as a real child process and talks JSONL
 * to it over real pipes. Every wait is bounded. Keeps every message the
 * server sent, so a test can check them all against the official schema.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LineDecoder } from '../../server/protocol/jsonl-framing';
import { DEFAULT_TIMEOUT_MS, RpcClient } from './rpc-client';

export type { Message } from './rpc-client';
export const SERVER_JS = resolve(__dirname, '..', '..', 'dist', 'server.js');

export interface StartOptions {
  env?: Record<string, string | undefined>;
  /** State directory; a fresh temporary one by default (removed on close). */
  home?: string;
  args?: string[];
  /** The server's working directory (new threads default to it); the test runner's by default. */
  cwd?: string;
}

export class ServerProcess extends RpcClient {
  stderr = '';
  private readonly exited: Promise<number | null>;
  private readonly stderrListeners = new Set<() => void>();

  constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly home: string,
    private readonly ownsHome: boolean,
  ) {
    super();
    const decoder = new LineDecoder();
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of decoder.push(chunk)) this.receive(line);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
      for (const listener of this.stderrListeners) listener();
    });
    this.exited = new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit(code ?? (signal ? -1 : null))));
  }

  protected sendText(text: string): void {
    this.child.stdin.write(text + '\n');
  }

  protected describeFailure(): string {
    return `stderr:\n${this.stderr.slice(-2000)}`;
  }

  sendRaw(text: string | Buffer): void {
    this.child.stdin.write(text);
  }

  /** Waits until stderr matches (e.g. the listening address). */
  waitForStderr(pattern: RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<RegExpMatchArray> {
    return new Promise((resolveWait, reject) => {
      const check = () => {
        const match = this.stderr.match(pattern);
        if (!match) return;
        clearTimeout(timer);
        this.stderrListeners.delete(check);
        resolveWait(match);
      };
      const timer = setTimeout(() => {
        this.stderrListeners.delete(check);
        reject(new Error(`timed out waiting for ${pattern} on stderr:\n${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      this.stderrListeners.add(check);
      check();
    });
  }

  /** Ends stdin and waits for a clean exit; kills after `timeoutMs`. */
  async close(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<number | null> {
    this.child.stdin.end();
    return this.stop(timeoutMs);
  }

  /** Sends a signal (default SIGTERM) and waits for the exit. */
  async terminate(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = DEFAULT_TIMEOUT_MS): Promise<number | null> {
    this.child.kill(signal);
    return this.stop(timeoutMs);
  }

  /** Kills at once, as a crash would, and keeps the home for a restart. */
  async crash(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  exitCode(): Promise<number | null> {
    return this.exited;
  }

  removeHome(): void {
    rmSync(this.home, { recursive: true, force: true });
  }

  private async stop(timeoutMs: number): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      this.exited,
      new Promise<'timeout'>((resolveTimeout) => (timer = setTimeout(() => resolveTimeout('timeout'), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (code === 'timeout') {
      this.child.kill('SIGKILL');
      await this.exited;
      if (this.ownsHome) this.removeHome();
      throw new Error(`server did not exit within ${timeoutMs} ms`);
    }
    if (this.ownsHome) this.removeHome();
    return code;
  }
}

export function startServer(options: StartOptions = {}): ServerProcess {
  const ownsHome = !options.home;
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'codex-threads-test-'));
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CODEX_THREADS_HOME: home,
    ...options.env,
  };
  const child = spawn(process.execPath, [SERVER_JS, ...(options.args ?? ['app-server'])], {
    env: Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)) as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  return new ServerProcess(child, home, ownsHome);
}

/**
 * Starts the server's web runtime (`--listen http://127.0.0.1:PORT`, an
 * ephemeral port by default) and returns it with the address it printed
 * for the browser, token included.
 */
export async function startWebServer(options: Omit<StartOptions, 'args'> & { port?: number } = {}): Promise<{ server: ServerProcess; address: string }> {
  const { port = 0, ...start } = options;
  const server = startServer({ ...start, args: ['app-server', '--listen', `http://127.0.0.1:${port}`] });
  try {
    const [, address] = await server.waitForStderr(/open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/);
    return { server, address };
  } catch (error) {
    await server.terminate().catch(() => undefined);
    throw error;
  }
}

export function temporaryHome(): string {
  return mkdtempSync(join(tmpdir(), 'codex-threads-test-'));
}
