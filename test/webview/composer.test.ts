import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composerHint, composerKeyAction, pickerKeyAction, type KeyInput } from '../../webview/composer/keymap';
import { collectMentions, findMentionQuery, insertMention } from '../../webview/composer/mentions';

const key = (name: string, modifiers: Partial<KeyInput> = {}): KeyInput => ({
  key: name,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  isComposing: false,
  ...modifiers,
});

describe('composer keys', () => {
  it('sends on Enter when idle, whatever the modifier', () => {
    assert.equal(composerKeyAction(key('Enter'), 'idle'), 'send');
    assert.equal(composerKeyAction(key('Enter', { ctrlKey: true }), 'idle'), 'send');
  });

  it('queues on Enter and steers on Ctrl/Cmd+Enter while a turn runs', () => {
    assert.equal(composerKeyAction(key('Enter'), 'running'), 'queue');
    assert.equal(composerKeyAction(key('Enter', { ctrlKey: true }), 'running'), 'steer');
    assert.equal(composerKeyAction(key('Enter', { metaKey: true }), 'running'), 'steer');
  });

  it('leaves Shift+Enter (new line) and IME composition alone', () => {
    assert.equal(composerKeyAction(key('Enter', { shiftKey: true }), 'idle'), 'none');
    assert.equal(composerKeyAction(key('Enter', { isComposing: true }), 'running'), 'none');
    assert.equal(composerKeyAction(key('a'), 'idle'), 'none');
  });

  it('navigates the mention list with arrows, picks with Enter or Tab, closes with Escape', () => {
    assert.deepEqual(
      [key('ArrowDown'), key('ArrowUp'), key('Enter'), key('Tab'), key('Escape'), key('Enter', { shiftKey: true }), key('x')].map(pickerKeyAction),
      ['next', 'previous', 'pick', 'pick', 'close', null, null],
    );
  });

  it('names the keys for the platform in the hint', () => {
    assert.equal(composerHint('running', true, true), 'Enter queues for after this turn · Cmd+Enter steers it now · Shift+Enter new line · @ mentions a file');
    assert.match(composerHint('running', false, true), /Ctrl\+Enter steers/);
    assert.equal(composerHint('idle', false, true), 'Enter sends · Shift+Enter new line · @ mentions a file');
  });

  it('does not advertise @ mentions where the host cannot search files', () => {
    assert.equal(composerHint('idle', false, false), 'Enter sends · Shift+Enter new line');
    assert.equal(composerHint('running', true, false), 'Enter queues for after this turn · Cmd+Enter steers it now · Shift+Enter new line');
  });
});

describe('mentions', () => {
  it('finds the @word being typed, with the query up to the caret', () => {
    assert.deepEqual(findMentionQuery('look at @src/ma', 15), { start: 8, end: 15, query: 'src/ma' });
    assert.deepEqual(findMentionQuery('@', 1), { start: 0, end: 1, query: '' });
    assert.deepEqual(findMentionQuery('see (@lib', 9), { start: 5, end: 9, query: 'lib' });
  });

  it('covers the rest of the word after the caret, so a pick replaces all of it', () => {
    assert.deepEqual(findMentionQuery('open @src/main.ts now', 9), { start: 5, end: 17, query: 'src' });
  });

  it('ignores e-mail addresses and words without @', () => {
    assert.equal(findMentionQuery('mail me@example.com', 19), null);
    assert.equal(findMentionQuery('plain words', 5), null);
    assert.equal(findMentionQuery('@a b', 4), null);
  });

  it('inserts the picked path with one trailing space and puts the caret after it', () => {
    assert.deepEqual(insertMention('fix @ma please', { start: 4, end: 7, query: 'ma' }, 'src/main.ts'), { text: 'fix @src/main.ts please', caret: 17 });
    assert.deepEqual(insertMention('fix @ma', { start: 4, end: 7, query: 'ma' }, 'src/main.ts'), { text: 'fix @src/main.ts ', caret: 17 });
  });

  it('sends only the picked paths still in the text, once each', () => {
    const picked = ['src/a.ts', 'src/b.ts', 'src/a.ts', 'src/c.ts'];
    assert.deepEqual(collectMentions('compare @src/a.ts, and (@src/c.ts) with @src/a.tsx', picked), ['src/a.ts', 'src/c.ts']);
    assert.deepEqual(collectMentions('no mentions left', picked), []);
  });
});
