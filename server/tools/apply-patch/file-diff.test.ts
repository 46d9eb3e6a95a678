import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileUpdateChange, unifiedHunks } from './file-diff';
import type { PlannedFileChange } from './patch-types';

const cwd = '/work/project';

function change(overrides: Partial<PlannedFileChange> & Pick<PlannedFileChange, 'kind'>): PlannedFileChange {
  return { path: '/work/project/a.txt', movePath: null, displayPath: 'a.txt', oldContent: null, newContent: null, ...overrides };
}

test('an add carries the new content, a delete the old content', () => {
  assert.deepEqual(fileUpdateChange(change({ kind: 'add', newContent: 'hello\n' }), cwd), {
    path: '/work/project/a.txt',
    kind: { type: 'add' },
    diff: 'hello\n',
  });
  assert.deepEqual(fileUpdateChange(change({ kind: 'delete', oldContent: 'bye\n' }), cwd), {
    path: '/work/project/a.txt',
    kind: { type: 'delete' },
    diff: 'bye\n',
  });
});

test('an update carries hunks only, with 3 lines of context', () => {
  const oldContent = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', ''].join('\n');
  const newContent = oldContent.replace('5\n', 'five\n');
  assert.deepEqual(fileUpdateChange(change({ kind: 'update', oldContent, newContent }), cwd), {
    path: '/work/project/a.txt',
    kind: { type: 'update', move_path: null },
    diff: '@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n',
  });
});

test('a move carries the absolute destination; a pure rename has an empty diff', () => {
  assert.deepEqual(
    fileUpdateChange(change({ kind: 'update', movePath: '/work/project/b.txt', oldContent: 'x\n', newContent: 'x\n' }), cwd),
    { path: '/work/project/a.txt', kind: { type: 'update', move_path: '/work/project/b.txt' }, diff: '' },
  );
});

test('marks a missing final newline the way unified diffs do', () => {
  assert.equal(unifiedHunks('a\nb', 'a\nb\n'), '@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n');
  assert.equal(unifiedHunks('', 'x\n'), '@@ -0,0 +1,1 @@\n+x\n');
  assert.equal(unifiedHunks('same\n', 'same\n'), '');
});
