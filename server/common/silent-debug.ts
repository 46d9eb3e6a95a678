/**
 * Stands in for the `debug` package in the server bundle (esbuild alias).
 * The proxy agent logs through it, and with `DEBUG=*` in the environment it
 * would print the proxy URL, password included, to our stderr. Our own
 * logger (CODEX_THREADS_LOG=debug) redacts; this keeps the library quiet.
 */
interface Debugger {
  (...args: unknown[]): void;
  enabled: boolean;
  namespace: string;
  extend(namespace: string): Debugger;
  log(...args: unknown[]): void;
}

const silent: Debugger = Object.assign(() => undefined, {
  enabled: false,
  namespace: '',
  extend: (): Debugger => silent,
  log: () => undefined,
});

export default function createDebug(): Debugger {
  return silent;
}
