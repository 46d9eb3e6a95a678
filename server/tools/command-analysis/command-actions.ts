/**
 * A summary of what a command does, for display (`commandActions` of a
 * `commandExecution` item, PROTOCOL §4.1): reading a file, listing files,
 * searching, or something else. Display only: never use it to decide safety.
 */
import { analyzeDetailed } from './analyze-command';
import { keyParts } from './normalized-key';
import { programName } from './program-name';
import { sedReadFile } from './safe-sed';
import { shellJoin } from './shell-join';
import type { ParsedCommand } from './types';

/** PROTOCOL §4.1 `CommandAction`; `command` is the simple command re-joined as shell text. */
export type CommandAction =
  | { type: 'read'; command: string; name: string; path: string }
  | { type: 'listFiles'; command: string; path: string | null }
  | { type: 'search'; command: string; query: string | null; path: string | null }
  | { type: 'unknown'; command: string };

/** Options that take a separate value, per program, so the value is not taken for a file. */
const VALUE_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  head: ['-n', '-c', '--lines', '--bytes'],
  tail: ['-n', '-c', '--lines', '--bytes', '-s', '--sleep-interval', '--pid'],
  nl: ['-b', '-d', '-f', '-h', '-i', '-l', '-n', '-s', '-v', '-w'],
  cat: [],
  ls: ['-I', '--ignore', '--hide', '-w', '--width', '-T', '--tabsize', '--block-size', '--format', '--sort', '--time', '--time-style', '--quoting-style'],
  tree: ['-L', '-P', '-I', '-o', '-H', '-T', '--filelimit', '--charset', '--timefmt', '--sort'],
  grep: ['-e', '--regexp', '-f', '--file', '-m', '--max-count', '-A', '-B', '-C', '--context', '--include', '--exclude', '--exclude-dir', '--exclude-from', '--label', '-d', '--directories', '-D', '--devices', '--binary-files', '--group-separator'],
  rg: ['-e', '--regexp', '-f', '--file', '-g', '--glob', '--iglob', '-t', '--type', '-T', '--type-not', '--type-add', '--type-clear', '-m', '--max-count', '-A', '--after-context', '-B', '--before-context', '-C', '--context', '-M', '--max-columns', '-j', '--threads', '-d', '--max-depth', '--maxdepth', '-E', '--encoding', '-r', '--replace', '--sort', '--sortr', '--color', '--colors', '--max-filesize', '--path-separator', '--pre', '--pre-glob', '--engine', '--field-match-separator', '--field-context-separator', '--context-separator', '--ignore-file'],
  'git grep': ['-e', '-f', '-A', '-B', '-C', '--context', '-m', '--max-count', '--max-depth', '--threads'],
  sort: ['-k', '--key', '-t', '--field-separator', '-S', '--buffer-size', '-T', '--temporary-directory', '--parallel'],
  uniq: ['-f', '-s', '-w', '--skip-fields', '--skip-chars', '--check-chars'],
  cut: ['-b', '-c', '-d', '-f', '--bytes', '--characters', '--delimiter', '--fields', '--output-delimiter'],
  column: ['-s', '-c', '-o', '-t', '-N', '-R', '-H', '-W', '-E', '-d'],
  wc: [],
};

/** Filters that, reading a pipe and naming no file, only shape the previous command's output. */
const OUTPUT_FILTERS = new Set(['head', 'tail', 'wc', 'sort', 'uniq', 'cat', 'nl', 'cut', 'tr', 'column', 'less', 'more']);

/**
 * One action per simple command, in order, skipping output filters at the end
 * of a pipeline (`| head`, `| wc -l`) and a leading `cd`. A complex string is
 * a single `unknown` action carrying the whole string; the empty string has none.
 */
export function commandActions(command: string): CommandAction[] {
  const analysis = analyzeDetailed(command);
  if (analysis.complex) return [{ type: 'unknown', command }];
  const all = analysis.commands;
  // `rg foo | head -n 20` is a search; `cd dir && ls` is a listing.
  const shown = all.filter((parsed, index) => !isOutputFilter(parsed) && !(isCd(parsed) && index < all.length - 1));
  return (shown.length > 0 ? shown : all).map(actionFor);
}

