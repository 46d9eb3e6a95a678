import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDynamicWord, restoreSentinels, sanitize, SENTINEL } from './sanitize';
import { tokenize } from './tokenize';

const word = (text: string, dynamic = false) => ({ text, dynamic });

test('tokenize splits segments with words, redirections and pipe flags', () => {
  assert.deepEqual(tokenize('cat <in.txt | grep -v x 2>>err.log; echo "$A" >&2'), {
    ok: true,
    segments: [
      { words: [word('cat')], redirections: [{ op: '<', target: 'in.txt', dynamic: false, kind: 'input' }], readsPipe: false },
      { words: [word('grep'), word('-v'), word('x')], redirections: [{ op: '>>', target: 'err.log', dynamic: false, kind: 'output' }], readsPipe: true },
      { words: [word('echo'), word('$A', true)], redirections: [], readsPipe: false },
    ],
  });
});

test('tokenize says why it gives up', () => {
  assert.deepEqual(tokenize('echo $(id)'), { ok: false, reason: 'command substitution $(…)' });
  assert.deepEqual(tokenize('echo `id`'), { ok: false, reason: 'command substitution `…`' });
  assert.deepEqual(tokenize("echo 'x"), { ok: false, reason: 'unterminated single quote' });
  assert.deepEqual(tokenize('echo "x'), { ok: false, reason: 'unterminated double quote' });
  assert.deepEqual(tokenize('(ls)'), { ok: false, reason: 'subshell, grouping or function definition' });
  assert.deepEqual(tokenize('cat <<EOF'), { ok: false, reason: 'heredoc or herestring' });
  assert.deepEqual(tokenize('a ;; b'), { ok: false, reason: 'unsupported operator ;;' });
  assert.deepEqual(tokenize('a && && b'), { ok: false, reason: '&& without a command before it' });
  assert.deepEqual(tokenize('a |'), { ok: false, reason: '| at the end' });
  assert.deepEqual(tokenize('> f'), { ok: false, reason: 'redirection without a command' });
  assert.deepEqual(tokenize('ls >'), { ok: false, reason: '> without a target' });
  assert.deepEqual(tokenize('ls\u00a0-la'), { ok: false, reason: 'unusual whitespace U+00A0' });
  assert.deepEqual(tokenize('ls\r'), { ok: false, reason: 'control character U+000D' });
});

test('sanitize rewrites quoting into single-quoted literals and expansions into sentinels', () => {
  assert.deepEqual(sanitize('a "b $X" c\\ d*'), { ok: true, text: `a 'b ''${SENTINEL.dollar}X' c' 'd${SENTINEL.star}` });
  assert.deepEqual(sanitize('a\nb # c\nd'), { ok: true, text: 'a;b ;d' });
  assert.deepEqual(sanitize('x 2>f 12<g'), { ok: true, text: 'x >f <g' });
});

test('sentinels restore to what the user wrote, and mark dynamic words', () => {
  const text = `${SENTINEL.dollar}HOME/${SENTINEL.star}.${SENTINEL.brace}a,b}`;
  assert.equal(restoreSentinels(text), '$HOME/*.{a,b}');
  assert.equal(isDynamicWord(text), true);
  assert.equal(isDynamicWord('$HOME'), false);
  assert.equal(isDynamicWord(`${SENTINEL.bracket}ab]`), true);
  assert.equal(isDynamicWord(SENTINEL.bracket), false);
  assert.equal(isDynamicWord(`${SENTINEL.brace}}`), false);
  assert.equal(isDynamicWord(`${SENTINEL.brace}1..3}`), true);
});
