/**
 * The composition root: builds the shared services once per process and
 * serves any number of connections over any transport.
 */
import { ResponsesClient } from './agent/responses-client';
import type { ServerSettings } from './config/settings';
import { Connection } from './rpc/connection';
import { handleInitialize } from './rpc/handlers/initialize';
import { threadHandlers } from './rpc/handlers/thread';
import { turnHandlers } from './rpc/handlers/turn';
import { Router } from './rpc/router';
import { RolloutStore } from './store/rollout-store';
import { ThreadManager } from './threads/thread-manager';
import type { MessageTransport } from './transport/message-transport';

export class AppServer {
  readonly threads: ThreadManager;
  private readonly router: Router;

  constructor(readonly settings: ServerSettings, env: NodeJS.ProcessEnv = process.env) {
    const modelClient = new ResponsesClient({
      baseUrl: settings.baseUrl,
      apiKey: env[settings.apiKeyEnv],
      apiKeyEnv: settings.apiKeyEnv,
      userAgent: `codex-threads/${settings.version}`,
    });
    this.threads = new ThreadManager({ settings, store: new RolloutStore(settings.home), modelClient });
    this.router = new Router({
      initialize: handleInitialize(settings),
      ...threadHandlers(this.threads),
      ...turnHandlers(this.threads),
    });
  }

  serve(transport: MessageTransport): Connection {
    return new Connection(transport, this.router);
  }

  shutdown(): Promise<void> {
    return this.threads.shutdown();
  }
}
