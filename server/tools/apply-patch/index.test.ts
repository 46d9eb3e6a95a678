import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commitPatch, fileUpdateChange, parsePatch, patchSummary, planPatch, TurnDiffTracker } from './index';
import { withWorkspace } from './test-workspace';

test('parse → plan → record → commit → summary, as the agent loop drives it', () => {
  withWorkspace((workspace) => {
    workspace.write('src/app.ts', 'function main() {\r\n  return 1;\r\n}\r\n');
    workspace.write('notes.txt', 'no final newline');
    workspace.write('old.txt', 'bye\n');
    const patch = [
      "apply_patch <<'EOF'",
      '*** Begin Patch',
      '*** Update File: src/app.ts',
      '@@ function main() {',
      '-  return 1;',
      '+  return 2;',
      '*** Update File: notes.txt',
      '*** Move to: docs/notes.txt',
      '@@',
      '-no final newline',
      '+still no final newline',
      '*** Add File: new.txt',
      '+hello',
      '*** Delete File: old.txt',
      '*** End Patch',
      'EOF',
    ].join('\n');
    const changes = planPatch(parsePatch(patch), workspace.root, { writableRoots: [workspace.root] });
    assert.deepEqual(
      changes.map((change) => fileUpdateChange(change, workspace.root)),
      [
        {
          path: workspace.at('src/app.ts'),
          kind: { type: 'update', move_path: null },
          diff: '@@ -1,3 +1,3 @@\n function main() {\r\n-  return 1;\r\n+  return 2;\r\n }\r\n',
        },
        {
          path: workspace.at('notes.txt'),
          kind: { type: 'update', move_path: workspace.at('docs/notes.txt') },
          diff: '@@ -1,1 +1,1 @@\n-no final newline\n\\ No newline at end of file\n+still no final newline\n\\ No newline at end of file\n',
        },
        { path: workspace.at('new.txt'), kind: { type: 'add' }, diff: 'hello\n' },
        { path: workspace.at('old.txt'), kind: { type: 'delete' }, diff: 'bye\n' },
      ],
    );
    const tracker = new TurnDiffTracker();
    tracker.record(changes);
    commitPatch(changes);
    assert.equal(
      patchSummary(changes, workspace.root),
      'Success. Updated the following files:\nA new.txt\nM src/app.ts\nM docs/notes.txt\nD old.txt',
    );
    assert.deepEqual(workspace.snapshot(), {
      docs: '<dir>',
      'docs/notes.txt': 'still no final newline',
      'new.txt': 'hello\n',
      src: '<dir>',
      'src/app.ts': 'function main() {\r\n  return 2;\r\n}\r\n',
    });
    assert.deepEqual(
      tracker
        .unifiedDiff(workspace.root)
        .split('\n')
        .filter((line) => line.startsWith('diff --git')),
      ['diff --git a/new.txt b/new.txt', 'diff --git a/notes.txt b/docs/notes.txt', 'diff --git a/old.txt b/old.txt', 'diff --git a/src/app.ts b/src/app.ts'],
    );
  });
});
