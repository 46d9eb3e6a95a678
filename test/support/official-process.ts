/**
 * The official `codex app-server` as a test peer: the native binary the
 * benchmarks install into `bench/.official/` (never installed from here),
 * started on a fresh temporary CODEX_HOME whose `config.toml` points at a
 * loopback mock model. It is driven through the same `ServerProcess` client
 * as our server, so a test can run one client script against both.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { OFFICIAL_VERSION, OFFICIAL_WRAPPER, officialNativeBinary, officialNativeSpec, writeOfficialConfig } from '../../bench/official-server';
import { ServerProcess } from './server-process';

export { OFFICIAL_VERSION };

/** Why the pinned official server cannot be used here, or null when it can. */
export function officialServerUnavailable(): string | null {
  let binary: string;
  try {
    binary = officialNativeBinary();
  } catch (error) {
    return (error as Error).message;
  }
  if (!existsSync(binary)) return `official codex app-server not installed in bench/.official (npm run bench installs it)`;
  const packageJson = join(dirname(dirname(OFFICIAL_WRAPPER)), 'package.json');
  const version = existsSync(packageJson) ? (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: string }).version : undefined;
  if (version !== OFFICIAL_VERSION) {
    return `bench/.official holds @openai/codex ${version ?? '(unknown version)'}, not ${OFFICIAL_VERSION} (npm run bench reinstalls it)`;
  }
  return null;
}

/**
 * A `ServerProcess` whose child is the official native binary, in its own
 * process group so that `close()` can also reap any command it left running.
 */
export class OfficialServerProcess extends ServerProcess {
  override async close(timeoutMs?: number): Promise<number | null> {
    try {
      return await super.close(timeoutMs);
    } finally {
      this.killGroup();
    }
  }

  private killGroup(): void {
    const pid = this.child.pid;
    if (!pid) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  }
}

/**
 * Starts the official server with a fresh CODEX_HOME configured (by the
 * bench's `writeOfficialConfig`) for the model at `modelBaseUrl`; the home is
 * removed when the server is closed. `model` overrides the config's model
 * slug (`-c model=…`): the tools upstream offers depend on it, and only a slug
 * it knows gets Codex's full tool set (PROTOCOL §10).
 */
export function startOfficialServer(modelBaseUrl: string, model?: string): OfficialServerProcess {
  const home = mkdtempSync(join(tmpdir(), 'codex-official-test-'));
  writeOfficialConfig(home, modelBaseUrl);
  const spec = officialNativeSpec(home);
  const args = model ? [...spec.args, '-c', `model=${JSON.stringify(model)}`] : spec.args;
  const child = spawn(spec.command, args, { env: spec.env, cwd: spec.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  child.stdin.on('error', () => {});
  return new OfficialServerProcess(child, home, true);
}
