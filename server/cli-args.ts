/**
 * The command line: `codex-threads app-server [--listen URL]... [--token-file
 * PATH | --token-env VAR]`, and the schema exports. Errors say what is wrong
 * and show the usage.
 */
export const USAGE = `Usage:
  codex-threads app-server [--listen URL]... [--token-file PATH | --token-env VAR]
  codex-threads generate-json-schema --out DIR
  codex-threads generate-ts --out DIR

Serves the Codex App Server protocol. --listen may be given more than once;
one process serves all its listeners with the same threads:
  stdio://            JSON-RPC, one JSON object per line on stdin/stdout (the default)
  ws://HOST:PORT      one message per WebSocket text frame (e.g. codex --remote ws://HOST:PORT)
  http://HOST:PORT    the web runtime: the chat UI in a browser (POST + Server-Sent Events)
Port 0 picks a free port. A WebSocket listener binds loopback only, unless a token
is given that clients must send as "Authorization: Bearer <token>". The web
runtime always needs a token: without --token-file/--token-env one is made at
start and printed in the URL to open.

Environment: OPENAI_API_KEY, OPENAI_BASE_URL, CODEX_THREADS_MODEL,
CODEX_THREADS_HOME (default ~/.codex-threads), CODEX_THREADS_LOG=debug.`;

export type Listen =
  | { kind: 'stdio' }
  | { kind: 'ws'; host: string; port: number }
  | { kind: 'http'; host: string; port: number };

/** Where the network listeners' shared token comes from, if the user gave one. */
export type TokenSource = { kind: 'file'; path: string } | { kind: 'env'; variable: string };

export type Command =
  | { kind: 'serve'; listen: Listen[]; token?: TokenSource }
  | { kind: 'generate'; format: 'json-schema' | 'ts'; out: string }
  | { kind: 'help' };

/** `--ws-token-*` are the official server's names, accepted so its launch lines work here too. */
const OPTION_ALIASES: Record<string, string> = { '--ws-token-file': '--token-file', '--ws-token-env': '--token-env' };
const SERVE_OPTIONS = new Set(['--listen', '--token-file', '--token-env']);

export function parseArgs(argv: string[]): Command {
  const [command = 'app-server', ...rest] = argv;
  if (['--help', '-h', 'help'].includes(command)) return { kind: 'help' };
  const options = new Map<string, string[]>();
  for (let index = 0; index < rest.length; index++) {
    const flag = rest[index];
    if (flag === '--help' || flag === '-h') return { kind: 'help' };
    if (!flag.startsWith('--')) throw new Error(`unexpected argument: ${flag}`);
    const [given, inline] = flag.split('=', 2);
    const name = OPTION_ALIASES[given] ?? given;
    const value = inline ?? rest[++index];
    if (value === undefined) throw new Error(`${given} needs a value`);
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  if (command === 'generate-json-schema' || command === 'generate-ts') {
    const out = options.get('--out')?.at(-1);
    if (!out) throw new Error(`${command} needs --out DIR`);
    return { kind: 'generate', format: command === 'generate-ts' ? 'ts' : 'json-schema', out };
  }
  if (command !== 'app-server') throw new Error(`unknown command: ${command}`);
  for (const name of options.keys()) {
    if (!SERVE_OPTIONS.has(name)) throw new Error(`unknown option: ${name}`);
  }
  const listen = (options.get('--listen') ?? ['stdio://']).map(parseListen);
  if (listen.filter((entry) => entry.kind === 'stdio').length > 1) throw new Error('--listen stdio:// can be given only once');
  const tokenFile = options.get('--token-file')?.at(-1);
  const tokenEnv = options.get('--token-env')?.at(-1);
  if (tokenFile && tokenEnv) throw new Error('give the token either by --token-file or by --token-env, not both');
  const token: TokenSource | undefined = tokenFile
    ? { kind: 'file', path: tokenFile }
    : tokenEnv
      ? { kind: 'env', variable: tokenEnv }
      : undefined;
  return { kind: 'serve', listen, ...(token ? { token } : {}) };
}

function parseListen(value: string): Listen {
  if (value === 'stdio://' || value === 'stdio') return { kind: 'stdio' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--listen ${value}: expected stdio://, ws://HOST:PORT or http://HOST:PORT`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'http:') {
    throw new Error(`--listen ${value}: only stdio://, ws://HOST:PORT and http://HOST:PORT are supported`);
  }
  if (url.pathname !== '/' && url.pathname !== '') throw new Error(`--listen ${value}: a listener takes no path`);
  // URL drops a port that is the scheme's default (http://h:80), so read it from the text.
  const explicitPort = /:(\d+)\/?$/.exec(value);
  const port = explicitPort ? Number(explicitPort[1]) : 0;
  return { kind: url.protocol === 'ws:' ? 'ws' : 'http', host: url.hostname.replace(/^\[|\]$/g, ''), port };
}
