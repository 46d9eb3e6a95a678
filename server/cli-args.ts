/**
 * The command line: `codex-threads app-server [--listen URL] [--ws-token-file PATH]`,
 * and the schema exports. Errors say what is wrong and show the usage.
 */
export const USAGE = `Usage:
  codex-threads app-server [--listen stdio:// | ws://HOST:PORT] [--ws-token-file PATH]
  codex-threads generate-json-schema --out DIR
  codex-threads generate-ts --out DIR

Serves the Codex App Server protocol (JSON-RPC 2.0, one JSON object per line on stdio,
or one message per WebSocket text frame). A WebSocket listener binds loopback only,
unless --ws-token-file gives a bearer token that clients must present.

Environment: OPENAI_API_KEY, OPENAI_BASE_URL, CODEX_THREADS_MODEL,
CODEX_THREADS_HOME (default ~/.codex-threads), CODEX_THREADS_LOG=debug.`;

export type Command =
  | { kind: 'serve'; listen: { kind: 'stdio' } | { kind: 'ws'; host: string; port: number }; tokenFile?: string }
  | { kind: 'generate'; format: 'json-schema' | 'ts'; out: string }
  | { kind: 'help' };

export function parseArgs(argv: string[]): Command {
  const [command = 'app-server', ...rest] = argv;
  if (['--help', '-h', 'help'].includes(command)) return { kind: 'help' };
  const options = new Map<string, string>();
  for (let index = 0; index < rest.length; index++) {
    const flag = rest[index];
    if (flag === '--help' || flag === '-h') return { kind: 'help' };
    if (!flag.startsWith('--')) throw new Error(`unexpected argument: ${flag}`);
    const [name, inline] = flag.split('=', 2);
    const value = inline ?? rest[++index];
    if (value === undefined) throw new Error(`${name} needs a value`);
    options.set(name, value);
  }
  if (command === 'generate-json-schema' || command === 'generate-ts') {
    const out = options.get('--out');
    if (!out) throw new Error(`${command} needs --out DIR`);
    return { kind: 'generate', format: command === 'generate-ts' ? 'ts' : 'json-schema', out };
  }
  if (command !== 'app-server') throw new Error(`unknown command: ${command}`);
  for (const name of options.keys()) {
    if (name !== '--listen' && name !== '--ws-token-file') throw new Error(`unknown option: ${name}`);
  }
  return { kind: 'serve', listen: parseListen(options.get('--listen') ?? 'stdio://'), tokenFile: options.get('--ws-token-file') };
}

function parseListen(value: string): { kind: 'stdio' } | { kind: 'ws'; host: string; port: number } {
  if (value === 'stdio://' || value === 'stdio') return { kind: 'stdio' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--listen ${value}: expected stdio:// or ws://HOST:PORT`);
  }
  if (url.protocol !== 'ws:') throw new Error(`--listen ${value}: only stdio:// and ws://HOST:PORT are supported`);
  const port = url.port === '' ? 0 : Number(url.port);
  return { kind: 'ws', host: url.hostname.replace(/^\[|\]$/g, ''), port };
}
