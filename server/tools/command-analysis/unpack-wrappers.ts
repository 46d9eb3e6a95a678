/**
 * Turns the words of one segment into the command that actually runs:
 * strips leading assignments and wrappers (`env`, `sudo`, `timeout`, `xargs`…),
 * recognises `sh -c SCRIPT` (the caller analyses SCRIPT recursively), and
 * pulls the commands out of `find -exec … ;`.
 */
import { programName } from './program-name';
import type { ParsedCommand, Redirection, Word } from './types';
import { ASSIGNMENT, WRAPPERS } from './wrappers';

/** What a command inherits from the words and scripts around it. */
export interface UnpackContext {
  redirections: Redirection[];
  assignments: string[];
  elevation: string[];
  wrappers: string[];
  appendedArgs: boolean;
  readsPipe: boolean;
}

export type UnpackStep =
  | { kind: 'complex'; reason: string }
  | { kind: 'script'; script: string; context: UnpackContext }
  | { kind: 'command'; command: ParsedCommand; nested: Array<{ words: Word[]; context: UnpackContext }> };

/** Reserved words and grouping: control flow we do not model. */
const SHELL_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'select', 'function', 'in', 'coproc', '{', '}', '!', '[[', ']]']);
/** Builtins that run code we cannot see in the string, or change how later words are read. */
const OPAQUE_BUILTINS = new Set(['eval', 'source', '.', 'trap', 'alias', 'enable', 'fc']);
/** Shells whose `-c SCRIPT` we analyse with the same (bash) rules. */
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh']);
/** Single-letter shell options that take no value (besides `c`, and `o`/`O`, which take one). */
const SHELL_FLAG_LETTERS = new Set('abefhkmnptuvxBCDEHPTilrs');
const SHELL_LONG_FLAGS = new Set(['--login', '--noprofile', '--norc', '--posix', '--noediting', '--restricted', '--verbose']);
const FIND_EXEC_ACTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir']);
/** Deep enough for real commands (`sudo env X=1 timeout 5 nice cmd`), small enough to stop pathological input. */
const MAX_WRAPPERS = 16;

function complex(reason: string): UnpackStep {
  return { kind: 'complex', reason };
}

export function unpack(segmentWords: readonly Word[], context: UnpackContext): UnpackStep {
  const ctx: UnpackContext = {
    ...context,
    assignments: [...context.assignments],
    elevation: [...context.elevation],
    wrappers: [...context.wrappers],
  };
  let start = 0;
  while (start < segmentWords.length && ASSIGNMENT.test(segmentWords[start].text)) {
    ctx.assignments.push(segmentWords[start].text);
    start++;
  }
  // A bare `PATH=/tmp/x` changes what later commands in the string resolve to.
  if (start === segmentWords.length) return complex('assignment without a command');
  let words = segmentWords.slice(start);

  for (let depth = 0; depth < MAX_WRAPPERS; depth++) {
    const program = words[0];
    if (program.dynamic) return complex(`program ${program.text} is decided at run time`);
    if (SHELL_KEYWORDS.has(program.text)) return complex(`shell keyword ${program.text}`);
    const name = programName(program.text);
    if (name === '' || name.includes('=')) return complex(`odd program name ${JSON.stringify(program.text)}`);
    if (OPAQUE_BUILTINS.has(name)) return complex(`${name} runs code not in the string`);

    const wrapper = Object.hasOwn(WRAPPERS, name) ? WRAPPERS[name] : undefined;
    if (wrapper) {
      const result = wrapper(words);
      if (result.kind === 'complex') return result;
      if (result.kind === 'inner') {
        ctx.wrappers.push(name);
        if (result.assignments) ctx.assignments.push(...result.assignments);
        if (result.elevation) ctx.elevation.push(...result.elevation);
        if (result.appendedArgs) ctx.appendedArgs = true;
        words = result.words ?? words.slice(result.next);
        const replace = result.replaceString;
        if (replace) words = words.map((word) => (word.text.includes(replace) ? { ...word, dynamic: true } : word));
        continue;
      }
    } else if (SHELLS.has(name)) {
      const shell = parseShellInvocation(words);
      if (shell.kind === 'complex') return shell;
      if (shell.kind === 'script') {
        if (ctx.appendedArgs) return complex(`${name} -c with arguments appended by xargs`);
        return { kind: 'script', script: shell.script, context: { ...ctx, wrappers: [...ctx.wrappers, name] } };
      }
    }

    const nested = name === 'find' ? findExecs(words, ctx) : [];
    if (!Array.isArray(nested)) return nested;
    const command: ParsedCommand = {
      words,
      redirections: ctx.redirections,
      assignments: ctx.assignments,
      elevation: ctx.elevation,
      wrappers: ctx.wrappers,
      appendedArgs: ctx.appendedArgs,
      readsPipe: ctx.readsPipe,
    };
    return { kind: 'command', command, nested };
  }
  return complex('too many nested wrappers');
}

