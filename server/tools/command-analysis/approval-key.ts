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
import { keyParts } from './normalized-key';
import { programName } from './program-name';
import { shellJoin, shellQuoteWord } from './shell-join';
import type { ParsedCommand, Word } from './types';

/**
 * The session key of one command, or null when the command cannot safely be
 * covered by a key: its program or subcommand is decided at run time
 * (`git $SUB`, `xargs git` reading the subcommand from stdin), or an
 * interpreter takes its code from a pipe or file (`curl … | bash`).
 */
export function approvalKey(command: ParsedCommand): string | null {
  const argv = command.words.map((word) => word.text);
  const parts = keyParts(argv);
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
  const parts = keyParts(command.words.map((word) => word.text));
  const words = ruleWords(command).slice(0, command.elevation.length + command.assignments.length + parts.end);
  if (words.some((word) => word.dynamic)) return null;
  return words.map((word) => word.text);
}
