/**
 * The composition root: builds the shared services once per process and
 * serves any number of connections over any transport. Every connection
 * sees the same threads.
 */
import { ResponsesClient } from './agent/responses-client';
import type { ServerSettings } from './config/settings';
import type { ServerNotificationMethod } from './protocol';
import { Connection } from './rpc/connection';
import { configHandlers } from './rpc/handlers/config';
import { handleInitialize } from './rpc/handlers/initialize';
import { modelHandlers } from './rpc/handlers/model';
import { threadHistoryHandlers } from './rpc/handlers/thread-history';
import { threadLifecycleHandlers } from './rpc/handlers/thread-lifecycle';
import { turnHandlers } from './rpc/handlers/turn';
import { Router } from './rpc/router';
import { LazySandbox } from './sandbox/detect-sandbox';
import type { Sandbox } from './sandbox/sandbox';
import { ThreadStore } from './store/thread-store';
import { ThreadManager } from './threads/thread-manager';
import { TurnControl } from './threads/turn-control';
import type { MessageTransport } from './transport/message-transport';

export class AppServer {
  readonly threads: ThreadManager;
  readonly store: ThreadStore;
  private readonly router: Router;
  private readonly connections = new Set<Connection>();
  readonly sandbox: Sandbox;

  constructor(
    readonly settings: ServerSettings,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    const modelClient = new ResponsesClient({
      baseUrl: settings.baseUrl,
      apiKey: env[settings.apiKeyEnv],
      apiKeyEnv: settings.apiKeyEnv,
      userAgent: `codex-threads/${settings.version}`,
    });
    const broadcast = (method: ServerNotificationMethod, params: unknown) => {
      for (const connection of this.connections) if (connection.initialized) connection.notify(method, params);
    };
    this.store = new ThreadStore(settings.home);
    this.threads = new ThreadManager({ settings, store: this.store, broadcast });
    this.sandbox = new LazySandbox(env);
    const turns = new TurnControl(this.threads, modelClient, this.sandbox);
    this.router = new Router({
      initialize: handleInitialize(settings),
      ...threadLifecycleHandlers(this.threads, broadcast, this.sandbox),
      ...threadHistoryHandlers(this.threads, broadcast),
      ...turnHandlers(turns),
      ...modelHandlers(settings),
      ...configHandlers(settings),
    });
  }

  serve(transport: MessageTransport): Connection {
    const connection = new Connection(transport, this.router);
    this.connections.add(connection);
    connection.onClose(() => this.connections.delete(connection));
    return connection;
  }

  /** Loads the thread index in the background so the first `thread/list` is fast. */
  warmUp(): void {
    setTimeout(() => this.store.index.ensureLoaded(), 20).unref();
  }

  shutdown(): Promise<void> {
    return this.threads.shutdown();
  }
}
