/**
 * Our server as shipped: the built `dist/server.js`, launched the way the
 * extension launches it (`resolveServerLaunch`: the same V8 flags, with this
 * Node standing in for the editor's runtime), pointed at the loopback timing
 * model. By default the one in this checkout; `--ours=<checkout>` benchmarks
 * another checkout's build instead (for example a clean clone of a given
 * commit), still launched by this checkout's rule.
 */
import { resolve } from 'node:path';
import { resolveServerLaunch } from '../extension/app-server/server-launch';
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

/** `extraNodeArgs` (profiling flags, say) go before the extension's own. */
export function ourServerSpec(home: string, modelBaseUrl: string, extraNodeArgs: string[] = []): SpawnSpec {
  const launch = resolveServerLaunch({
    bundledServerPath: ourServerJs(),
    serverPath: '',
    serverArgs: ['app-server'],
    apiKey: 'sk-bench',
    baseUrl: modelBaseUrl,
    execPath: process.execPath,
    baseEnv: { PATH: process.env.PATH, HOME: home, CODEX_THREADS_HOME: home, CODEX_THREADS_MODEL: 'mock-model', NO_PROXY: '127.0.0.1,localhost' },
  });
  return { command: launch.command, args: [...extraNodeArgs, ...launch.args], env: launch.env, cwd: home };
}

/** The V8 flags the launch adds before the script, for the report. */
export function ourNodeFlags(): string[] {
  const probe = ourServerSpec('/', 'http://127.0.0.1:1/v1');
  return probe.args.slice(0, probe.args.indexOf(ourServerJs()));
}
