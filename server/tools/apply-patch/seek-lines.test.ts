import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalisePunctuation, seekLines } from './seek-lines';

test('finds an exact sequence at or after the start', () => {
  assert.equal(seekLines(['a', 'b', 'a', 'b'], ['a', 'b'], 0, false), 0);
  assert.equal(seekLines(['a', 'b', 'a', 'b'], ['a', 'b'], 1, false), 2);
  assert.equal(seekLines(['a', 'b'], ['b', 'a'], 0, false), null);
});

test('tolerates trailing, then leading and trailing whitespace', () => {
  assert.equal(seekLines(['foo   ', 'bar\t'], ['foo', 'bar'], 0, false), 0);
  assert.equal(seekLines(['    foo  ', '\tbar'], ['foo', '  bar'], 0, false), 0);
});

test('tolerates typographic dashes, quotes and spaces', () => {
  assert.equal(seekLines(['say \u201chi\u201d \u2014 it\u2019s\u00a0fine'], ['say "hi" - it\'s fine'], 0, false), 0);
  assert.equal(normalisePunctuation('\u2018a\u2019 \u2013 \u201Cb\u201D'), '\'a\' - "b"');
});

test('an exact match further down beats a loose match nearby', () => {
  assert.equal(seekLines(['  x', 'y', 'x'], ['x'], 0, false), 2);
});

test('with endOfFile, tries the end of the file first, then searches forward', () => {
  assert.equal(seekLines(['x', 'y', 'x'], ['x'], 0, true), 2);
  assert.equal(seekLines(['x', 'y', 'z'], ['x'], 0, true), 0);
});

test('an empty pattern matches at the start; a pattern longer than the file never matches', () => {
  assert.equal(seekLines(['a'], [], 1, false), 1);
  assert.equal(seekLines(['a'], ['a', 'b'], 0, false), null);
  assert.equal(seekLines(['a', 'b'], ['a'], 2, false), null);
});
