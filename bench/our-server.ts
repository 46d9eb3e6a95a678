/**
 * Our server as shipped: the built `dist/server.js`, run by the same Node
 * that runs the bench, pointed at the loopback timing model. By default the
 * one in this checkout; `--ours=<checkout>` benchmarks another checkout's
 * build instead (for example a clean clone of a given commit).
 */
import { resolve } from 'node:path';
import type { SpawnSpec } from './rpc-client';

export const REPO_ROOT = resolve(__dirname, '..');
let ourRoot = REPO_ROOT;

/** The checkout whose `dist/server.js` is "ours" for this run. */
export function useOurServerFrom(checkout: string): void {
  ourRoot = resolve(checkout);
}

export function ourCheckout(): string {
  return ourRoot;
}

export function ourServerJs(): string {
  return resolve(ourRoot, 'dist', 'server.js');
}

export function ourServerSpec(home: string, modelBaseUrl: string, extraNodeArgs: string[] = []): SpawnSpec {
  return {
    command: process.execPath,
    args: [...extraNodeArgs, ourServerJs(), 'app-server'],
    env: {
      PATH: process.env.PATH,
      HOME: home,
      CODEX_THREADS_HOME: home,
      CODEX_THREADS_MODEL: 'mock-model',
      OPENAI_BASE_URL: modelBaseUrl,
      OPENAI_API_KEY: 'sk-bench',
      NO_PROXY: '127.0.0.1,localhost',
    },
    cwd: home,
  };
}
