import assert from 'node:assert/strict';
import { test } from 'node:test';
import { patchSummary } from './patch-summary';

test('lists added, then modified, then deleted files; a move shows its destination', () => {
  const summary = patchSummary(
    [
      { kind: 'delete', path: '/p/old.txt', movePath: null, displayPath: 'old.txt', oldContent: 'x', newContent: null },
      { kind: 'update', path: '/p/src/app.ts', movePath: null, displayPath: 'src/app.ts', oldContent: 'a', newContent: 'b' },
      { kind: 'add', path: '/p/new.txt', movePath: null, displayPath: 'new.txt', oldContent: null, newContent: 'n' },
      { kind: 'update', path: '/p/lib/a.ts', movePath: '/p/lib/b.ts', displayPath: 'lib/a.ts', oldContent: 'a', newContent: 'a' },
    ],
    '/p',
  );
  assert.equal(summary, 'Success. Updated the following files:\nA new.txt\nM src/app.ts\nM lib/b.ts\nD old.txt');
});

test('says so when the operations cancel out', () => {
  assert.equal(patchSummary([], '/p'), 'Success. No files were changed (the operations of the patch cancel out).');
});
