/**
 * Entry point. `codex-threads app-server` serves the App Server protocol as
 * JSONL on stdin/stdout (EOF on stdin shuts down cleanly), or on a
 * WebSocket listener with `--listen ws://HOST:PORT`.
 *
 * Stdio lifecycle: the server lives as long as its one client. It shuts
 * down (running turns end, rollouts are flushed) when stdin ends or a pipe
 * breaks (exit 0, after giving stdout a moment to drain), and when the
 * client stops reading stdout past `CODEX_THREADS_MAX_OUTBOUND_BYTES`
 * (exit 1, reason on stderr). Dropping notifications and carrying on was
 * the alternative; it was rejected because the client would silently hold a
 * wrong transcript, while an exit is visible and the threads are intact on
 * disk for `thread/resume` by a restarted server.
 */
import { readFileSync } from 'node:fs';
import { AppServer } from './app-server';
import { parseArgs, USAGE, type Command } from './cli-args';
import { log } from './common/log';
import { resolveSettings } from './config/settings';
import { outboundLimitsFromEnv } from './transport/outbound-backlog';
import { StdioTransport } from './transport/stdio-transport';

const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;
/** How long an exiting stdio server waits for its last responses to reach a reading client. */
const STDOUT_DRAIN_MS = 2000;

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
  const outboundLimits = outboundLimitsFromEnv(process.env);
  const stop = (code: number) => void server.shutdown().finally(() => process.exit(code));
  // Logging to a parent that went away raises EPIPE on stderr; that must not crash the server.
  process.stderr.on('error', () => {});
  if (command.listen.kind === 'stdio') {
    const transport = new StdioTransport(process.stdin, process.stdout, outboundLimits);
    server.serve(transport);
    transport.onClose((reason) => {
      if (reason) return stop(1);
      void server
        .shutdown()
        .then(() => drainStdout(STDOUT_DRAIN_MS))
        .finally(() => process.exit(0));
    });
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
    outboundLimits,
    onConnection: (transport) => server.serve(transport),
  });
  server.warmUp();
  // Tests and launchers read this line to learn the port.
  log.info(`codex-threads ${server.settings.version} listening on ${url} (home ${server.settings.home})`);
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
}

/** Waits (bounded) until stdout has handed everything to the pipe, so `process.exit` does not cut the last responses. */
function drainStdout(timeoutMs: number): Promise<void> {
  const stdout = process.stdout;
  if (stdout.writableLength === 0 || stdout.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stdout.off('drain', done);
      stdout.off('error', done);
      stdout.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    stdout.on('drain', done);
    stdout.on('error', done);
    stdout.on('close', done);
  });
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`codex-threads: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
