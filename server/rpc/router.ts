/**
 * Method name → validated handler. Validation happens here, at the edge:
 * handlers receive typed params, and a bad param becomes -32602 with a
 * message naming the field. Validators are compiled on first use so that
 * startup stays fast. `dispatch` stays synchronous for synchronous handlers,
 * so their responses are written in the order the requests came.
 */
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { clientRequests, RpcError, type ClientRequestMethod, type RequestParams, type RequestResult } from '../protocol';
import type { ClientConnection } from './client-connection';
import { checkExperimental } from './experimental-gate';
import { describeParamError } from './param-errors';

export interface RequestContext {
  connection: ClientConnection;
  /** Runs after the response has been written: side-effect notifications go here. */
  afterResponse(callback: () => void): void;
}

export type Handler<M extends ClientRequestMethod> = (
  params: RequestParams<M>,
  context: RequestContext,
) => RequestResult<M> | Promise<RequestResult<M>>;

export type HandlerTable = { [M in ClientRequestMethod]?: Handler<M> };

export class Router {
  private readonly validators = new Map<string, TypeCheck<TSchema>>();

  constructor(private readonly handlers: HandlerTable) {}

  has(method: string): method is ClientRequestMethod {
    return Object.hasOwn(this.handlers, method);
  }

  /** Throws RpcError synchronously for unknown methods and bad params. */
  dispatch(method: string, rawParams: unknown, context: RequestContext): unknown {
    if (!this.has(method)) throw RpcError.methodNotFound(method);
    // Upstream requires `params`; we accept a missing one as `{}`.
    const params = rawParams ?? {};
    this.validate(method, params);
    checkExperimental(method, params, context.connection.experimentalApi);
    const handler = this.handlers[method] as Handler<typeof method>;
    return handler(params as never, context);
  }

  /** Compiles the validators of `methods` ahead of their first request (off the startup path). */
  warm(methods: ClientRequestMethod[]): void {
    for (const method of methods) this.validator(method);
  }

  private validator(method: ClientRequestMethod): TypeCheck<TSchema> {
    let check = this.validators.get(method);
    if (!check) {
      check = TypeCompiler.Compile(clientRequests[method].params as TSchema);
      this.validators.set(method, check);
    }
    return check;
  }

  private validate(method: ClientRequestMethod, params: unknown): void {
    const schema = clientRequests[method].params as TSchema;
    const check = this.validator(method);
    if (check.Check(params)) return;
    const issue = describeParamError(schema, params);
    throw RpcError.invalidParams(`Invalid params for ${method}: ${issue.field} ${issue.message}`, { field: issue.field });
  }
}
