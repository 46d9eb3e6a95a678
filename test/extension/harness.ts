/**
 * Shared helpers for the extension tests: a memory logger, bounded waits,
 * in-memory server transports, and the launch of the real built server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { Emitter } from '../../extension/common/disposable';
import type { Logger } from '../../extension/common/logger';
import { resolveServerLaunch, type ServerLaunch } from '../../extension/app-server/server-launch';
import type { ServerExit, ServerTransport } from '../../extension/app-server/server-process';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const BUILT_SERVER = join(REPO_ROOT, 'dist', 'server.js');

export interface LogLine {
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

export function memoryLogger(): Logger & { lines: LogLine[]; at(level: LogLine['level']): string[] } {
  const lines: LogLine[] = [];
  const record = (level: LogLine['level']) => (message: string | Error) =>
    void lines.push({ level, message: message instanceof Error ? message.message : message });
  return {
    lines,
    at: (level) => lines.filter((line) => line.level === level).map((line) => line.message),
    trace: record('trace'),
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

/** Polls `check` until it returns a value other than undefined; rejects after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise<void>((resolveSleep) => setTimeout(resolveSleep, 10));
  }
}

/** Reads the next line written to `stream`, bounded by `timeoutMs`. */
export function nextLine(stream: PassThrough, timeoutMs = 2000): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      stream.off('data', onData);
      reject(new Error(`no line within ${timeoutMs} ms (got ${JSON.stringify(buffer)})`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      stream.off('data', onData);
      resolveLine(buffer.slice(0, newline));
    };
    stream.on('data', onData);
  });
}

/** A ServerTransport over in-memory streams: the test plays the server. */
export class MemoryTransport implements ServerTransport {
  /** What the server "writes" (the client reads it). */
  readonly stdout = new PassThrough();
  /** What the client writes (the test reads it). */
  readonly stdin = new PassThrough();
  private readonly exitEmitter = new Emitter<ServerExit>();
  readonly onDidExit = this.exitEmitter.event;
  shutdownCalls = 0;

  /** Simulates the server process ending on its own. */
  crash(code: number): void {
    this.exitEmitter.fire({ code, signal: null, expected: false });
  }

  async shutdown(): Promise<void> {
    this.shutdownCalls += 1;
    this.stdin.end();
    this.stdout.end();
  }

  dispose(): void {
    void this.shutdown();
  }
}

export interface TempHome {
  path: string;
  remove(): Promise<void>;
}

export async function tempHome(): Promise<TempHome> {
  const path = await mkdtemp(join(tmpdir(), 'codex-threads-ext-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** How the extension would launch the bundled server, pointed at a mock model and a temp home. */
export function builtServerLaunch(options: { baseUrl: string; home: string; apiKey?: string }): ServerLaunch {
  return resolveServerLaunch({
    bundledServerPath: BUILT_SERVER,
    serverPath: '',
    serverArgs: ['app-server'],
    apiKey: options.apiKey ?? 'test-key',
    baseUrl: options.baseUrl,
    execPath: process.execPath,
    // Only what the server needs: no inherited OPENAI_* from the developer's shell.
    baseEnv: { PATH: process.env.PATH, CODEX_THREADS_HOME: options.home, CODEX_THREADS_MODEL: 'mock-model' },
  });
}

/** Whether a process id is gone (kill -0 raises ESRCH). */
export function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
