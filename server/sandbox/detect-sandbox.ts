/**
 * Finds the OS sandbox this machine can run: bubblewrap on Linux, if it is
 * installed and user namespaces are allowed (checked by running it once);
 * sandbox-exec on macOS.
 * Otherwise a NoSandbox that says why, so threads can warn the user.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BubblewrapSandbox } from './bubblewrap';
import { NoSandbox, type Sandbox } from './sandbox';
import { SANDBOX_EXEC, SeatbeltSandbox } from './seatbelt';

const CANDIDATES = ['/usr/bin/bwrap', '/usr/local/bin/bwrap', '/bin/bwrap'];

export function detectSandbox(env: NodeJS.ProcessEnv = process.env): Sandbox {
  if (env.CODEX_THREADS_SANDBOX === 'none') return new NoSandbox('the OS sandbox is turned off (CODEX_THREADS_SANDBOX=none)');
  if (process.platform === 'darwin') {
    return existsSync(SANDBOX_EXEC) ? new SeatbeltSandbox() : new NoSandbox(`${SANDBOX_EXEC} is missing`);
  }
  if (process.platform !== 'linux') {
    return new NoSandbox(`no OS sandbox is supported on ${process.platform} yet`);
  }
  const bwrap = CANDIDATES.find((path) => existsSync(path));
  if (!bwrap) return new NoSandbox('bubblewrap (bwrap) is not installed; install the "bubblewrap" package to confine commands');
  const probe = spawnSync(bwrap, ['--ro-bind', '/', '/', '--dev', '/dev', '--unshare-net', '--', '/bin/true'], { timeout: 5000, stdio: 'pipe' });
  if (probe.status !== 0) {
    const reason = probe.stderr?.toString().trim() || probe.error?.message || `exit ${probe.status}`;
    return new NoSandbox(`bubblewrap cannot create a sandbox here (${reason}); user namespaces may be disabled`);
  }
  return new BubblewrapSandbox(bwrap);
}

/** Detects on first use, so the probe never delays server startup. */
export class LazySandbox implements Sandbox {
  private detected: Sandbox | null = null;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  private get sandbox(): Sandbox {
    this.detected ??= detectSandbox(this.env);
    return this.detected;
  }

  get available(): boolean {
    return this.sandbox.available;
  }

  get description(): string {
    return this.sandbox.description;
  }

  wrap(argv: string[], policy: Parameters<Sandbox['wrap']>[1], cwd: string): string[] {
    return this.sandbox.wrap(argv, policy, cwd);
  }
}
