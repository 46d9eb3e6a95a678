/**
 * Entry point: `codex-threads app-server` serves the App Server protocol as
 * JSONL on stdin/stdout. EOF on stdin shuts the server down cleanly.
 */
import { AppServer } from './app-server';
import { log } from './common/log';
import { resolveSettings } from './config/settings';
import { StdioTransport } from './transport/stdio-transport';

const USAGE = `Usage: codex-threads app-server [--listen stdio://]

Serves the Codex App Server protocol (JSON-RPC, one JSON object per line) on stdin/stdout.
Environment: OPENAI_API_KEY, OPENAI_BASE_URL, CODEX_THREADS_MODEL, CODEX_THREADS_HOME (default ~/.codex-threads).`;

function main(argv: string[]): void {
  const [command = 'app-server', ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stderr.write(USAGE + '\n');
    return;
  }
  if (command !== 'app-server') return fail(`unknown command: ${command}`);
  const listenIndex = rest.indexOf('--listen');
  const listen = listenIndex === -1 ? 'stdio://' : rest[listenIndex + 1];
  if (listen !== 'stdio://') return fail(`unsupported --listen ${listen ?? '(missing)'}: only stdio:// for now`);

  const server = new AppServer(resolveSettings());
  const transport = new StdioTransport(process.stdin, process.stdout);
  const connection = server.serve(transport);
  server.warmUp();
  connection.onClose(() => {
    void server.shutdown().finally(() => process.exit(0));
  });
  log.info(`codex-threads ${server.settings.version} serving on stdio (home ${server.settings.home})`);
}

function fail(message: string): void {
  process.stderr.write(`codex-threads: ${message}\n\n${USAGE}\n`);
  process.exitCode = 2;
}

main(process.argv.slice(2));
