/**
 * A quote-aware pass over the raw shell string that runs before shell-quote.
 *
 * Why: shell-quote alone is not safe to decide approvals on. It drops
 * newlines (`git status\nrm -rf ~` becomes one command), treats a `#` inside a
 * word as a comment (`echo a#b; rm -rf ~` hides the `rm`), accepts unbalanced
 * quotes, keeps `$(…)` inside double quotes as plain text, and forgets which
 * `$VAR` or `*` was quoted. This pass follows bash's quoting rules itself and:
 * - rejects what we do not model (command substitution, heredocs, subshells,
 *   process substitution, arithmetic, unusual parameter expansion, unbalanced
 *   quotes, unusual whitespace);
 * - rewrites every quoted or escaped piece as a single-quoted literal, so
 *   shell-quote only splits words and recognises operators;
 * - replaces expansions that survive quoting (`$VAR`, unquoted `*`, `?`, `[`,
 *   `{`) by private-use sentinels, so later stages know which words change at
 *   run time;
 * - turns unquoted newlines into `;` (or a space after `|`, `&&`…), drops
 *   comments and line continuations, and strips descriptor numbers from
 *   redirections (`2>` becomes `>`), which shell-quote cannot tell apart from
 *   an argument `2`.
 */

/** Private-use characters standing for expansions; input containing them is rejected. */
export const SENTINEL = {
  dollar: '\uE000',
  star: '\uE001',
  question: '\uE002',
  bracket: '\uE003',
  brace: '\uE004',
} as const;

const SENTINEL_RANGE = /[\uE000-\uE00F]/;
const RESTORE: Record<string, string> = {
  [SENTINEL.dollar]: '$',
  [SENTINEL.star]: '*',
  [SENTINEL.question]: '?',
  [SENTINEL.bracket]: '[',
  [SENTINEL.brace]: '{',
};

export type SanitizeResult = { ok: true; text: string } | { ok: false; reason: string };

/** Characters that may follow `$` as a one-character special parameter. */
const SPECIAL_PARAMETERS = new Set(['@', '*', '#', '?', '$', '!', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
const NAME_START = /[A-Za-z_]/;
const SIMPLE_BRACED_PARAMETER = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])$/;

/** Wraps literal text in single quotes, which shell-quote takes verbatim. */
function literal(text: string): string {
  return "'" + text.replaceAll("'", "'\\''") + "'";
}

class Rejection extends Error {}

function reject(reason: string): never {
  throw new Rejection(reason);
}

/**
 * Reads the parameter expansion starting at `s[index] === '$'` (outside single
 * quotes) and returns the replacement text and the index after it. A `$` that
 * starts no expansion is returned as a literal.
 */
function readDollar(s: string, index: number): { text: string; next: number } {
  const next = s[index + 1];
  if (next === '(') reject('command substitution $(…)');
  if (next === '[') reject('arithmetic $[…]');
  if (next === '{') {
    const close = s.indexOf('}', index + 2);
    if (close === -1) reject('unterminated ${');
    const inner = s.slice(index + 2, close);
    if (!SIMPLE_BRACED_PARAMETER.test(inner)) reject(`parameter expansion \${${inner}}`);
    return { text: literal(SENTINEL.dollar + '{' + inner + '}'), next: close + 1 };
  }
  if (next !== undefined && SPECIAL_PARAMETERS.has(next)) {
    return { text: literal(SENTINEL.dollar + next), next: index + 2 };
  }
  if (next !== undefined && NAME_START.test(next)) {
    let end = index + 1;
    while (end < s.length && /[A-Za-z0-9_]/.test(s[end])) end++;
    return { text: literal(SENTINEL.dollar + s.slice(index + 1, end)), next: end };
  }
  return { text: literal('$'), next: index + 1 };
}

/** Reads a double-quoted string starting at `s[index] === '"'`; returns its single-quoted equivalent. */
function readDoubleQuoted(s: string, index: number): { text: string; next: number } {
  let out = '';
  let literalRun = '';
  const flush = () => {
    if (literalRun) out += literal(literalRun);
    literalRun = '';
  };
  let i = index + 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      flush();
      // `""` is an empty word, which must survive as one.
      return { text: out || "''", next: i + 1 };
    }
    if (c === '\\') {
      const escaped = s[i + 1];
      if (escaped === undefined) break;
      if (escaped === '\n') {
        i += 2;
        continue;
      }
      // Inside double quotes a backslash only escapes these; elsewhere it stays.
      literalRun += '$`"\\'.includes(escaped) ? escaped : '\\' + escaped;
      i += 2;
      continue;
    }
    if (c === '`') reject('command substitution `…`');
    if (c === '$') {
      const dollar = readDollar(s, i);
      flush();
      out += dollar.text;
      i = dollar.next;
      continue;
    }
    literalRun += c;
    i++;
  }
  reject('unterminated double quote');
}

