/**
 * Commands known to only read, which the `untrusted` policy runs without
 * asking. Conservative by design: a program is listed only when none of its
 * options can write a file, run another program or change the system, or
 * when the options that can are checked below. GNU tools accept abbreviated
 * long options (`sort --out=f` is `--output=f`), so checks refuse prefixes too.
 */
import { analyzeDetailed } from './analyze-command';
import { programName } from './program-name';
import { isSafeGit } from './safe-git';
import { isSafeSed } from './safe-sed';
import type { ParsedCommand, Redirection } from './types';

/** Safe whatever their arguments, even ones decided at run time. */
const SAFE_WITH_ANY_ARGUMENTS = new Set([
  'cat', 'head', 'tail', 'wc', 'nl', 'grep', 'egrep', 'fgrep', 'pwd', 'echo', 'printf', 'which', 'whoami', 'true', 'false',
  'stat', 'du', 'df', 'cut', 'tr', 'diff', 'cmp', 'basename', 'dirname', 'realpath', 'readlink', 'uname', 'id', 'ps', 'ls',
  'test', '[', 'cd', 'type',
  // Reached only when they run nothing else: `env` printing, `command -v git`.
  'env', 'command',
]);

/** Safe when their arguments pass a check; arguments decided at run time fail it. */
const CHECKS: Readonly<Record<string, (args: readonly string[]) => boolean>> = {
  git: isSafeGit,
  sed: isSafeSed,
  find: (args) => !args.some((arg) => FIND_UNSAFE.has(arg)),
  rg: (args) => !args.some(isUnsafeRipgrepOption),
  sort: (args) => !optionArgs(args).some((arg) => isShortCluster(arg, 'o') || isLongPrefixOf(arg, ['output', 'compress-program'])),
  uniq: (args) => countUniqOperands(args) <= 1,
  // -o writes the listing to a file; -R reruns tree with -o in every directory.
  tree: (args) => !optionArgs(args).some((arg) => isShortCluster(arg, 'o') || isShortCluster(arg, 'R') || arg.startsWith('--o')),
  file: (args) => !optionArgs(args).some((arg) => isShortCluster(arg, 'C') || isLongPrefixOf(arg, ['compile'])),
  date: isReadOnlyDate,
  hostname: (args) => args.every((arg) => HOSTNAME_QUERY_FLAGS.has(arg)),
};

/** Programs that read or write depending on their arguments (git: per subcommand, see safe-git.ts). */
export const ARGUMENT_CHECKED_PROGRAMS: ReadonlySet<string> = new Set(Object.keys(CHECKS));

const FIND_UNSAFE = new Set(['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fls', '-fprint', '-fprint0', '-fprintf']);
const HOSTNAME_QUERY_FLAGS = new Set(['-f', '--fqdn', '--long', '-s', '--short', '-d', '--domain', '-i', '--ip-address', '-I', '--all-ip-addresses', '-A', '--all-fqdns', '-a', '--alias', '-y', '--yp', '--nis', '-V', '--version', '-h', '--help']);
/** Wrappers that add no capability: they only limit, time or re-buffer the command. */
const SAFE_WRAPPERS = new Set(['env', 'timeout', 'nice', 'stdbuf', 'time', 'command', 'builtin', 'exec', 'xargs', 'sh', 'bash', 'zsh', 'dash', 'ksh']);
/** Variables that only change formatting or locale. */
const SAFE_VARIABLE = /^(?:LANG|LANGUAGE|LC_[A-Z]+|TZ|NO_COLOR|FORCE_COLOR|CLICOLOR|CLICOLOR_FORCE|TERM|COLUMNS|LINES|GIT_TERMINAL_PROMPT)$/;

/** True only when every command in `command` only reads, nothing is complex, and nothing writes through a redirection. */
export function isKnownSafe(command: string): boolean {
  const analysis = analyzeDetailed(command);
  return !analysis.complex && analysis.commands.length > 0 && analysis.commands.every(isSafeCommand);
}

