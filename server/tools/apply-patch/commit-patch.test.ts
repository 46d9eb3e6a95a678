import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { commitPatch } from './commit-patch';
import { parsePatch } from './parse-patch';
import { PatchError } from './patch-error';
import type { PlannedFileChange } from './patch-types';
import { planPatch } from './plan-patch';
import { type Workspace, withWorkspace } from './test-workspace';

function plan(workspace: Workspace, body: string): PlannedFileChange[] {
  return planPatch(parsePatch(`*** Begin Patch\n${body}\n*** End Patch`), workspace.root, { writableRoots: [workspace.root] });
}

function commitError(changes: PlannedFileChange[]): string {
  try {
    commitPatch(changes);
  } catch (error) {
    assert.ok(error instanceof PatchError, `expected a PatchError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected commitPatch to throw');
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

test('writes adds (creating folders), updates, deletes and moves, leaving no temp or backup files', () => {
  withWorkspace((workspace) => {
    workspace.write('src/app.ts', 'main()\n');
    workspace.write('old.txt', 'bye\n');
    workspace.write('lib/a.ts', 'a\n');
    commitPatch(
      plan(
        workspace,
        '*** Add File: docs/deep/new.md\n+# New\n*** Update File: src/app.ts\n@@\n-main()\n+run()\n*** Delete File: old.txt\n*** Update File: lib/a.ts\n*** Move to: out/b.ts\n@@\n-a\n+b',
      ),
    );
    assert.deepEqual(workspace.snapshot(), {
      docs: '<dir>',
      'docs/deep': '<dir>',
      'docs/deep/new.md': '# New\n',
      lib: '<dir>',
      out: '<dir>',
      'out/b.ts': 'b\n',
      src: '<dir>',
      'src/app.ts': 'run()\n',
    });
  });
});

test('keeps the permission bits of updated and moved files', () => {
  withWorkspace((workspace) => {
    workspace.write('run.sh', 'echo 1\n');
    workspace.write('private.txt', 'p\n');
    workspace.write('tool.sh', 't\n');
    fs.chmodSync(workspace.at('run.sh'), 0o755);
    fs.chmodSync(workspace.at('private.txt'), 0o600);
    fs.chmodSync(workspace.at('tool.sh'), 0o750);
    commitPatch(
      plan(
        workspace,
        '*** Update File: run.sh\n@@\n-echo 1\n+echo 2\n*** Update File: private.txt\n@@\n+q\n*** Update File: tool.sh\n*** Move to: bin/tool.sh\n@@\n t',
      ),
    );
    assert.equal(workspace.read('run.sh'), 'echo 2\n');
    assert.equal(mode(workspace.at('run.sh')), 0o755);
    assert.equal(mode(workspace.at('private.txt')), 0o600);
    assert.equal(mode(workspace.at('bin/tool.sh')), 0o750);
  });
});

test('an update through a symlink writes the target and keeps the link', () => {
  withWorkspace((workspace) => {
    workspace.write('real.txt', 'a\n');
    fs.symlinkSync('real.txt', workspace.at('alias.txt'));
    commitPatch(plan(workspace, '*** Update File: alias.txt\n@@\n-a\n+b'));
    assert.deepEqual(workspace.snapshot(), { 'alias.txt': '-> real.txt', 'real.txt': 'b\n' });
  });
});

test('a file may be replaced by a folder of the same name', () => {
  withWorkspace((workspace) => {
    workspace.write('thing', 'file\n');
    commitPatch(plan(workspace, '*** Delete File: thing\n*** Add File: thing/inside.txt\n+x'));
    assert.deepEqual(workspace.snapshot(), { thing: '<dir>', 'thing/inside.txt': 'x\n' });
  });
});

test('when a write fails, restores every file already replaced, moved or deleted and removes what it created', () => {
  withWorkspace((workspace) => {
    workspace.write('a.txt', 'a\n');
    workspace.write('b.txt', 'b\n');
    workspace.write('c.txt', 'c\n');
    fs.chmodSync(workspace.at('a.txt'), 0o640);
    const changes = plan(
      workspace,
      '*** Update File: a.txt\n@@\n-a\n+A\n*** Delete File: b.txt\n*** Update File: c.txt\n*** Move to: moved/deeper/c.txt\n@@\n-c\n+C\n*** Add File: sub/new.txt\n+n',
    );
    // The add's folder becomes a regular file after planning: its write fails (even as root).
    workspace.write('sub', 'in the way\n');
    const before = workspace.snapshot();
    const message = commitError(changes);
    assert.match(message, /^Failed to write sub\/new\.txt: ENOTDIR: not a directory, open '.*'\. The patch was not applied; no files were changed\.$/);
    assert.deepEqual(workspace.snapshot(), before);
    assert.equal(mode(workspace.at('a.txt')), 0o640);
  });
});

test('refuses to commit when a file changed after planning, writing nothing', () => {
  withWorkspace((workspace) => {
    workspace.write('a.txt', 'a\n');
    workspace.write('b.txt', 'b\n');
    const changes = plan(workspace, '*** Add File: n.txt\n+n\n*** Update File: a.txt\n@@\n-a\n+A\n*** Delete File: b.txt');
    workspace.write('a.txt', 'a\nedited by the user\n');
    const before = workspace.snapshot();
    assert.equal(commitError(changes), 'a.txt changed on disk after the patch was checked; re-read it and retry');
    assert.deepEqual(workspace.snapshot(), before);
  });
});

test('refuses to commit an add whose file appeared after planning', () => {
  withWorkspace((workspace) => {
    const changes = plan(workspace, '*** Add File: n.txt\n+n');
    workspace.write('n.txt', 'someone else\n');
    assert.equal(commitError(changes), 'n.txt was created on disk after the patch was checked; re-read it and retry');
    assert.equal(workspace.read('n.txt'), 'someone else\n');
  });
});
