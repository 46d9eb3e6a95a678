/**
 * How to start the App Server: a pure function of the settings, the secret
 * and the host environment, so the rules are unit-testable.
 *
 * The bundled server runs on the editor's own runtime (`process.execPath`
 * with `ELECTRON_RUN_AS_NODE=1`), so users need no separate Node install. A
 * custom `serverPath` (e.g. the official `codex` binary) is run as given.
 */
export interface ServerLaunchOptions {
  /** Absolute path of the bundled `dist/server.js`. */
  bundledServerPath: string;
  /** The `codexThreads.serverPath` setting; empty means the bundled server. */
  serverPath: string;
  /** The `codexThreads.serverArgs` setting. */
  serverArgs: readonly string[];
  /** From SecretStorage; overrides an inherited `OPENAI_API_KEY` when set. */
  apiKey: string | undefined;
  /** The `codexThreads.baseUrl` setting; empty means the server's default (OpenAI). */
  baseUrl: string;
  /** The runtime that runs the bundled server (the extension host's `process.execPath`). */
  execPath: string;
  /** The environment to inherit (the extension host's `process.env`). */
  baseEnv: NodeJS.ProcessEnv;
}

/**
 * V8 flags for the bundled server. `--max-semi-space-size=1` caps V8's young
 * generation at 1 MB per semi-space (the default grows to 16 MB): a long
 * streamed answer allocates many short-lived objects, and the larger young
 * generation was about 14 MB of the server's peak RSS, for no measurable
 * difference in CPU time (BENCHMARKS.md). It can only be set at process start. The
 * benchmark launches our server through this function, so it measures what
 * users get.
 */
export const BUNDLED_SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];

export interface ServerLaunch {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export function resolveServerLaunch(options: ServerLaunchOptions): ServerLaunch {
  const env: NodeJS.ProcessEnv = { ...options.baseEnv };
  if (options.apiKey) env.OPENAI_API_KEY = options.apiKey;
  if (options.baseUrl.trim()) env.OPENAI_BASE_URL = options.baseUrl.trim();
  const serverPath = options.serverPath.trim();
  if (serverPath) return { command: serverPath, args: [...options.serverArgs], env };
  // Inside VS Code, execPath is the Electron binary: this flag makes it act as plain Node.
  env.ELECTRON_RUN_AS_NODE = '1';
  return { command: options.execPath, args: [...BUNDLED_SERVER_NODE_FLAGS, options.bundledServerPath, ...options.serverArgs], env };
}

/**
 * Whether the server can reach a model without asking the user: a stored
 * key, an inherited `OPENAI_API_KEY`, or a base URL (local servers such as
 * Ollama need no key). A custom server program brings its own auth.
 */
export function hasModelCredentials(options: Pick<ServerLaunchOptions, 'serverPath' | 'apiKey' | 'baseUrl' | 'baseEnv'>): boolean {
  return Boolean(options.serverPath.trim() || options.apiKey || options.baseUrl.trim() || options.baseEnv.OPENAI_API_KEY);
}
