/**
 * Our server as shipped: the built `dist/server.js`, run by the same Node
 * that runs the bench, pointed at the loopback timing model.
 */
import { resolve } from 'node:path';
import type { SpawnSpec } from './rpc-client';

export const OUR_SERVER_JS = resolve(__dirname, '..', 'dist', 'server.js');

export function ourServerSpec(home: string, modelBaseUrl: string, extraNodeArgs: string[] = []): SpawnSpec {
  return {
    command: process.execPath,
    args: [...extraNodeArgs, OUR_SERVER_JS, 'app-server'],
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