export function isSafeCommand(command: ParsedCommand): boolean {
  if (command.elevation.length > 0) return false;
  if (!command.assignments.every(isHarmlessAssignment)) return false;
  // nohup writes nohup.out; sudo/doas are elevation, checked above.
  if (!command.wrappers.every((wrapper) => SAFE_WRAPPERS.has(wrapper))) return false;
  if (!command.redirections.every(isHarmlessRedirection)) return false;
  const argv0 = command.words[0].text;
  const name = programName(argv0);
  // `./ls` or `/tmp/x/ls` may be anything.
  if (name.includes('/')) return false;
  if (SAFE_WITH_ANY_ARGUMENTS.has(name)) return true;
  const check = Object.hasOwn(CHECKS, name) ? CHECKS[name] : undefined;
  if (!check) return false;
  // `find . $X` or `find *` could expand to `-delete`; xargs could append it.
  if (command.appendedArgs || command.words.some((word) => word.dynamic)) return false;
  return check(command.words.slice(1).map((word) => word.text));
}

function isHarmlessAssignment(assignment: string): boolean {
  const equals = assignment.indexOf('=');
  const name = assignment.slice(0, equals).replace(/\+$/, '');
  const value = assignment.slice(equals + 1);
  if (name === 'PAGER' || name === 'GIT_PAGER') return value === '' || value === 'cat';
  return SAFE_VARIABLE.test(name);
}

/** Reading a plain file is fine; writing anything, or opening a device (`/dev/tcp/…`), is not. */
function isHarmlessRedirection(redirection: Redirection): boolean {
  return redirection.kind === 'input' && !redirection.dynamic && !redirection.target.startsWith('/dev/');
}

/** The arguments before `--` that look like options. */
function optionArgs(args: readonly string[]): string[] {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).filter((arg) => arg.startsWith('-') && arg !== '-');
}

/** `-xyz` containing `letter` (a value attached to an earlier letter may cause a harmless false positive). */
function isShortCluster(arg: string, letter: string): boolean {
  return !arg.startsWith('--') && arg.startsWith('-') && arg.slice(1).includes(letter);
}

/** `--out`, `--output=f`: a long option whose name abbreviates one of `names`. */
function isLongPrefixOf(arg: string, names: readonly string[]): boolean {
  if (!arg.startsWith('--')) return false;
  const equals = arg.indexOf('=');
  const name = arg.slice(2, equals === -1 ? undefined : equals);
  return name.length > 0 && names.some((full) => full.startsWith(name));
}

function isUnsafeRipgrepOption(arg: string): boolean {
  // --pre and --hostname-bin run programs; -z/--search-zip runs decompressors.
  if (arg.startsWith('--pre') || arg.startsWith('--hostname-bin') || arg === '--search-zip') return true;
  return !arg.startsWith('--') && arg.startsWith('-') && arg.includes('z');
}

/** uniq's second operand is an output file. */
function countUniqOperands(args: readonly string[]): number {
  const valueOptions = new Set(['-f', '-s', '-w', '--skip-fields', '--skip-chars', '--check-chars']);
  let operands = 0;
  let endOfOptions = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (endOfOptions || arg === '-' || !arg.startsWith('-')) operands++;
    else if (arg === '--') endOfOptions = true;
    else if (valueOptions.has(arg)) index++;
  }
  return operands;
}

/** `date` prints, but `-s`, `--set` or a bare `MMDDhhmm` operand sets the clock. */
function isReadOnlyDate(args: readonly string[]): boolean {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg.startsWith('+')) continue;
    if (['-u', '--utc', '--universal', '-R', '--rfc-email', '--debug'].includes(arg)) continue;
    if (arg === '-I' || /^-I(?:date|hours|minutes|seconds|ns)$/.test(arg) || /^--iso-8601(?:=\w+)?$/.test(arg) || /^--rfc-3339=\w+$/.test(arg)) continue;
    if (/^--(?:date|reference)=/.test(arg)) continue;
    if (arg === '-d' || arg === '--date' || arg === '-r' || arg === '--reference') {
      if (index + 1 >= args.length) return false;
      index++;
      continue;
    }
    return false;
  }
  return true;
}
