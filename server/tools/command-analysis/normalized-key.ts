/**
 * The unit users approve: program plus subcommand (`git status`, `npm run
 * build`, `python -m pytest`), without the options. Tool knowledge lives in
 * tool-specs.ts; this file walks argv with it.
 *
 * Where a word might change what runs and we cannot tell (an option we do
 * not know, `git -c …`, `make -f other.mk`), the word stays in the key: the
 * key then only matches commands spelled the same way, never more.
 */
import { posix } from 'node:path';
import { programName } from './program-name';
import { shellJoin } from './shell-join';
import { interpreterSpec, LITERAL_KEY_PROGRAMS, toolSpec, type InterpreterSpec, type ToolSpec } from './tool-specs';
import type { SimpleCommand } from './types';

export interface KeyParts {
  /** The key's words: the program (see programName), then subcommand words and kept options. */
  words: string[];
  /** argv index of each word in `words`. */
  indexes: number[];
  /** argv index just after the last key word: `argv.slice(0, end)` is the literal prefix the key came from. */
  end: number;
  /** False when one more argument (say, appended by xargs) could still become part of the key. */
  complete: boolean;
  /** An interpreter with no script or code argument: it runs whatever arrives on stdin. */
  readsCodeFromStdin: boolean;
}

/** The key of one simple command, e.g. "git status", "npm run build", "ls". */
export function normalizedKey(command: SimpleCommand): string {
  return shellJoin(keyParts(command.argv).words);
}

export function keyParts(argv: readonly string[]): KeyParts {
  const parts: KeyParts = { words: [], indexes: [], end: 0, complete: true, readsCodeFromStdin: false };
  if (argv.length === 0) return parts;
  const program = programName(argv[0]);
  take(parts, program, 0);
  // `./gradlew` keeps its path in the key but is still gradle.
  const base = posix.basename(program);
  if (LITERAL_KEY_PROGRAMS.has(base)) {
    for (let index = 1; index < argv.length; index++) take(parts, argv[index], index);
    return parts;
  }
  const interpreter = interpreterSpec(base);
  if (interpreter) {
    keyInterpreter(argv, 1, interpreter, parts, base);
    return parts;
  }
  const tool = toolSpec(base);
  if (tool) keyTool(argv, 1, tool, parts);
  return parts;
}

function take(parts: KeyParts, word: string, index: number): void {
  parts.words.push(word);
  parts.indexes.push(index);
  parts.end = index + 1;
}

function isOption(arg: string): boolean {
  return arg.startsWith('-') && arg !== '-';
}

function keyTool(argv: readonly string[], start: number, spec: ToolSpec, parts: KeyParts): void {
  let level = spec;
  let found = 0;
  let afterDashes = false;
  parts.complete = false;
  let index = start;
  while (index < argv.length) {
    const arg = argv[index];
    if (level.literal) {
      for (; index < argv.length; index++) take(parts, argv[index], index);
      return;
    }
    // `npm exec -- tsc`: the key is not complete yet, so `--` and what follows
    // are kept; stopping here would key every `npm exec` alike.
    if (arg === '--' && !afterDashes) {
      take(parts, arg, index);
      afterDashes = true;
      index++;
      continue;
    }
    if (!afterDashes && isOption(arg)) {
      index = skipOrKeepOption(argv, index, level, parts);
      continue;
    }
    if (level.skipPrefix && arg.startsWith(level.skipPrefix)) {
      index++;
      continue;
    }
    take(parts, arg, index);
    index++;
    found++;
    if (level.allPositionals) continue;
    if (level.runsProgram) {
      appendProgramKey(argv, index - 1, parts);
      return;
    }
    const nested = level.nested && Object.hasOwn(level.nested, arg) ? level.nested[arg] : undefined;
    if (nested) {
      level = nested;
      found = 0;
      continue;
    }
    if (found < (level.positionals ?? 1)) continue;
    parts.complete = true;
    return;
  }
}

/** `npx prisma migrate dev`: the key continues with prisma's own key. */
function appendProgramKey(argv: readonly string[], programIndex: number, parts: KeyParts): void {
  const inner = keyParts(argv.slice(programIndex));
  for (let at = 1; at < inner.words.length; at++) take(parts, inner.words[at], inner.indexes[at] + programIndex);
  parts.complete = inner.complete;
  parts.readsCodeFromStdin = inner.readsCodeFromStdin;
}