function isCd(parsed: ParsedCommand): boolean {
  return programName(parsed.words[0].text) === 'cd';
}

function isOutputFilter(parsed: ParsedCommand): boolean {
  const argv = parsed.words.map((word) => word.text);
  const name = programName(argv[0]);
  if (!parsed.readsPipe || !OUTPUT_FILTERS.has(name)) return false;
  if (parsed.redirections.some((redirection) => redirection.kind === 'output')) return false;
  // tr's operands are character sets, never files.
  return name === 'tr' || operands(argv.slice(1), VALUE_OPTIONS[name] ?? []).length === 0;
}

/** Non-option arguments, skipping the values of options in `valueOptions` (given separately). */
function operands(args: readonly string[], valueOptions: readonly string[]): string[] {
  const result: string[] = [];
  let endOfOptions = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (endOfOptions || arg === '-' || !arg.startsWith('-')) result.push(arg);
    else if (arg === '--') endOfOptions = true;
    else if (valueOptions.includes(arg)) index++;
  }
  return result;
}

/** The value of the first `-e PATTERN` / `--regexp=PATTERN` / `-ePATTERN`, if any. */
function patternOption(args: readonly string[]): string | undefined {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--') return undefined;
    if (arg === '-e' || arg === '--regexp') return args[index + 1];
    if (arg.startsWith('--regexp=')) return arg.slice('--regexp='.length);
    if (/^-e./.test(arg)) return arg.slice(2);
  }
  return undefined;
}

function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || path;
}

function actionFor(parsed: ParsedCommand): CommandAction {
  const argv = parsed.words.map((word) => word.text);
  const text = shellJoin(argv);
  const name = programName(argv[0]);
  const args = argv.slice(1);
  const read = (path: string): CommandAction => ({ type: 'read', command: text, name: basename(path), path });

  switch (name) {
    case 'cat':
    case 'head':
    case 'tail':
    case 'nl': {
      const files = operands(args, VALUE_OPTIONS[name]);
      return files.length === 1 && files[0] !== '-' ? read(files[0]) : { type: 'unknown', command: text };
    }
    case 'sed': {
      const file = sedReadFile(args);
      return file !== null ? read(file) : { type: 'unknown', command: text };
    }
    case 'ls':
    case 'tree':
      return { type: 'listFiles', command: text, path: operands(args, VALUE_OPTIONS[name])[0] ?? null };
    case 'find': {
      // Paths come before the first expression word (`-name`, `(`, `!`).
      const first = args[0];
      const isPath = first !== undefined && !first.startsWith('-') && first !== '(' && first !== '!';
      return { type: 'listFiles', command: text, path: isPath ? first : null };
    }
    case 'rg':
    case 'grep':
    case 'egrep':
    case 'fgrep':
      return searchAction(text, args, name === 'rg' ? VALUE_OPTIONS.rg : VALUE_OPTIONS.grep, name === 'rg');
    case 'git': {
      const key = keyParts(argv);
      if (key.words[1] === 'grep' && key.words.length === 2) {
        return searchAction(text, argv.slice(key.end), VALUE_OPTIONS['git grep'], false);
      }
      return { type: 'unknown', command: text };
    }
    default:
      return { type: 'unknown', command: text };
  }
}

function searchAction(text: string, args: readonly string[], valueOptions: readonly string[], isRipgrep: boolean): CommandAction {
  const positional = operands(args, valueOptions);
  if (isRipgrep && args.includes('--files')) return { type: 'listFiles', command: text, path: positional[0] ?? null };
  const option = patternOption(args);
  // With -f the patterns are in a file: no query to show, and every operand is a path.
  const fromFile = args.some((arg) => arg === '-f' || arg === '--file' || arg.startsWith('--file='));
  const query = option ?? (fromFile ? null : (positional.shift() ?? null));
  return { type: 'search', command: text, query, path: positional[0] ?? null };
}
