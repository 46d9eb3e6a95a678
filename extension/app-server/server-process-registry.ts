/**
 * Reaps App Servers orphaned by an extension host that died without
 * shutting them down (the editor crashed or was killed).
 *
 * Every spawned server is recorded in a memento shared by all windows
 * (`globalState`) with the pid of the extension host that owns it. On
 * activation, a record whose host is gone but whose server is still alive
 * and still runs our command line (read from /proc, so a recycled pid is
 * never touched) gets SIGTERM, then SIGKILL. Records of live hosts belong
 * to other windows and are left alone. Where /proc does not exist the
 * command line cannot be checked, and nothing is killed.
 */
import { readFile } from 'node:fs/promises';
import type { Disposable } from '../common/disposable';
import type { Logger } from '../common/logger';

export interface ServerRecord {
  pid: number;
  /** The extension host that spawned it. */
  hostPid: number;
  /** The spawned command line: command, then arguments. */
  argv: string[];
}

/** The part of `vscode.Memento` used here. */
export interface RecordMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export interface ProcessPorts {
  isAlive(pid: number): boolean;
  /** The process's arguments, or undefined when they cannot be read. */
  commandLine(pid: number): Promise<string[] | undefined>;
  kill(pid: number, signal: NodeJS.Signals): void;
  sleep(ms: number): Promise<void>;
}

export const SERVER_RECORDS_KEY = 'codexThreads.serverProcesses';

export class ServerProcessRegistry {
  constructor(
    private readonly memento: RecordMemento,
    private readonly logger: Logger,
    private readonly ports: ProcessPorts = nodeProcessPorts,
    private readonly hostPid = process.pid,
  ) {}

  /** Records a server this host spawned, until the returned disposable is disposed. */
  track(pid: number, argv: string[]): Disposable {
    void this.write((records) => [...records.filter((record) => record.pid !== pid), { pid, hostPid: this.hostPid, argv }]);
    return { dispose: () => void this.write((records) => records.filter((record) => record.pid !== pid || record.hostPid !== this.hostPid)) };
  }

  /** Kills the orphans of dead hosts; resolves with the pids it stopped. */
  async reapOrphans(): Promise<number[]> {
    const records = this.read();
    const orphans = records.filter((record) => record.hostPid !== this.hostPid && !this.ports.isAlive(record.hostPid));
    const reaped: number[] = [];
    for (const record of orphans) {
      if (!this.ports.isAlive(record.pid)) continue;
      const argv = await this.ports.commandLine(record.pid);
      if (!argv || !sameProgram(argv, record.argv)) continue;
      this.logger.warn(`Stopping an orphaned Codex server (pid ${record.pid}) left by a previous window`);
      await this.stop(record.pid);
      reaped.push(record.pid);
    }
    const dead = new Set(orphans.map((record) => record.pid));
    await this.write((current) => current.filter((record) => !dead.has(record.pid)));
    return reaped;
  }

  private async stop(pid: number): Promise<void> {
    try {
      this.ports.kill(pid, 'SIGTERM');
      for (let waited = 0; waited < 2000 && this.ports.isAlive(pid); waited += 100) await this.ports.sleep(100);
      if (this.ports.isAlive(pid)) this.ports.kill(pid, 'SIGKILL');
    } catch (error) {
      this.logger.warn(`Could not stop pid ${pid}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private read(): ServerRecord[] {
    const value = this.memento.get<unknown>(SERVER_RECORDS_KEY);
    return Array.isArray(value) ? value.filter(isRecord) : [];
  }

  private write(change: (records: ServerRecord[]) => ServerRecord[]): Promise<void> {
    return Promise.resolve(this.memento.update(SERVER_RECORDS_KEY, change(this.read()))).catch((error: Error) =>
      this.logger.debug(`Could not record server processes: ${error.message}`),
    );
  }
}

/**
 * Whether a live process runs the recorded program: its arguments end with
 * the recorded ones, and it runs the recorded command (or an interpreter
 * running it, for a script given as `serverPath`).
 */
export function sameProgram(actual: string[], recorded: string[]): boolean {
  const [command, ...args] = recorded;
  if (!command || actual.length < args.length + 1) return false;
  const tail = actual.slice(actual.length - args.length);
  if (!args.every((arg, index) => tail[index] === arg)) return false;
  const head = actual.slice(0, actual.length - args.length);
  return head.some((part) => part === command || basename(part) === basename(command));
}

function basename(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function isRecord(value: unknown): value is ServerRecord {
  const record = value as Partial<ServerRecord>;
  return (
    typeof record === 'object' &&
    record !== null &&
    Number.isInteger(record.pid) &&
    Number.isInteger(record.hostPid) &&
    Array.isArray(record.argv) &&
    record.argv.every((arg) => typeof arg === 'string')
  );
}

export const nodeProcessPorts: ProcessPorts = {
  isAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but not ours to signal
    }
  },
  async commandLine(pid) {
    try {
      const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      return raw.split('\0').filter((part, index, parts) => part !== '' || index < parts.length - 1);
    } catch {
      return undefined;
    }
  },
  kill: (pid, signal) => process.kill(pid, signal),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