/** Returns the index after the option at `argv[index]`, keeping it in the key when it matters or is unknown. */
function skipOrKeepOption(argv: readonly string[], index: number, level: ToolSpec, parts: KeyParts): number {
  const arg = argv[index];
  const equals = arg.indexOf('=');
  const name = equals === -1 ? arg : arg.slice(0, equals);
  for (const keyOption of level.keyOptions ?? []) {
    if (name === keyOption) {
      take(parts, arg, index);
      if (equals !== -1 || index + 1 >= argv.length) return index + 1;
      take(parts, argv[index + 1], index + 1);
      return index + 2;
    }
    if (keyOption.length === 2 && !arg.startsWith('--') && arg.startsWith(keyOption)) {
      take(parts, arg, index);
      return index + 1;
    }
  }
  if (level.valueOptions?.includes(name)) return equals === -1 ? index + 2 : index + 1;
  if (level.optionalNumeric?.includes(name)) {
    if (equals !== -1) return index + 1;
    return /^\d+(?:\.\d+)?$/.test(argv[index + 1] ?? '') ? index + 2 : index + 1;
  }
  if (!arg.startsWith('--') && arg.length > 2) {
    // A short option with its value attached: `-Cdir`, `-j8`.
    const short = arg.slice(0, 2);
    if (level.valueOptions?.includes(short) || level.optionalNumeric?.includes(short)) return index + 1;
  }
  if (level.flagOptions?.includes(arg)) return index + 1;
  // Unknown (`--script-shell=…` may well change what runs): keep it, value and all.
  take(parts, arg, index);
  return index + 1;
}

/** Database shells take a database as operand; their code comes from -c/-e or stdin. */
const OPERAND_IS_DATA = new Set(['psql', 'mysql', 'sqlite3']);

function keyInterpreter(argv: readonly string[], start: number, spec: InterpreterSpec, parts: KeyParts, base: string): void {
  parts.complete = false;
  let index = start;
  while (index < argv.length) {
    const arg = argv[index];
    if (arg === '-') {
      take(parts, arg, index);
      parts.readsCodeFromStdin = true;
      parts.complete = true;
      return;
    }
    if (arg === '--') {
      if (index + 1 < argv.length) takeScript(argv, index + 1, parts, base);
      else parts.readsCodeFromStdin = true;
      return;
    }
    if (!isOption(arg)) {
      takeScript(argv, index, parts, base);
      return;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const codeOptions = spec.codeOptions ?? [];
    if (codeOptions.includes(name) || codeOptions.some((option) => option.length === 2 && !arg.startsWith('--') && arg.startsWith(option))) {
      // The code itself is the key: approving `python -c 'print(1)'` approves nothing else.
      take(parts, arg, index);
      if (codeOptions.includes(arg) && index + 1 < argv.length) take(parts, argv[index + 1], index + 1);
      parts.complete = true;
      return;
    }
    const moduleOption = spec.moduleOption;
    if (moduleOption && arg.startsWith(moduleOption) && !arg.startsWith('--')) {
      take(parts, arg, index);
      let module = arg.slice(moduleOption.length);
      let next = index + 1;
      if (module === '') {
        if (index + 1 >= argv.length) return;
        module = argv[index + 1];
        take(parts, module, index + 1);
        next = index + 2;
      }
      // `python -m pip install x` is keyed like `pip install x`.
      const tool = toolSpec(module);
      if (tool) keyTool(argv, next, tool, parts);
      else parts.complete = true;
      return;
    }
    if (spec.valueOptions?.includes(name)) {
      index += equals === -1 ? 2 : 1;
      continue;
    }
    if (!arg.startsWith('--') && arg.length > 2 && spec.valueOptions?.includes(arg.slice(0, 2))) {
      index++;
      continue;
    }
    if (spec.flagOptions?.includes(arg) || equals !== -1) {
      index++;
      continue;
    }
    take(parts, arg, index);
    index++;
  }
  parts.readsCodeFromStdin = true;
}

/** The script and, when it follows directly, its first argument (`manage.py migrate`, `artisan migrate:fresh`). */
function takeScript(argv: readonly string[], index: number, parts: KeyParts, base: string): void {
  take(parts, argv[index], index);
  const next = argv[index + 1];
  const tookNext = next !== undefined && !isOption(next);
  if (tookNext) take(parts, next, index + 1);
  parts.complete = tookNext;
  if (OPERAND_IS_DATA.has(base) && !tookNext) parts.readsCodeFromStdin = true;
}
