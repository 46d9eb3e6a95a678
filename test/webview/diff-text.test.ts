import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffToHtml } from '../../webview/render/diff-html';
import { diffStats, displayPath, truncateDiff, unifiedDiff } from '../../webview/render/diff-text';

describe('file change diffs', () => {
  it('adds a/ and b/ headers to an update, which carries hunks only', () => {
    assert.equal(
      unifiedDiff({ path: '/repo/src/a.ts', kind: { type: 'update', move_path: null }, diff: '@@ -1,2 +1,2 @@\n-old\n+new\n ctx' }),
      '--- a/repo/src/a.ts\n+++ b/repo/src/a.ts\n@@ -1,2 +1,2 @@\n-old\n+new\n ctx\n',
    );
  });

  it('names the new path of a move in the +++ header', () => {
    assert.match(unifiedDiff({ path: 'a.ts', kind: { type: 'update', move_path: 'b.ts' }, diff: '@@ -1 +1 @@\n-x\n+y\n' }), /^--- a\/a\.ts\n\+\+\+ b\/b\.ts\n/);
  });

  it('keeps a diff that already has headers as it is', () => {
    const diff = 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-1\n+2\n';
    assert.equal(unifiedDiff({ path: 'x', kind: { type: 'update', move_path: null }, diff }), diff);
  });

  it('shows an added file, given as its content, as all-added lines', () => {
    assert.equal(
      unifiedDiff({ path: 'new.txt', kind: { type: 'add' }, diff: 'one\ntwo\n' }),
      '--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,2 @@\n+one\n+two\n',
    );
  });

  it('marks a missing final newline the way git does', () => {
    assert.equal(
      unifiedDiff({ path: 'new.txt', kind: { type: 'add' }, diff: 'only' }),
      '--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,1 @@\n+only\n\\ No newline at end of file\n',
    );
  });

  it('shows a deleted file, given as its old content, as all-removed lines', () => {
    assert.equal(
      unifiedDiff({ path: 'old.txt', kind: { type: 'delete' }, diff: 'a\nb\nc\n' }),
      '--- a/old.txt\n+++ /dev/null\n@@ -1,3 +0,0 @@\n-a\n-b\n-c\n',
    );
  });

  it('counts added and removed lines but not headers', () => {
    assert.deepEqual(diffStats('--- a/x\n+++ b/x\n@@ -1,2 +1,3 @@\n-a\n+b\n+c\n d\n'), { added: 2, removed: 1 });
  });

  it('cuts long diffs and says how much was left out', () => {
    assert.deepEqual(truncateDiff('1\n2\n3\n4\n', 2), { text: '1\n2\n', omitted: 2 });
    assert.deepEqual(truncateDiff('1\n2\n', 2), { text: '1\n2\n', omitted: 0 });
  });

  it('shortens paths inside the thread folder', () => {
    assert.equal(displayPath('/repo/src/a.ts', '/repo'), 'src/a.ts');
    assert.equal(displayPath('/repo/src/a.ts', '/repo/'), 'src/a.ts');
    assert.equal(displayPath('/repository/a.ts', '/repo'), '/repository/a.ts');
    assert.equal(displayPath('/repo/a.ts', null), '/repo/a.ts');
  });

  it('renders with diff2html as a table of inserted and deleted lines, with no inline style or script', () => {
    const html = diffToHtml(unifiedDiff({ path: 'a.ts', kind: { type: 'update', move_path: null }, diff: '@@ -1 +1 @@\n-const a = 1;\n+const a = <b>2</b>;\n' }));
    assert.match(html, /class="d2h-diff-table"/);
    assert.match(html, /d2h-del/);
    assert.match(html, /d2h-ins/);
    assert.match(html, /&lt;b&gt;2&lt;&#x2F;b&gt;/, 'diff content is escaped');
    assert.doesNotMatch(html, /style=|<script/i);
  });
});
