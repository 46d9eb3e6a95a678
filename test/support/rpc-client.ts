/**
 * A test-side JSON-RPC peer: records every message the server sent, sends
 * requests, and waits (always bounded) for responses and notifications.
 * The transport (stdio pipes, a WebSocket) is supplied by a subclass.
 */
export type Message = Record<string, any>;
export const DEFAULT_TIMEOUT_MS = 5000;

export abstract class RpcClient {
  readonly messages: Message[] = [];
  /** Request id → method, for checking results against the right schema. */
  readonly requestMethods = new Map<unknown, string>();
  private nextId = 1;
  private readonly listeners = new Set<() => void>();

  protected abstract sendText(text: string): void;
  protected abstract describeFailure(): string;

  /** Subclasses call this with each incoming message text. */
  protected receive(text: string): void {
    let message: Message;
    try {
      message = JSON.parse(text);
    } catch {
      message = { unparseable: text };
    }
    this.messages.push(message);
    for (const listener of this.listeners) listener();
  }

  send(message: object): void {
    this.sendText(JSON.stringify(message));
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

  async initialize(clientName = 'codex_threads_test', capabilities?: object): Promise<any> {
    const result = await this.call('initialize', {
      clientInfo: { name: clientName, title: 'Test', version: '1.0.0' },
      ...(capabilities ? { capabilities } : {}),
    });
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
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${this.describeFailure()}`));
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

  /** Starts a turn and waits for its `turn/completed`; returns that turn. */
  async runTurn(threadId: string, text: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<any> {
    const { turn } = await this.call('turn/start', { threadId, input: [{ type: 'text', text }] });
    const completed = await this.waitForNotification('turn/completed', (params) => params.turn.id === turn.id, timeoutMs);
    return completed.params.turn;
  }
}
