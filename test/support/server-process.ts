/**
 * Spawns the built `dist/server.js` as a real child process and talks JSONL
 * to it over real pipes. Every wait is bounded. Keeps every message the
 * server sent, so a test can check them all against the official schema.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LineSplitter } from '../../server/transport/jsonl-reader';

export const SERVER_JS = resolve(__dirname, '..', '..', 'dist', 'server.js');
const DEFAULT_TIMEOUT_MS = 5000;

export type Message = Record<string, any>;

export interface StartOptions {
  env?: Record<string, string | undefined>;
  /** State directory; a fresh temporary one by default (removed on close). */
  home?: string;
  args?: string[];
}

export class ServerProcess {
  readonly messages: Message[] = [];
  /** Request id → method, for checking results against the right schema. */
  readonly requestMethods = new Map<unknown, string>();
  stderr = '';
  private nextId = 1;
  private listeners = new Set<() => void>();
  private exited: Promise<number | null>;

  constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly home: string,
    private readonly ownsHome: boolean,
  ) {
    const splitter = new LineSplitter((line) => {
      let message: Message;
      try {
        message = JSON.parse(line);
      } catch {
        message = { unparseable: line };
      }
      this.messages.push(message);
      for (const listener of this.listeners) listener();
    });
    child.stdout.on('data', (chunk: Buffer) => splitter.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  }

  send(message: object): void {
    this.child.stdin.write(JSON.stringify(message) + '\n');
  }

  sendRaw(text: string | Buffer): void {
    this.child.stdin.write(text);
  }

  /** Sends a request and resolves with the whole response message. */
  async request(method: string, params: unknown = {}, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Message> {
    const id = this.nextId++;
    this.requestMethods.set(id, method);
    this.send({ id, method, params });
    return this.waitFor((message) => message.id === id && !('method' in message), timeoutMs, `response to ${method}`);
  }

  /** Like `request`, but throws when the server answered with an error. */
  async call(method: string, params: unknown = {}, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<any> {
    const response = await this.request(method, params, timeoutMs);
    if (response.error) throw new Error(`${method} failed: ${JSON.stringify(response.error)}`);
    return response.result;
  }

  async initialize(clientName = 'codex_threads_test'): Promise<any> {
    const result = await this.call('initialize', { clientInfo: { name: clientName, title: 'Test', version: '1.0.0' } });
    this.send({ method: 'initialized' });
    return result;
  }

  /** Waits for a message (already received or future) matching `predicate`. */
  waitFor(predicate: (message: Message) => boolean, timeoutMs = DEFAULT_TIMEOUT_MS, what = 'message'): Promise<Message> {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolveWait, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stderr:\n${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      const check = () => {
        const message = this.messages.find(predicate);
        if (!message) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolveWait(message);
      };
      this.listeners.add(check);
    });
  }

  waitForNotification(method: string, predicate: (params: any) => boolean = () => true, timeoutMs = DEFAULT_TIMEOUT_MS) {
    return this.waitFor((message) => message.method === method && !('id' in message) && predicate(message.params), timeoutMs, method);
  }

  notifications(method?: string): Message[] {
    return this.messages.filter((message) => 'method' in message && !('id' in message) && (!method || message.method === method));
  }

  /** Ends stdin and waits for a clean exit; kills after `timeoutMs`. */
  async close(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<number | null> {
    this.child.stdin.end();
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      this.exited,
      new Promise<'timeout'>((resolveTimeout) => (timer = setTimeout(() => resolveTimeout('timeout'), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (code === 'timeout') {
      this.child.kill('SIGKILL');
      await this.exited;
      this.cleanup();
      throw new Error(`server did not exit within ${timeoutMs} ms of stdin EOF`);
    }
    this.cleanup();
    return code;
  }

  exitCode(): Promise<number | null> {
    return this.exited;
  }

  private cleanup(): void {
    if (this.ownsHome) rmSync(this.home, { recursive: true, force: true });
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
  });
  return new ServerProcess(child, home, ownsHome);
}