/** Reads `$'…'`; only the form without backslash escapes is accepted, since its decoding is not modelled. */
function readAnsiC(s: string, index: number): { text: string; next: number } {
  const close = s.indexOf("'", index + 2);
  if (close === -1) reject("unterminated $'");
  const inner = s.slice(index + 2, close);
  if (inner.includes('\\')) reject("escape sequences in $'…'");
  return { text: literal(inner), next: close + 1 };
}

/** Rewrites `command` for shell-quote, or says why it is beyond what we analyse. */
export function sanitize(command: string): SanitizeResult {
  if (SENTINEL_RANGE.test(command)) return { ok: false, reason: 'private-use characters' };
  // bash cuts strings at NUL; we would see more than it runs.
  if (command.includes('\0')) return { ok: false, reason: 'NUL character' };
  try {
    return { ok: true, text: rewrite(command) };
  } catch (error) {
    if (error instanceof Rejection) return { ok: false, reason: error.message };
    throw error;
  }
}

function rewrite(s: string): string {
  let out = '';
  // What the last emitted token was: a newline after a word ends a command,
  // after an operator (`|`, `&&`, `;`) it is just whitespace. (An object, so
  // the closures below can update it without confusing narrowing.)
  const state: { last: 'none' | 'word' | 'operator' } = { last: 'none' };
  let inWord = false;
  let wordStart = 0;
  let wordIsDigits = false;

  const emitWord = (text: string, isDigit = false) => {
    if (!inWord) {
      inWord = true;
      wordStart = out.length;
      wordIsDigits = true;
    }
    if (!isDigit) wordIsDigits = false;
    out += text;
    state.last = 'word';
  };
  const endWord = () => {
    inWord = false;
  };

  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') {
      const escaped = s[i + 1];
      if (escaped === undefined) reject('trailing backslash');
      i += 2;
      if (escaped !== '\n') emitWord(literal(escaped));
      continue;
    }
    if (c === "'") {
      const close = s.indexOf("'", i + 1);
      if (close === -1) reject('unterminated single quote');
      emitWord(s.slice(i, close + 1));
      i = close + 1;
      continue;
    }
    if (c === '"') {
      const quoted = readDoubleQuoted(s, i);
      emitWord(quoted.text);
      i = quoted.next;
      continue;
    }
    if (c === '$') {
      if (s[i + 1] === '"') reject('locale string $"…"');
      const read = s[i + 1] === "'" ? readAnsiC(s, i) : readDollar(s, i);
      emitWord(read.text);
      i = read.next;
      continue;
    }
    if (c === '`') reject('command substitution `…`');
    if (c === '(' || c === ')') reject('subshell, grouping or function definition');
    if (c === '#') {
      if (inWord) {
        emitWord(literal('#'));
        i++;
      } else {
        // A comment runs to the end of the line; the newline itself still separates commands.
        const newline = s.indexOf('\n', i);
        i = newline === -1 ? s.length : newline;
      }
      continue;
    }
    if (c === '\n') {
      endWord();
      if (state.last === 'word') {
        out += ';';
        state.last = 'operator';
      } else {
        out += ' ';
      }
      i++;
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord();
      out += c;
      i++;
      continue;
    }
    if (c < ' ' || c === '\x7f') reject(`control character U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    if (/\s/.test(c)) reject(`unusual whitespace U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    if (c === '<' || c === '>') {
      if (s[i + 1] === '(') reject('process substitution');
      if (c === '<' && s[i + 1] === '<') reject('heredoc or herestring');
      // `2>file`: the digits name a descriptor, not an argument.
      if (inWord && wordIsDigits) out = out.slice(0, wordStart);
      endWord();
      out += c;
      state.last = 'operator';
      i++;
      continue;
    }
    if (c === '|' || c === '&' || c === ';') {
      endWord();
      out += c;
      state.last = 'operator';
      i++;
      continue;
    }
    if (c === '*') emitWord(SENTINEL.star);
    else if (c === '?') emitWord(SENTINEL.question);
    else if (c === '[') emitWord(SENTINEL.bracket);
    else if (c === '{') emitWord(SENTINEL.brace);
    else emitWord(c, c >= '0' && c <= '9');
    i++;
  }
  return out;
}

/** Turns sentinels back into the characters the user wrote. */
export function restoreSentinels(text: string): string {
  return text.replace(/[\uE000-\uE004]/g, (c) => RESTORE[c] ?? c);
}

/**
 * True when the word, as the shell sees it, changes at run time: a variable,
 * a glob (`*`, `?`, `[…]`) or a brace expansion (`{a,b}`, `{1..3}`).
 */
export function isDynamicWord(text: string): boolean {
  if (text.includes(SENTINEL.dollar) || text.includes(SENTINEL.star) || text.includes(SENTINEL.question)) return true;
  const bracket = text.indexOf(SENTINEL.bracket);
  if (bracket !== -1 && text.indexOf(']', bracket) !== -1) return true;
  const brace = text.indexOf(SENTINEL.brace);
  if (brace !== -1) {
    const close = text.indexOf('}', brace);
    if (close !== -1) {
      const inner = text.slice(brace + 1, close);
      if (inner.includes(',') || inner.includes('..')) return true;
    }
  }
  return false;
}
