/**
 * What the agent needs from an OS sandbox: whether one can be set up here,
 * and how to wrap a command so it runs inside the thread's policy.
 */
import type { SandboxPolicy } from '../protocol';

export interface Sandbox {
  /** False when no sandbox can be set up (then every risky command needs approval). */
  readonly available: boolean;
  /** Why it is unavailable, or what it is; shown in warnings. */
  readonly description: string;
  /** The argv to spawn instead of `argv`, confined by `policy`. */
  wrap(argv: string[], policy: SandboxPolicy, cwd: string): string[];
}

/** Used where no OS sandbox exists: commands run unconfined, so approvals must cover them. */
export class NoSandbox implements Sandbox {
  readonly available = false;
  constructor(readonly description: string) {}
  wrap(argv: string[]): string[] {
    return argv;
  }
}
