/**
 * The argv prefix offered with an approval request as "always allow commands
 * like this" (`proposedExecpolicyAmendment`, PROTOCOL §5.2).
 */
import { analyzeDetailed } from './analyze-command';
import { prefixRuleFor } from './approval-key';

/**
 * For a single simple command that is not complex: its argv up to and
 * including the key words, e.g. `['git', 'pull']`, `['npm', 'run', 'build']`,
 * `['pytest']`. Options written before the subcommand stay in, so the rule
 * matches the command it was offered for (`['git', '-C', 'repo', 'pull']`);
 * so do privilege and environment (`['sudo', 'apt', 'install']`).
 * Null for several commands, complex strings, output redirections, and
 * commands whose key is decided at run time.
 */
export function proposedPrefixRule(command: string): string[] | null {
  const analysis = analyzeDetailed(command);
  if (analysis.complex || analysis.commands.length !== 1) return null;
  return prefixRuleFor(analysis.commands[0]);
}
