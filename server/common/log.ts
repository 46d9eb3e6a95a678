/**
 * The server's only logger. Everything goes to stderr: stdout is the
 * protocol wire. `CODEX_THREADS_LOG=debug` turns on debug lines.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const threshold = order[(process.env.CODEX_THREADS_LOG as Level) ?? 'info'] ?? order.info;

function write(level: Level, message: string): void {
  if (order[level] < threshold) return;
  process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase()} ${message}\n`);
}

export const log = {
  debug: (message: string) => write('debug', message),
  info: (message: string) => write('info', message),
  warn: (message: string) => write('warn', message),
  error: (message: string) => write('error', message),
};
