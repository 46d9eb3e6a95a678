/**
 * Which git invocations only read. Besides the subcommand, git has options
 * that write (`--output=FILE`), run programs (`-c core.fsmonitor=…`,
 * `--ext-diff`, `--textconv`, `grep -O`), or page through a program
 * (`--paginate`). Git also accepts unambiguous abbreviations of long options
 * (`--outp=FILE`), so any prefix of those is refused too.
 */

export const READ_ONLY_SUBCOMMANDS: ReadonlySet<string> = new Set([
  'status', 'log', 'diff', 'show', 'branch', 'rev-parse', 'ls-files', 'blame', 'grep',
  'ls-tree', 'rev-list', 'describe', 'shortlog', 'show-ref', 'merge-base', 'cat-file',
]);
/** Global options (before the subcommand) that cannot make git run or write anything. */
const SAFE_GLOBAL_FLAGS = new Set(['--no-pager', '-P', '--no-optional-locks', '--literal-pathspecs', '--no-replace-objects', '--no-advice']);
/** Long options that write files or run programs; abbreviations of them are refused as well. */
const UNSAFE_LONG_OPTIONS = ['output', 'ext-diff', 'textconv', 'filters', 'exec', 'paginate', 'open-files-in-pager'];

const BRANCH_LIST_FLAGS = new Set(['-a', '--all', '-r', '--remotes', '-v', '-vv', '--verbose', '-l', '--list', '--show-current', '--no-color', '--color', '-i', '--ignore-case', '--column', '--no-column', '--no-abbrev']);
const BRANCH_LIST_VALUE_PREFIXES = ['--sort=', '--format=', '--color=', '--column=', '--abbrev=', '--contains=', '--no-contains=', '--merged=', '--no-merged=', '--points-at='];
/** Filters whose commit argument is optional: `git branch --merged [commit]`. */
const BRANCH_FILTERS = new Set(['--contains', '--no-contains', '--merged', '--no-merged', '--points-at']);

export function isSafeGit(args: readonly string[]): boolean {
  let index = 0;
  while (index < args.length && args[index].startsWith('-')) {
    const arg = args[index];
    if (arg === '-C') index += 2;
    else if (SAFE_GLOBAL_FLAGS.has(arg)) index++;
    // Anything else, `-c name=value` above all, may run code.
    else return false;
  }
  const subcommand = args[index];
  if (subcommand === undefined || !READ_ONLY_SUBCOMMANDS.has(subcommand)) return false;
  const rest = args.slice(index + 1);
  if (rest.some(isUnsafeOption)) return false;
  if (subcommand === 'grep' && rest.some((arg) => /^-[^-]*O/.test(arg))) return false;
  if (subcommand === 'branch') return isBranchListing(rest);
  return true;
}

function isUnsafeOption(arg: string): boolean {
  if (!arg.startsWith('--') || arg === '--') return false;
  const equals = arg.indexOf('=');
  const name = arg.slice(2, equals === -1 ? undefined : equals);
  return name.length > 0 && UNSAFE_LONG_OPTIONS.some((option) => option.startsWith(name));
}

/** `git branch` lists only with listing flags; a bare name creates a branch, `-d`/`-m`/`-c` change them. */
function isBranchListing(args: readonly string[]): boolean {
  const listMode = args.includes('--list') || args.includes('-l');
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (BRANCH_LIST_FLAGS.has(arg) || BRANCH_LIST_VALUE_PREFIXES.some((prefix) => arg.startsWith(prefix))) continue;
    if (BRANCH_FILTERS.has(arg)) {
      const value = args[index + 1];
      if (value !== undefined && !value.startsWith('-')) index++;
      continue;
    }
    if (arg.startsWith('-')) return false;
    // Outside list mode a name creates a branch; in list mode it is a pattern.
    if (!listMode) return false;
  }
  return true;
}
