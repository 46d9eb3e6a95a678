/**
 * Entry point. `codex-threads app-server` serves the App Server protocol as
 * JSONL on stdin/stdout (EOF on stdin shuts down cleanly), or on a
 * WebSocket listener with `--listen ws://HOST:PORT`.
 */
import { readFileSync } from 'node:fs';
import { AppServer } from './app-server';
import { parseArgs, USAGE, type Command } from './cli-args';
import { log } from './common/log';
import { resolveSettings } from './config/settings';
import { StdioTransport } from './transport/stdio-transport';

const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

async function main(argv: string[]): Promise<void> {
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`codex-threads: ${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (command.kind === 'help') return void process.stderr.write(USAGE + '\n');
  if (command.kind === 'generate') {
    const { writeSchemaExport } = await import('./schema-export/write-export');
    const files = writeSchemaExport(command.format, command.out);
    process.stderr.write(`wrote ${files.length} file(s) to ${command.out}\n`);
    return;
  }

  const server = new AppServer(resolveSettings());
  const stop = (code: number) => void server.shutdown().finally(() => process.exit(code));
  if (command.listen.kind === 'stdio') {
    const connection = server.serve(new StdioTransport(process.stdin, process.stdout));
    connection.onClose(() => stop(0));
    server.warmUp();
    log.info(`codex-threads ${server.settings.version} serving on stdio (home ${server.settings.home})`);
    return;
  }
  const { listenWebSocket } = await import('./transport/websocket-listener');
  const token = command.tokenFile ? readFileSync(command.tokenFile, 'utf8').trim() : undefined;
  const { url } = await listenWebSocket({
    host: command.listen.host,
    port: command.listen.port,
    token,
    maxMessageBytes: MAX_MESSAGE_BYTES,
    onConnection: (transport) => server.serve(transport),
  });
  server.warmUp();
  // Tests and launchers read this line to learn the port.
  log.info(`codex-threads ${server.settings.version} listening on ${url} (home ${server.settings.home})`);
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`codex-threads: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
