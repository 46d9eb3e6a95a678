/**
 * Programs that run another program: how to find the wrapped command in their
 * argv, and what they add to it (privilege, environment, hidden arguments).
 * Options are scanned strictly (see options.ts): anything unexpected makes
 * the whole command complex rather than risk mistaking a value for a program.
 */
import { scanOptions, type OptionTable } from './options';
import type { Word } from './types';

export type WrapperResult =
  | {
      kind: 'inner';
      /** Index of the wrapped program in the wrapper's words. */
      next: number;
      /** Replaces `words.slice(next)` (xargs without a command runs `echo`). */
      words?: Word[];
      assignments?: string[];
      /** Privilege words to remember, e.g. `['sudo', '-u', 'postgres']`. */
      elevation?: string[];
      /** The wrapper appends arguments we cannot see. */
      appendedArgs?: boolean;
      /** Words containing this string are replaced at run time (`xargs -I {}`). */
      replaceString?: string;
    }
  | { kind: 'self' }
  | { kind: 'complex'; reason: string };

type Wrapper = (words: readonly Word[]) => WrapperResult;

/** `NAME=value`, as a shell assignment word (the name part cannot be quoted or expanded). */
export const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;

function takeAssignments(words: readonly Word[], start: number): { assignments: string[]; next: number } {
  const assignments: string[] = [];
  let next = start;
  while (next < words.length && ASSIGNMENT.test(words[next].text)) assignments.push(words[next++].text);
  return { assignments, next };
}

/** A wrapper whose only job is to run the rest with some options: `nice`, `timeout`… */
function simpleWrapper(table: OptionTable, options: { operands?: number; whenAlone: 'self' | 'complex' }): Wrapper {
  return (words) => {
    const scan = scanOptions(words, 1, table);
    if (!scan.ok) return { kind: 'complex', reason: `${words[0].text}: ${scan.reason}` };
    const next = scan.next + (options.operands ?? 0);
    if (next >= words.length) {
      return options.whenAlone === 'self' && !options.operands
        ? { kind: 'self' }
        : { kind: 'complex', reason: `${words[0].text} without a command` };
    }
    return { kind: 'inner', next };
  };
}

const env: Wrapper = (words) => {
  let index = 1;
  for (;;) {
    const scan = scanOptions(words, index, {
      flags: ['-i', '--ignore-environment', '-0', '--null', '-v', '--debug', '--list-signal-handling'],
      values: ['-u', '--unset', '-C', '--chdir'],
      optionalLong: ['--default-signal', '--ignore-signal', '--block-signal'],
    });
    if (!scan.ok) return { kind: 'complex', reason: `env: ${scan.reason}` };
    index = scan.next;
    // `env -` is the old spelling of `env -i`.
    if (words[index]?.text !== '-' || words[index - 1]?.text === '--') break;
    index++;
  }
  const { assignments, next } = takeAssignments(words, index);
  if (next >= words.length) return { kind: 'self' };
  return { kind: 'inner', next, assignments };
};

function elevating(table: OptionTable, name: string): Wrapper {
  return (words) => {
    const scan = scanOptions(words, 1, table);
    if (!scan.ok) return { kind: 'complex', reason: `${name}: ${scan.reason}` };
    const { assignments, next } = takeAssignments(words, scan.next);
    if (next >= words.length) return { kind: 'complex', reason: `${name} without a command` };
    return { kind: 'inner', next, assignments, elevation: [name, ...scan.words.map((word) => word.text)] };
  };
}

const xargs: Wrapper = (words) => {
  const scan = scanOptions(words, 1, {
    flags: ['-0', '--null', '-r', '--no-run-if-empty', '-t', '--verbose', '-p', '--interactive', '-x', '--exit', '-o', '--open-tty'],
    values: ['-a', '--arg-file', '-d', '--delimiter', '-E', '-I', '-L', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars', '--process-slot-var'],
    optionalAttached: ['-e', '-i', '-l'],
    optionalLong: ['--replace', '--eof', '--max-lines'],
  });
  if (!scan.ok) return { kind: 'complex', reason: `xargs: ${scan.reason}` };
  let replaceString: string | undefined;
  for (const option of scan.options) {
    if (option.name === '-I') replaceString = option.value;
    if (option.name === '-i' || option.name === '--replace') replaceString = option.value ?? '{}';
  }
  const base = { kind: 'inner' as const, next: scan.next, appendedArgs: replaceString === undefined, replaceString };
  // With no command, xargs runs echo.
  if (scan.next >= words.length) return { ...base, words: [{ text: 'echo', dynamic: false }] };
  return base;
};

const command: Wrapper = (words) => {
  const scan = scanOptions(words, 1, { flags: ['-p', '-v', '-V'] });
  if (!scan.ok) return { kind: 'complex', reason: `command: ${scan.reason}` };
  // `command -v git` looks a program up; it runs nothing.
  if (scan.options.some((option) => option.name !== '-p')) return { kind: 'self' };
  return scan.next >= words.length ? { kind: 'self' } : { kind: 'inner', next: scan.next };
};

export const WRAPPERS: Readonly<Record<string, Wrapper>> = {
  env,
  sudo: elevating(
    {
      flags: ['-A', '--askpass', '-b', '--background', '-B', '--bell', '-E', '-H', '--set-home', '-k', '--reset-timestamp', '-n', '--non-interactive', '-P', '--preserve-groups', '-S', '--stdin'],
      values: ['-u', '--user', '-g', '--group', '-p', '--prompt', '-C', '--close-from', '-D', '--chdir', '-r', '--role', '-t', '--type', '-T', '--command-timeout', '-U', '--other-user', '-R', '--chroot'],
      optionalLong: ['--preserve-env'],
    },
    'sudo',
  ),
  doas: elevating({ flags: ['-n'], values: ['-u'] }, 'doas'),
  xargs,
  command,
  timeout: simpleWrapper(
    { flags: ['--preserve-status', '--foreground', '-v', '--verbose'], values: ['-s', '--signal', '-k', '--kill-after'] },
    { operands: 1, whenAlone: 'complex' },
  ),
  nice: simpleWrapper({ values: ['-n', '--adjustment'], numeric: true }, { whenAlone: 'self' }),
  nohup: simpleWrapper({}, { whenAlone: 'self' }),
  stdbuf: simpleWrapper({ values: ['-i', '-o', '-e', '--input', '--output', '--error'] }, { whenAlone: 'complex' }),
  // Only bash's `time [-p]`; /usr/bin/time's `-o FILE` would write a file.
  time: simpleWrapper({ flags: ['-p'] }, { whenAlone: 'self' }),
  builtin: simpleWrapper({}, { whenAlone: 'self' }),
  exec: simpleWrapper({ flags: ['-c', '-l'], values: ['-a'] }, { whenAlone: 'self' }),
};
