import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { commitPatch } from './commit-patch';
import { blobId } from './git-file-diff';
import { parsePatch } from './parse-patch';
import { planPatch } from './plan-patch';
import { withWorkspace, type Workspace } from './test-workspace';
import { TurnDiffTracker } from './turn-diff-tracker';

/** Plans, records and commits a patch, as the agent loop does. */
function applyPatch(tracker: TurnDiffTracker, workspace: Workspace, body: string): void {
  const changes = planPatch(parsePatch(`*** Begin Patch\n${body}\n*** End Patch`), workspace.root, { writableRoots: [workspace.root] });
  tracker.record(changes);
  commitPatch(changes);
}

test('is empty before anything is recorded', () => {
  withWorkspace((workspace) => assert.equal(new TurnDiffTracker().unifiedDiff(workspace.root), ''));
});

test('diffs a file touched by two patches from its content before the first one', () => {
  withWorkspace((workspace) => {
    workspace.write('a.txt', '1\n2\n3\n');
    const tracker = new TurnDiffTracker();
    applyPatch(tracker, workspace, '*** Update File: a.txt\n@@\n-2\n+two');
    applyPatch(tracker, workspace, '*** Update File: a.txt\n@@\n-3\n+three');
    assert.equal(
      tracker.unifiedDiff(workspace.root),
      [
        'diff --git a/a.txt b/a.txt',
        `index ${blobId('1\n2\n3\n')}..${blobId('1\ntwo\nthree\n')} 100644`,
        '--- a/a.txt',
        '+++ b/a.txt',
        '@@ -1,3 +1,3 @@',
        ' 1',
        '-2',
        '-3',
        '+two',
        '+three',
        '',
      ].join('\n'),
    );
  });
});

test('shows adds and deletes against /dev/null, sorted by path', () => {
  withWorkspace((workspace) => {
    workspace.write('b.txt', 'bye\n');
    const tracker = new TurnDiffTracker();
    applyPatch(tracker, workspace, '*** Add File: z/new.sh\n+echo hi\n*** Delete File: b.txt');
    fs.chmodSync(workspace.at('z/new.sh'), 0o755);
    assert.equal(
      tracker.unifiedDiff(workspace.root),
      [
        'diff --git a/b.txt b/b.txt',
        'deleted file mode 100644',
        `index ${blobId('bye\n')}..${'0'.repeat(40)}`,
        '--- a/b.txt',
        '+++ /dev/null',
        '@@ -1,1 +0,0 @@',
        '-bye',
        'diff --git a/z/new.sh b/z/new.sh',
        'new file mode 100755',
        `index ${'0'.repeat(40)}..${blobId('echo hi\n')}`,
        '--- /dev/null',
        '+++ b/z/new.sh',
        '@@ -0,0 +1,1 @@',
        '+echo hi',
        '',
      ].join('\n'),
    );
  });
});

test('follows a file moved in two steps and shows one rename from its first path', () => {
  withWorkspace((workspace) => {
    workspace.write('a.txt', 'a\n');
    const tracker = new TurnDiffTracker();
    applyPatch(tracker, workspace, '*** Update File: a.txt\n*** Move to: m/b.txt\n@@\n-a\n+b');
    applyPatch(tracker, workspace, '*** Update File: m/b.txt\n*** Move to: c.txt\n@@\n b\n+c');
    assert.equal(
      tracker.unifiedDiff(workspace.root),
      [
        'diff --git a/a.txt b/c.txt',
        'rename from a.txt',
        'rename to c.txt',
        `index ${blobId('a\n')}..${blobId('b\nc\n')} 100644`,
        '--- a/a.txt',
        '+++ b/c.txt',
        '@@ -1,1 +1,2 @@',
        '-a',
        '+b',
        '+c',
        '',
      ].join('\n'),
    );
  });
});

test('a pure rename has no hunks', () => {
  withWorkspace((workspace) => {
    workspace.write('a.txt', 'a\n');
    const tracker = new TurnDiffTracker();
    applyPatch(tracker, workspace, '*** Update File: a.txt\n*** Move to: b.txt\n@@\n a');
    assert.equal(tracker.unifiedDiff(workspace.root), 'diff --git a/a.txt b/b.txt\nsimilarity index 100%\nrename from a.txt\nrename to b.txt\n');
  });
});

test('a move whose source path is reused shows as a change and an add', () => {
  withWorkspace((workspace) => {
    workspace.write('a.txt', 'a\n');
    const tracker = new TurnDiffTracker();
    applyPatch(tracker, workspace, '*** Update File: a.txt\n*** Move to: b.txt\n@@\n a');
    applyPatch(tracker, workspace, '*** Add File: a.txt\n+new a');
    const diff = tracker.unifiedDiff(workspace.root);
    assert.deepEqual(
      diff.split('\n').filter((line) => line.startsWith('diff --git') || line.startsWith('new file')),
      ['diff --git a/a.txt b/a.txt', 'diff --git a/b.txt b/b.txt', 'new file mode 100644'],
    );
  });
});

test('keeps the first baseline when a later patch deletes the file', () => {
  withWorkspace((workspace) => {
    workspace.write('a.txt', 'original\n');
    const tracker = new TurnDiffTracker();
    applyPatch(tracker, workspace, '*** Update File: a.txt\n@@\n-original\n+edited');
    applyPatch(tracker, workspace, '*** Delete File: a.txt');
    assert.match(tracker.unifiedDiff(workspace.root), /^diff --git a\/a.txt b\/a.txt\ndeleted file mode 100644\n.*\n--- a\/a.txt\n\+\+\+ \/dev\/null\n@@ -1,1 \+0,0 @@\n-original\n$/);
  });
});

test('is empty again when the turn undoes its own changes', () => {
  withWorkspace((workspace) => {
    workspace.write('a.txt', 'a\n');
    const tracker = new TurnDiffTracker();
    applyPatch(tracker, workspace, '*** Add File: tmp.txt\n+t\n*** Update File: a.txt\n@@\n-a\n+b');
    applyPatch(tracker, workspace, '*** Delete File: tmp.txt\n*** Update File: a.txt\n@@\n-b\n+a');
    assert.equal(tracker.unifiedDiff(workspace.root), '');
  });
});

test('shows what is on disk now, including edits made by other means', () => {
  withWorkspace((workspace) => {
    workspace.write('a.txt', 'a\n');
    const tracker = new TurnDiffTracker();
    applyPatch(tracker, workspace, '*** Update File: a.txt\n@@\n-a\n+b');
    workspace.write('a.txt', 'c\n');
    assert.match(tracker.unifiedDiff(workspace.root), /\n-a\n\+c\n$/);
  });
});
