/**
 * Splits a shell string into segments: one per simple command, with its words,
 * its file redirections, and whether its stdin comes from a pipe.
 *
 * shell-quote does the word splitting and operator recognition, on text that
 * `sanitize` has already made unambiguous (see sanitize.ts for why).
 */
import { parse } from 'shell-quote';
import { isDynamicWord, restoreSentinels, sanitize } from './sanitize';
import type { Redirection, Word } from './types';

export interface Segment {
  words: Word[];
  redirections: Redirection[];
  /** stdin is the previous segment's stdout (`a | b`, `a |& b`). */
  readsPipe: boolean;
}

export type TokenizeResult = { ok: true; segments: Segment[] } | { ok: false; reason: string };

/** Operators that end one command and start the next. */
const LIST_OPERATORS = new Set([';', '&', '&&', '||']);
const PIPE_OPERATORS = new Set(['|', '|&']);
/** Redirection operators and whether they may write to their target. */
const REDIRECT_OPERATORS = new Map<string, Redirection['kind']>([
  ['<', 'input'],
  ['>', 'output'],
  ['>>', 'output'],
  ['>|', 'output'],
  ['<>', 'output'],
  ['&>', 'output'],
  ['&>>', 'output'],
  ['>&', 'output'],
  ['<&', 'input'],
]);

type Item = { word: Word } | { redirect: string };

export function tokenize(command: string): TokenizeResult {
  const sanitized = sanitize(command);
  if (!sanitized.ok) return sanitized;

  let entries: ReturnType<typeof parse<string>>;
  try {
    // Every expansion is a sentinel by now; the env function only keeps any
    // leftover `$NAME` literal instead of letting shell-quote blank it out.
    entries = parse<string>(sanitized.text, (key) => '$' + key);
  } catch (error) {
    return { ok: false, reason: `shell-quote: ${error instanceof Error ? error.message : String(error)}` };
  }

  const groups: Array<{ items: Item[]; readsPipe: boolean }> = [{ items: [], readsPipe: false }];
  const current = () => groups[groups.length - 1];
  let lastOperator: string | null = null;
  for (const entry of entries) {
    if (typeof entry === 'string') {
      current().items.push({ word: { text: restoreSentinels(entry), dynamic: isDynamicWord(entry) } });
      continue;
    }
    if ('comment' in entry) return { ok: false, reason: 'unexpected comment' };
    if (entry.op === 'glob') {
      current().items.push({ word: { text: restoreSentinels(entry.pattern), dynamic: true } });
      continue;
    }
    const op: string = entry.op;
    if (REDIRECT_OPERATORS.has(op)) {
      current().items.push({ redirect: op });
      continue;
    }
    const isPipe = PIPE_OPERATORS.has(op);
    if (!isPipe && !LIST_OPERATORS.has(op)) return { ok: false, reason: `unsupported operator ${op}` };
    if (current().items.length === 0) return { ok: false, reason: `${op} without a command before it` };
    groups.push({ items: [], readsPipe: isPipe });
    lastOperator = op;
  }

  // A trailing `;` or `&` is fine; a trailing `|`, `&&` or `||` is incomplete.
  if (current().items.length === 0) {
    if (groups.length === 1) return { ok: true, segments: [] };
    if (lastOperator !== ';' && lastOperator !== '&') return { ok: false, reason: `${lastOperator} at the end` };
    groups.pop();
  }

  const segments: Segment[] = [];
  for (const group of groups) {
    const segment = toSegment(group.items, group.readsPipe);
    if ('reason' in segment) return { ok: false, reason: segment.reason };
    segments.push(segment);
  }
  return { ok: true, segments };
}

function toSegment(items: Item[], readsPipe: boolean): Segment | { reason: string } {
  const words: Word[] = [];
  const redirections: Redirection[] = [];
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if ('word' in item) {
      words.push(item.word);
      continue;
    }
    const target = items[index + 1];
    if (target === undefined || !('word' in target)) return { reason: `${item.redirect} without a target` };
    index++;
    const redirection = toRedirection(item.redirect, target.word);
    if (redirection === 'invalid') return { reason: `${item.redirect}${target.word.text} is not a file or descriptor` };
    if (redirection) redirections.push(redirection);
  }
  // `> file` alone truncates a file without running anything; too odd to model.
  if (words.length === 0) return { reason: 'redirection without a command' };
  return { words, redirections, readsPipe };
}

/** Returns null for redirections that touch no file (`2>&1`, `>/dev/null`). */
function toRedirection(op: string, target: Word): Redirection | null | 'invalid' {
  const isDescriptor = !target.dynamic && /^(?:\d+|-)$/.test(target.text);
  if (op === '>&' || op === '<&') {
    if (isDescriptor) return null;
    // `>&file` means `&>file` in bash; `<&file` is an error.
    if (op === '<&') return 'invalid';
  }
  if (!target.dynamic && target.text === '/dev/null') return null;
  return { op, target: target.text, dynamic: target.dynamic, kind: REDIRECT_OPERATORS.get(op)! };
}