type ShellInvocation = { kind: 'script'; script: string } | { kind: 'plain' } | { kind: 'complex'; reason: string };

/** `bash -lc SCRIPT`, `sh -e -c SCRIPT`, `bash -o pipefail -c SCRIPT` → SCRIPT; `bash file.sh` is a plain command. */
function parseShellInvocation(words: readonly Word[]): ShellInvocation {
  let index = 1;
  let sawC = false;
  while (index < words.length) {
    const word = words[index];
    if (word.dynamic) break;
    const text = word.text;
    if (text === '--' || text === '-') {
      index++;
      break;
    }
    if (/^[-+][A-Za-z]+$/.test(text)) {
      let values = 0;
      for (const letter of text.slice(1)) {
        if (letter === 'c') sawC = true;
        else if (letter === 'o' || letter === 'O') values++;
        else if (!SHELL_FLAG_LETTERS.has(letter)) return { kind: 'complex', reason: `shell option -${letter}` };
      }
      index += 1 + values;
      continue;
    }
    if (text.startsWith('--')) {
      if (SHELL_LONG_FLAGS.has(text)) {
        index++;
        continue;
      }
      return { kind: 'complex', reason: `shell option ${text}` };
    }
    break;
  }
  if (!sawC) return { kind: 'plain' };
  const script = words[index];
  if (script === undefined) return { kind: 'complex', reason: '-c without a script' };
  if (script.dynamic) return { kind: 'complex', reason: 'the -c script is decided at run time' };
  // Extra words become $0, $1…; a script reading them is decided at run time.
  if (index + 1 < words.length) return { kind: 'complex', reason: 'arguments after the -c script' };
  return { kind: 'script', script: script.text };
}

/** The commands of `find … -exec CMD {} ;` (or `+`), each as its own command with `{}` marked dynamic. */
function findExecs(words: readonly Word[], ctx: UnpackContext): Array<{ words: Word[]; context: UnpackContext }> | UnpackStep {
  const nested: Array<{ words: Word[]; context: UnpackContext }> = [];
  for (let index = 1; index < words.length; index++) {
    if (!FIND_EXEC_ACTIONS.has(words[index].text)) continue;
    let end = index + 1;
    // GNU find ends the command at `;`, or at `+` right after `{}`.
    while (end < words.length && words[end].text !== ';' && !(words[end].text === '+' && words[end - 1].text === '{}')) end++;
    if (end >= words.length) return complex(`find ${words[index].text} without ; or +`);
    const inner = words.slice(index + 1, end).map((word) => (word.text.includes('{}') ? { ...word, dynamic: true } : word));
    if (inner.length === 0) return complex(`find ${words[index].text} without a command`);
    nested.push({
      words: inner,
      context: { ...ctx, wrappers: [...ctx.wrappers, 'find'], appendedArgs: false, readsPipe: false },
    });
    index = end;
  }
  return nested;
}
