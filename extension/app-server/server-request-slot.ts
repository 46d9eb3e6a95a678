/**
 * The one handler of a connection's server → client requests (approvals),
 * for both clients of the protocol: the extension's (stdio) and the web
 * page's (HTTP). Registering replaces the previous handler; disposing a
 * registration that was replaced since does nothing.
 *
 * Host-free and Node-free: the web page bundles it.
 */
import type { Disposable } from '../common/disposable';

export type ServerRequestHandlerOf<Request> = (request: Request) => Promise<unknown>;

export class ServerRequestSlot<Request extends { method: string }> {
  private current: { methods: readonly string[]; handler: ServerRequestHandlerOf<Request> } | undefined;

  register(methods: readonly string[], handler: ServerRequestHandlerOf<Request>): Disposable {
    const registration = { methods, handler };
    this.current = registration;
    return {
      dispose: () => {
        if (this.current === registration) this.current = undefined;
      },
    };
  }

  /** The handler for `request`, if one is registered for its method. */
  handlerFor(request: Request): ServerRequestHandlerOf<Request> | undefined {
    return this.current?.methods.includes(request.method) ? this.current.handler : undefined;
  }
}
