/**
 * macOS sandbox with `sandbox-exec` (Seatbelt): a profile that denies by
 * default, allows reading everywhere and running programs, allows writing
 * only under the writable roots of a `workspaceWrite` policy (and the temp
 * folders unless excluded), keeps `.git` folders read-only, and allows the
 * network only when the policy says so. The profile takes the roots as
 * parameters (`-D`), so paths are never spliced into its text.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SandboxPolicy } from '../protocol';
import type { Sandbox } from './sandbox';

export const SANDBOX_EXEC = '/usr/bin/sandbox-exec';

const BASE_PROFILE = `(version 1)
(deny default)
(allow process-exec)
(allow process-fork)
(allow signal (target same-sandbox))
(allow file-read*)
(allow sysctl-read)
(allow mach-lookup)
(allow ipc-posix-shm)
(allow file-write-data (literal "/dev/null") (literal "/dev/tty") (regex #"^/dev/fd/"))`;

export class SeatbeltSandbox implements Sandbox {
  readonly available = true;
  readonly description = `sandbox-exec (${SANDBOX_EXEC})`;

  wrap(argv: string[], policy: SandboxPolicy, cwd: string): string[] {
    if (policy.type === 'dangerFullAccess' || policy.type === 'externalSandbox') return argv;
    const { profile, parameters } = seatbeltProfile(policy, cwd, process.env.TMPDIR);
    return [SANDBOX_EXEC, '-p', profile, ...parameters.flatMap(([name, value]) => ['-D', `${name}=${value}`]), '--', ...argv];
  }
}

/** The profile text and its `-D` parameters for a policy. */
export function seatbeltProfile(
  policy: SandboxPolicy,
  cwd: string,
  tmpdir: string | undefined,
): { profile: string; parameters: Array<[string, string]> } {
  const lines = [BASE_PROFILE];
  const parameters: Array<[string, string]> = [];
  if (policy.type === 'workspaceWrite') {
    const roots = new Set((policy.writableRoots?.length ? policy.writableRoots : [cwd]).map((root) => resolve(root)));
    if (!policy.excludeSlashTmp) roots.add('/private/tmp');
    if (tmpdir && !policy.excludeTmpdirEnvVar) roots.add(resolve(tmpdir));
    const writable: string[] = [];
    const gitDirs: string[] = [];
    [...roots].forEach((root, index) => {
      parameters.push([`WRITABLE_ROOT_${index}`, root]);
      writable.push(`(subpath (param "WRITABLE_ROOT_${index}"))`);
      const git = join(root, '.git');
      if (existsSync(git)) {
        parameters.push([`READ_ONLY_GIT_${index}`, git]);
        gitDirs.push(`(subpath (param "READ_ONLY_GIT_${index}"))`);
      }
    });
    if (writable.length) lines.push(`(allow file-write* ${writable.join(' ')})`);
    // Seatbelt applies the last matching rule: the .git denial must come after the allow.
    if (gitDirs.length) lines.push(`(deny file-write* ${gitDirs.join(' ')})`);
  }
  if ((policy.type === 'readOnly' || policy.type === 'workspaceWrite') && policy.networkAccess === true) lines.push('(allow network*)');
  return { profile: lines.join('\n'), parameters };
}
