/**
 * Linux sandbox with bubblewrap: the whole filesystem is mounted read-only,
 * the writable roots of a `workspaceWrite` policy are bound writable again
 * (their `.git` folders stay read-only, so history cannot be rewritten
 * behind the user's back), `/tmp` is writable only in `workspace-write`
 * (unless excluded), and the network is cut off
 * unless the policy allows it. The sandbox dies with the server.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SandboxPolicy } from '../protocol';
import type { Sandbox } from './sandbox';

export class BubblewrapSandbox implements Sandbox {
  readonly available = true;
  readonly description: string;

  constructor(private readonly bwrapPath: string) {
    this.description = `bubblewrap (${bwrapPath})`;
  }

  wrap(argv: string[], policy: SandboxPolicy, cwd: string): string[] {
    if (policy.type === 'dangerFullAccess' || policy.type === 'externalSandbox') return argv;
    const args = [this.bwrapPath, '--die-with-parent', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc'];
    const networkAccess = policy.networkAccess === true;
    if (policy.type === 'workspaceWrite') {
      const roots = new Set((policy.writableRoots?.length ? policy.writableRoots : [cwd]).map((root) => resolve(root)));
      // Leaving /tmp read-only (rather than an empty tmpfs) keeps a workspace that lives under /tmp visible.
      if (!policy.excludeSlashTmp) args.push('--bind', '/tmp', '/tmp');
      const tmpdir = process.env.TMPDIR;
      if (tmpdir && !policy.excludeTmpdirEnvVar && existsSync(tmpdir)) roots.add(resolve(tmpdir));
      for (const root of roots) {
        if (!existsSync(root)) continue;
        args.push('--bind', root, root);
        const git = join(root, '.git');
        if (existsSync(git)) args.push('--ro-bind', git, git);
      }
    }
    // read-only: everything stays read-only, /tmp included (a tmpfs would hide a workspace under /tmp).
    if (!networkAccess) args.push('--unshare-net');
    args.push('--chdir', cwd, '--', ...argv);
    return args;
  }
}
