/**
 * How a parsed command is matched against what the user approved.
 *
 * A session key is the normalized key (program + subcommand) prefixed with
 * what widens it: privilege (`sudo -u pg`), environment (`CI=1`), and any
 * redirection that writes (`> out.txt`, target included). So approving
 * `git status` never covers `sudo git status`, `GIT_DIR=x git status` or
 * `git status > ~/.bashrc`.
 *
 * A prefix rule matches the argv the user would see for the command,
 * privilege and environment first, word for word; it never covers a command
 * that writes through a redirection.
 */
import { keyParts, type KeyParts } from './normalized-key';
import { programName } from './program-name';
import { ARGUMENT_CHECKED_PROGRAMS, isSafeCommand } from './safe-commands';
import { READ_ONLY_SUBCOMMANDS } from './safe-git';
import { shellJoin, shellQuoteWord } from './shell-join';
import type { ParsedCommand, Word } from './types';

/**
 * The key parts used for approval. Usually the normalized key; but a program
 * that reads or writes depending on its arguments (`find`, `sed`, `sort`,
 * `git branch`, `git diff`…), used in a way that is not known to be safe
 * (`find -delete`, `sed -i`, `git branch -D main`, `git diff --output=f`), is
 * keyed by its whole argv, so approving it covers exactly that command and
 * approving the reading use never covers the writing one.
 */
export function approvalParts(command: ParsedCommand): KeyParts {
  const argv = command.words.map((word) => word.text);
  const parts = keyParts(argv);
  const program = parts.words[0];
  const argumentChecked = program === 'git' ? READ_ONLY_SUBCOMMANDS.has(parts.words[1] ?? '') : ARGUMENT_CHECKED_PROGRAMS.has(program);
  if (!argumentChecked || isSafeCommand(command)) return parts;
  return {
    words: [program, ...argv.slice(1)],
    indexes: argv.map((_, index) => index),
    end: argv.length,
    complete: !command.appendedArgs,
    readsCodeFromStdin: false,
  };
}

/**
 * The session key of one command, or null when the command cannot safely be
 * covered by a key: its program or subcommand is decided at run time
 * (`git $SUB`, `xargs git` reading the subcommand from stdin), or an
 * interpreter takes its code from a pipe or file (`curl … | bash`).
 */
export function approvalKey(command: ParsedCommand): string | null {
  const parts = approvalParts(command);
  if (parts.indexes.some((index) => command.words[index]?.dynamic)) return null;
  if (command.appendedArgs && !parts.complete) return null;
  if (parts.readsCodeFromStdin && (command.readsPipe || command.redirections.some((redirection) => redirection.kind === 'input'))) {
    return null;
  }
  const key = shellJoin([...command.elevation, ...command.assignments, ...parts.words]);
  const writes = command.redirections.filter((redirection) => redirection.kind === 'output');
  return writes.length === 0 ? key : [key, ...writes.map((write) => `${write.op} ${shellQuoteWord(write.target)}`)].join(' ');
}

/** The words a prefix rule is compared with: privilege, environment, program name, arguments. */
export function ruleWords(command: ParsedCommand): Word[] {
  const [program, ...args] = command.words;
  const literal = (text: string): Word => ({ text, dynamic: false });
  return [
    ...command.elevation.map(literal),
    ...command.assignments.map((text) => ({ text, dynamic: text.includes('$') })),
    { text: programName(program.text), dynamic: program.dynamic },
    ...args,
  ];
}

export function matchesPrefixRule(command: ParsedCommand, rule: readonly string[]): boolean {
  if (rule.length === 0) return false;
  if (command.redirections.some((redirection) => redirection.kind === 'output')) return false;
  const words = ruleWords(command);
  if (words.length < rule.length) return false;
  // A word decided at run time matches nothing: `git $X` is not `git status`.
  return rule.every((text, index) => !words[index].dynamic && words[index].text === text);
}

/** The rule offered for "always allow commands like this": the literal argv through the key's last word. */
export function prefixRuleFor(command: ParsedCommand): string[] | null {
  if (approvalKey(command) === null) return null;
  if (command.redirections.some((redirection) => redirection.kind === 'output')) return null;
  const parts = approvalParts(command);
  const words = ruleWords(command).slice(0, command.elevation.length + command.assignments.length + parts.end);
  if (words.some((word) => word.dynamic)) return null;
  return words.map((word) => word.text);
}
