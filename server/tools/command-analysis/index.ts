export { analyzeCommand } from './analyze-command';
export { ApprovalMemory, type ApprovalMemoryJson } from './approval-memory';
export { commandActions, type CommandAction } from './command-actions';
export { normalizedKey } from './normalized-key';
export { proposedPrefixRule } from './proposed-prefix-rule';
export { isKnownSafe } from './safe-commands';
export { shellJoin, shellQuoteWord } from './shell-join';
export type { CommandAnalysis, SimpleCommand } from './types';
