/**
 * Brings the App Server back after a crash, and stops trying when it keeps
 * crashing.
 *
 * A crash reported by the server manager schedules a restart after a
 * backoff (0.5 s, 1 s, 2 s, … capped at 8 s, growing with the crashes of
 * the last minute); the restart is a plain `acquire()`, which starts a
 * fresh, initialized server. A failed restart counts as another crash.
 * More than `maxCrashes` crashes within `windowMs` and the supervisor gives
 * up, once, through `onDidGiveUp` (the extension offers the log). Threads
 * that lost their server call `reconnect()`: it waits for the restart and
 * hands them a lease on the new server, or undefined after giving up.
 * Starting a new thread (`reset()`) gives the server a fresh chance.
 */
import type { ServerLease } from './app-server-client';
import { Emitter, type Disposable } from '../common/disposable';
import type { Logger } from '../common/logger';

/** What the supervisor needs from the server manager. */
export interface SupervisedServers {
  acquire(): Promise<ServerLease>;
  onDidCrash(listener: (reason: Error) => void): Disposable;
}

export interface SupervisorOptions {
  /** Crashes tolerated within `windowMs`; one more and the supervisor gives up. */
  maxCrashes?: number;
  windowMs?: number;
  /** The first backoff; each further crash in the window doubles it. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  now?: () => number;
  logger: Logger;
}

export class ServerSupervisor implements Disposable {
  private readonly restartEmitter = new Emitter<void>();
  /** Fires when a server was restarted after a crash. */
  readonly onDidRestart = this.restartEmitter.event;
  private readonly giveUpEmitter = new Emitter<Error>();
  /** Fires once when the server keeps crashing and the supervisor stops restarting it. */
  readonly onDidGiveUp = this.giveUpEmitter.event;
  private readonly crashListener: Disposable;
  private crashTimes: number[] = [];
  private restarting: Promise<boolean> | undefined;
  private gaveUp = false;
  private disposed = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly servers: SupervisedServers,
    private readonly options: SupervisorOptions,
  ) {
    this.crashListener = servers.onDidCrash((reason) => this.crashed(reason));
  }

  /** Whether the supervisor gave up on the server (until `reset()`). */
  get hasGivenUp(): boolean {
    return this.gaveUp;
  }

  /** A lease on the restarted server, or undefined when it will not come back. */
  async reconnect(): Promise<ServerLease | undefined> {
    if (this.restarting && !(await this.restarting)) return undefined;
    if (this.gaveUp || this.disposed) return undefined;
    try {
      return await this.servers.acquire();
    } catch (error) {
      this.options.logger.warn(`Could not reconnect to the Codex server: ${describe(error)}`);
      return undefined;
    }
  }

  /** Forgets past crashes (the user started something new). */
  reset(): void {
    if (this.restarting) return;
    this.gaveUp = false;
    this.crashTimes = [];
  }

  dispose(): void {
    this.disposed = true;
    this.crashListener.dispose();
    clearTimeout(this.timer);
    this.wake?.();
    this.restartEmitter.dispose();
    this.giveUpEmitter.dispose();
  }

  private crashed(reason: Error): void {
    if (this.disposed || this.gaveUp) return;
    this.options.logger.warn(`Codex server crashed: ${reason.message}`);
    if (this.restarting) return; // the restart in progress covers it
    const restarting: Promise<boolean> = this.restartLoop(reason).finally(() => {
      if (this.restarting === restarting) this.restarting = undefined;
    });
    this.restarting = restarting;
  }

  private async restartLoop(reason: Error): Promise<boolean> {
    for (;;) {
      const now = (this.options.now ?? Date.now)();
      const windowMs = this.options.windowMs ?? 60_000;
      this.crashTimes = [...this.crashTimes.filter((time) => now - time < windowMs), now];
      if (this.crashTimes.length > (this.options.maxCrashes ?? 5)) {
        this.gaveUp = true;
        this.options.logger.error(`Codex server crashed ${this.crashTimes.length} times within ${windowMs / 1000} s; not restarting it`);
        this.giveUpEmitter.fire(reason);
        return false;
      }
      const delay = Math.min((this.options.initialDelayMs ?? 500) * 2 ** (this.crashTimes.length - 1), this.options.maxDelayMs ?? 8000);
      this.options.logger.info(`Restarting the Codex server in ${delay} ms`);
      await this.sleep(delay);
      if (this.disposed) return false;
      try {
        (await this.servers.acquire()).dispose(); // the manager keeps the current server; threads lease it themselves
        this.options.logger.info('Codex server restarted');
        this.restartEmitter.fire();
        return true;
      } catch (error) {
        reason = error instanceof Error ? error : new Error(String(error));
        this.options.logger.warn(`Could not restart the Codex server: ${reason.message}`);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
