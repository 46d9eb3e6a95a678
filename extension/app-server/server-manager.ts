/**
 * Owns the App Server processes of the window and hands out leases on them.
 *
 * One server serves every chat panel (a server hosts many threads). Its
 * launch bakes in the settings and the API key, so when those change the
 * current server is *retired*: new leases get a fresh server, and the old
 * one is shut down when its last lease ends, so open threads keep working.
 * Servers live until then or until `shutdown()`; an idle one stays warm.
 * A server that dies unexpectedly is dropped (the next lease starts a new
 * one) and reported through `onDidCrash`, which the supervisor acts on.
 * Every new server is announced by `onDidStartServer`, and its pid is
 * recorded (`trackProcess`) while it runs.
 */
import * as vscode from 'vscode';
import { readApiKey } from '../common/api-key';
import { Emitter } from '../common/disposable';
import { readSettings } from '../common/settings';
import { withTimeout } from '../common/timeout';
import type { Disposable } from '../common/disposable';
import { AppServerClient, type AppServerConnection, type ClientInfo, type ServerLease } from './app-server-client';
import { hasModelCredentials, resolveServerLaunch, type ServerLaunch } from './server-launch';
import { ServerProcess } from './server-process';

export interface ServerManagerOptions {
  secrets: vscode.SecretStorage;
  /** Absolute path of the bundled `dist/server.js`. */
  bundledServerPath: string;
  clientInfo: ClientInfo;
  log: vscode.LogOutputChannel;
  /** How long `initialize` may take before the start counts as failed. */
  initializeTimeoutMs?: number;
  /** The environment servers inherit; the extension host's by default (tests pass a sealed one). */
  baseEnv?: NodeJS.ProcessEnv;
  /**
   * Records a spawned server's process id until it is gone, so a later
   * activation can reap it if this extension host dies without cleaning up.
   */
  trackProcess?(pid: number, argv: string[]): Disposable;
}

interface ServerInstance {
  client: AppServerClient;
  process: ServerProcess;
  /** The launch inputs it was started with, to tell whether a change concerns it. */
  launchKey: string;
  /** Ends the record of its process id. */
  untrack: Disposable;
  leases: number;
  retired: boolean;
}

export class ServerManager implements vscode.Disposable {
  private readonly crashEmitter = new Emitter<Error>();
  /** Fires when a running server stopped without being asked to. */
  readonly onDidCrash = this.crashEmitter.event;
  private readonly startEmitter = new Emitter<AppServerConnection>();
  /**
   * Fires when a new server has answered `initialize`, before any lease on
   * it is handed out, so window-wide listeners (approvals, file changes, the
   * thread list) attach before the first thread exists.
   */
  readonly onDidStartServer = this.startEmitter.event;
  private current: Promise<ServerInstance> | undefined;
  private readonly instances = new Set<ServerInstance>();
  private disposing = false;

  constructor(private readonly options: ServerManagerOptions) {}

  /** Whether the server can reach a model without the user setting a key first. */
  async hasCredentials(): Promise<boolean> {
    const { serverPath, baseUrl } = readSettings();
    const apiKey = await readApiKey(this.options.secrets);
    return hasModelCredentials({ serverPath, baseUrl, apiKey, baseEnv: this.options.baseEnv ?? process.env });
  }

  async acquire(): Promise<ServerLease> {
    if (this.disposing) throw new Error('Codex is shutting down');
    const starting = (this.current ??= this.start());
    let instance: ServerInstance;
    try {
      instance = await starting;
    } catch (error) {
      if (this.current === starting) this.current = undefined; // let the next acquire try again
      throw error;
    }
    instance.leases += 1;
    let released = false;
    return {
      client: instance.client,
      dispose: () => {
        if (released) return;
        released = true;
        instance.leases -= 1;
        this.collect(instance);
      },
    };
  }

  /** Process ids of the servers still running (current and retired); for diagnostics and tests. */
  get processIds(): number[] {
    return [...this.instances].flatMap((instance) =>
      instance.process.pid !== undefined && !instance.process.exitStatus ? [instance.process.pid] : [],
    );
  }

  /**
   * The settings or the key may have changed: if the current server was
   * launched with different inputs, retire it (later leases get a new one;
   * the old one ends with its last lease). Resolves true when it did.
   */
  async retireIfStale(): Promise<boolean> {
    const current = this.current;
    if (!current) return false;
    const instance = await current.catch(() => undefined);
    if (!instance || this.current !== current) return false;
    if (launchKey(await this.resolveLaunch()) === instance.launchKey) return false;
    if (this.current !== current) return false; // someone else retired it meanwhile
    this.current = undefined;
    instance.retired = true;
    this.collect(instance);
    return true;
  }

  /** Stops every server; resolves once all have exited (used by `deactivate`). */
  async shutdown(): Promise<void> {
    this.disposing = true;
    this.current = undefined;
    await Promise.all([...this.instances].map((instance) => instance.client.shutdown().finally(() => instance.untrack.dispose())));
    this.instances.clear();
    this.crashEmitter.dispose();
    this.startEmitter.dispose();
  }

  dispose(): void {
    void this.shutdown();
  }

  private collect(instance: ServerInstance): void {
    if (!instance.retired || instance.leases > 0) return;
    this.instances.delete(instance);
    void instance.client.shutdown().finally(() => instance.untrack.dispose());
  }

  private async resolveLaunch(): Promise<ServerLaunch> {
    const settings = readSettings();
    return resolveServerLaunch({
      bundledServerPath: this.options.bundledServerPath,
      serverPath: settings.serverPath,
      serverArgs: settings.serverArgs,
      apiKey: await readApiKey(this.options.secrets),
      baseUrl: settings.baseUrl,
      execPath: process.execPath,
      baseEnv: this.options.baseEnv ?? process.env,
    });
  }

  private async start(): Promise<ServerInstance> {
    const launch = await this.resolveLaunch();
    const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const serverProcess = new ServerProcess(launch, this.options.log, { cwd });
    const client = new AppServerClient(serverProcess, this.options.log);
    const pid = serverProcess.pid;
    const instance: ServerInstance = {
      client,
      process: serverProcess,
      launchKey: launchKey(launch),
      untrack: (pid !== undefined && this.options.trackProcess?.(pid, [launch.command, ...launch.args])) || { dispose: () => undefined },
      leases: 0,
      retired: false,
    };
    this.instances.add(instance);
    let ready = false;
    client.onDidClose((reason) => {
      instance.retired = true;
      this.instances.delete(instance);
      void this.current?.then((current) => {
        if (current === instance) this.current = undefined;
      }, () => undefined);
      void client.shutdown().finally(() => instance.untrack.dispose());
      // A failed start is reported by acquire()'s rejection instead.
      if (ready && !this.disposing) this.crashEmitter.fire(reason);
    });
    try {
      await withTimeout(
        client.initialize(this.options.clientInfo),
        this.options.initializeTimeoutMs ?? 30_000,
        'The Codex server did not answer initialize in time',
      );
    } catch (error) {
      this.instances.delete(instance);
      await client.shutdown();
      instance.untrack.dispose();
      throw error;
    }
    ready = true;
    this.startEmitter.fire(client);
    return instance;
  }
}

/** What distinguishes one launch from another (not the whole inherited environment). */
function launchKey(launch: ServerLaunch): string {
  const { OPENAI_API_KEY, OPENAI_BASE_URL } = launch.env;
  return JSON.stringify([launch.command, launch.args, OPENAI_API_KEY ?? null, OPENAI_BASE_URL ?? null]);
}
