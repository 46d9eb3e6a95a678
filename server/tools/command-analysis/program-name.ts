/**
 * The name a program is known by for keys, rules and safety checks.
 *
 * `/usr/bin/git` is git, but `./git` or `/tmp/x/git` may be anything the
 * model wrote, so only the standard system directories are stripped; other
 * paths stay verbatim and therefore never match a rule written for `git`.
 */
import { posix } from 'node:path';

const SYSTEM_BIN_DIRS = new Set([
  '/bin',
  '/sbin',
  '/usr/bin',
  '/usr/sbin',
  '/usr/local/bin',
  '/usr/local/sbin',
  '/opt/homebrew/bin',
  '/opt/homebrew/sbin',
]);

export function programName(argv0: string): string {
  if (!argv0.includes('/')) return argv0;
  const dir = posix.dirname(argv0);
  const base = posix.basename(argv0);
  return SYSTEM_BIN_DIRS.has(dir) && base !== '' ? base : argv0;
}
