/**
 * Entry point. `codex-threads app-server` serves the App Server protocol as
 * JSONL on stdin/stdout (EOF on stdin shuts down cleanly), and/or on a
 * WebSocket listener (`--listen ws://HOST:PORT`) and the web runtime
 * (`--listen http://HOST:PORT`); one process, one set of threads.
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
import { parseArgs, USAGE, type Command, type TokenSource } from './cli-args';
import { log } from './common/log';
import { providerApiKey } from './config/providers';
import { resolveSettings } from './config/settings';
import { storedWebToken } from './transport/access-token';
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

  let token: string | undefined;
  try {
    token = readToken(command.token);
  } catch (error) {
    process.stderr.write(`codex-threads: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  // The extension starts us through Electron's Node mode; what the agent runs must not inherit it
  // (an Electron app, or the `code` command, started with it would run as plain Node).
  delete process.env.ELECTRON_RUN_AS_NODE;
  const server = new AppServer(resolveSettings());
  const outboundLimits = outboundLimitsFromEnv(process.env);
  const stop = (code: number) => void server.shutdown().finally(() => process.exit(code));
  // Logging to a parent that went away raises EPIPE on stderr; that must not crash the server.
  process.stderr.on('error', () => {});
  const version = `codex-threads ${server.settings.version}`;
  // Before any listener announces itself: a launcher that reads the address may signal at once.
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  for (const listen of command.listen) {
    if (listen.kind === 'stdio') {
      // The stdio client is the parent process: when it goes, the whole server goes, whatever else it serves.
      const transport = new StdioTransport(process.stdin, process.stdout, outboundLimits);
      server.serve(transport);
      transport.onClose((reason) => {
        if (reason) return stop(1);
        void server
          .shutdown()
          .then(() => drainStdout(STDOUT_DRAIN_MS))
          .finally(() => process.exit(0));
      });
      log.info(`${version} serving on stdio (home ${server.settings.home})`);
    } else if (listen.kind === 'ws') {
      const { listenWebSocket } = await import('./transport/websocket-listener');
      const { url } = await listenWebSocket({
        host: listen.host,
        port: listen.port,
        token,
        maxMessageBytes: MAX_MESSAGE_BYTES,
        outboundLimits,
        onConnection: (transport) => server.serve(transport),
      });
      // Tests and launchers read this line to learn the port.
      log.info(`${version} listening on ${url} (home ${server.settings.home})`);
    } else {
      const { listenHttp } = await import('./transport/http-listener');
      const webToken = token ?? storedWebToken(server.settings.home);
      const { url } = await listenHttp({
        host: listen.host,
        port: listen.port,
        token: webToken,
        maxMessageBytes: MAX_MESSAGE_BYTES,
        onConnection: (transport) => server.serve(transport),
      });
      log.info(`${version} listening on ${url} (home ${server.settings.home})`);
      // Only the token we keep is printed: a user's own token stays where they keep it.
      const fragment = token === undefined ? `#token=${webToken}` : '';
      process.stderr.write(`\nCodex Threads web runtime: open ${url}/${fragment}\n${modelHint(server)}\n`);
    }
  }
  server.warmUp();
}

/** The network listeners' token: from the file or variable the user named (never empty), else none. */
function readToken(source: TokenSource | undefined): string | undefined {
  if (!source) return undefined;
  const value = source.kind === 'file' ? readFileSync(source.path, 'utf8').trim() : (process.env[source.variable] ?? '').trim();
  if (value === '') {
    throw new Error(source.kind === 'file' ? `the token file ${source.path} is empty` : `the token variable ${source.variable} is unset or empty`);
  }
  return value;
}

/** A newcomer's first question, answered at start: will a prompt reach a model? Empty when it will. */
function modelHint(server: AppServer): string {
  const { config, env, home } = server.settings;
  const provider = config.provider(config.resolve(process.cwd()).modelProvider);
  if (provider && !(provider.isOpenAI && !providerApiKey(provider, env))) return '';
  return `No model is configured yet: set OPENAI_API_KEY for OpenAI, or OPENAI_BASE_URL for an OpenAI-compatible server
(Ollama: OPENAI_BASE_URL=http://127.0.0.1:11434/v1 CODEX_THREADS_MODEL=llama3.1), or a provider in ${home}/config.toml,
then restart. Until then the page opens, but prompts fail.
`;
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

main(process.argv.slice(2)).catch((error: NodeJS.ErrnoException) => {
  const message =
    error.code === 'EADDRINUSE'
      ? `${error.message}: another program (or another codex-threads) uses that port; pick another with --listen, e.g. --listen http://127.0.0.1:0 for any free port`
      : error.message;
  process.stderr.write(`codex-threads: ${message}\n`);
  // Listeners already open would keep a half-started server alive.
  process.exit(1);
});
