/**
 * The composition root: builds the shared services once per process and
 * serves any number of connections over any transport. Every connection
 * sees the same threads.
 */
import { ProviderClients } from './config/provider-clients';
import { ProviderModels } from './config/provider-models';
import type { ServerSettings } from './config/settings';
import type { ServerNotificationMethod } from './protocol';
import { Connection } from './rpc/connection';
import { accountHandlers } from './rpc/handlers/account';
import { configHandlers } from './rpc/handlers/config';
import { handleInitialize } from './rpc/handlers/initialize';
import { modelHandlers } from './rpc/handlers/model';
import { skillsHandlers } from './rpc/handlers/skills';
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

  /** One model client per provider definition (config.toml, environment, thread overrides). */
  readonly providers: ProviderClients;

  constructor(
    readonly settings: ServerSettings,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    const userAgent = `codex-threads/${settings.version}`;
    this.providers = new ProviderClients(settings.config, settings.env, userAgent, { baseDelayMs: settings.retryBaseDelayMs });
    const broadcast = (method: ServerNotificationMethod, params: unknown) => {
      for (const connection of this.connections) if (connection.initialized) connection.notify(method, params);
    };
    // Problems in config.toml: to each client right after its `initialize` response (as upstream),
    // and to every client when an edited file brings new ones.
    const initialize = handleInitialize(settings);
    settings.config.onWarnings((warnings) => {
      // Clients initialized by now; a client initializing now gets them with its initialize response.
      const audience = [...this.connections].filter((connection) => connection.initialized);
      // Found while serving some request: let that request's response go first.
      setImmediate(() => {
        for (const connection of audience) for (const warning of warnings) connection.notify('configWarning', warning);
      });
    });
    this.store = new ThreadStore(settings.home);
    this.threads = new ThreadManager({ settings, store: this.store, broadcast });
    this.sandbox = new LazySandbox(env);
    // Each turn asks for its thread's client: a thread's provider (its params, project section or
    // `config` overrides) chooses where its requests go.
    const turns = new TurnControl(this.threads, (threadSettings) => this.providers.forThread(threadSettings), this.sandbox);
    this.router = new Router({
      initialize: (params, context) => {
        // Read before the connection counts as initialized, so a reload found now reaches it once.
        const warnings = settings.config.warnings();
        const response = initialize(params, context);
        context.afterResponse(() => {
          for (const warning of warnings) context.connection.notify('configWarning', warning);
        });
        return response;
      },
      ...threadLifecycleHandlers(this.threads, broadcast, this.sandbox),
      ...threadHistoryHandlers(this.threads, broadcast),
      ...turnHandlers(turns),
      ...modelHandlers(settings, new ProviderModels(settings.env, settings.config.secrets, { userAgent })),
      ...configHandlers(settings),
      ...accountHandlers(settings),
      ...skillsHandlers(),
    });
  }

  serve(transport: MessageTransport): Connection {
    const connection = new Connection(transport, this.router);
    this.connections.add(connection);
    connection.onClose(() => this.connections.delete(connection));
    return connection;
  }

  /**
   * Opens the thread index before the first request is read (about 25 ms at
   * 10,000 threads, nothing for a new home), like a database opened at
   * startup: the first `thread/list` then answers from memory. The request
   * validators most clients need first are compiled just after.
   */
  warmUp(): void {
    this.store.index.ensureLoaded();
    setImmediate(() => this.router.warm(['thread/list', 'thread/start', 'thread/resume', 'turn/start'])).unref();
  }

  shutdown(): Promise<void> {
    return this.threads.shutdown();
  }
}
