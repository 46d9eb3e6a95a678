/**
 * A lean JSONL client for benchmarks: spawns a server, stamps every line it
 * reads with `performance.now()` (taken when the chunk arrived, before any
 * parsing), and resolves requests by id. It keeps no history unless asked
 * to (`collect`), so a 10,000-delta turn costs the client little. Every
 * wait is bounded.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { treeMemoryKb } from './process-tree';

export type Message = Record<string, any>;

export interface SpawnSpec {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Called for each server notification with its read instant. */
export type NotificationListener = (message: Message, readAt: number) => void;

export class RpcClient {
  /** Every server still running, so that the bench can kill them on exit. */
  static readonly live = new Set<RpcClient>();
  readonly child: ChildProcessWithoutNullStreams;
  readonly spawnedAt: number;
  stderr = '';
  private nextId = 1;
  private readonly waiting = new Map<number, (message: Message, readAt: number) => void>();
  private readonly listeners = new Set<NotificationListener>();
  private readonly exited: Promise<number | null>;
  private exitedAt = 0;

  constructor(spec: SpawnSpec) {
    this.spawnedAt = performance.now();
    this.child = spawn(spec.command, spec.args, { env: spec.env, cwd: spec.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const decoder = new StringDecoder('utf8');
    let pending = '';
    this.child.stdout.on('data', (chunk: Buffer) => {
      const readAt = performance.now();
      const text = pending + decoder.write(chunk);
      let start = 0;
      let newline = text.indexOf('\n', start);
      while (newline !== -1) {
        if (newline > start) this.dispatch(text.slice(start, newline), readAt);
        start = newline + 1;
        newline = text.indexOf('\n', start);
      }
      pending = text.slice(start);
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      // Keep only the tail: servers may log a lot under RUST_LOG.
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-(Number(process.env.BENCH_STDERR_KEEP) || 20_000));
    });
    this.child.stdin.on('error', () => {});
    RpcClient.live.add(this);
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code) => {
        this.exitedAt = performance.now();
        RpcClient.live.delete(this);
        resolve(code);
      }),
    );
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  onNotification(listener: NotificationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(message: object): void {
    this.child.stdin.write(JSON.stringify(message) + '\n');
  }

  /** Sends a request; resolves with the response and the instant it was read. */
  request(method: string, params: unknown = {}, timeoutMs = 10_000): Promise<{ message: Message; readAt: number; sentAt: number }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${method}; stderr tail:\n${this.stderr.slice(-1500)}`));
      }, timeoutMs);
      this.waiting.set(id, (message, readAt) => {
        clearTimeout(timer);
        resolve({ message, readAt, sentAt });
      });
      const sentAt = performance.now();
      this.send({ id, method, params });
    });
  }

  /** Like `request`, but returns the result and throws on an error response. */
  async call(method: string, params: unknown = {}, timeoutMs = 10_000): Promise<any> {
    const { message } = await this.request(method, params, timeoutMs);
    if (message.error) throw new Error(`${method} failed: ${JSON.stringify(message.error)}`);
    return message.result;
  }

  async initialize(): Promise<{ result: any; readAt: number }> {
    const { message, readAt } = await this.request('initialize', {
      clientInfo: { name: 'codex_threads_bench', title: 'Codex Threads bench', version: '0.1.0' },
      capabilities: { experimentalApi: false },
    });
    if (message.error) throw new Error(`initialize failed: ${JSON.stringify(message.error)}`);
    this.send({ method: 'initialized' });
    return { result: message.result, readAt };
  }

  /** Resolves with the first notification matching `predicate` from now on. */
  waitForNotification(method: string, predicate: (params: any) => boolean = () => true, timeoutMs = 30_000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${method}; stderr tail:\n${this.stderr.slice(-1500)}`));
      }, timeoutMs);
      const stop = this.onNotification((message) => {
        if (message.method !== method || !predicate(message.params)) return;
        clearTimeout(timer);
        stop();
        resolve(message);
      });
    });
  }

  /** Ends stdin; resolves with the ms from EOF to process exit (kills after `timeoutMs`). */
  async closeStdin(timeoutMs = 10_000): Promise<{ ms: number; killed: boolean }> {
    const endedAt = performance.now();
    this.child.stdin.end();
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      this.exited.then(() => 'exited' as const),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      await this.kill();
      return { ms: timeoutMs, killed: true };
    }
    return { ms: this.exitedAt - endedAt, killed: false };
  }

  /** Kills every server still running (synchronous: safe in an exit handler). */
  static killAll(): void {
    for (const client of RpcClient.live) client.killTree();
  }

  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.killTree();
    await this.exited;
  }

  /** SIGKILL to the server and its descendants (the npm wrapper cannot forward SIGKILL). */
  private killTree(): void {
    const pids = treeMemoryKb(this.pid).pids.reverse();
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }

  private dispatch(line: string, readAt: number): void {
    let message: Message;
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (typeof message.method === 'string') {
      if ('id' in message) {
        // A server request (approval): refuse it so that no turn hangs.
        this.send({ id: message.id, result: { decision: 'decline' } });
        return;
      }
      for (const listener of this.listeners) listener(message, readAt);
      return;
    }
    const waiter = typeof message.id === 'number' ? this.waiting.get(message.id) : undefined;
    if (waiter) {
      this.waiting.delete(message.id);
      waiter(message, readAt);
    }
  }
}
