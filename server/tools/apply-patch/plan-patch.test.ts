import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parsePatch } from './parse-patch';
import { PatchError } from './patch-error';
import type { PathPolicy, PlannedFileChange } from './patch-types';
import { planPatch } from './plan-patch';
import { type Workspace, withWorkspace } from './test-workspace';

function plan(workspace: Workspace, body: string, policy?: PathPolicy): PlannedFileChange[] {
  return planPatch(parsePatch(`*** Begin Patch\n${body}\n*** End Patch`), workspace.root, policy ?? { writableRoots: [workspace.root] });
}

/** Plans `body`, expects a PatchError, checks that the disk is untouched and returns the message. */
function planError(workspace: Workspace, body: string, policy?: PathPolicy): string {
  const before = workspace.snapshot();
  let message: string | null = null;
  try {
    plan(workspace, body, policy);
  } catch (error) {
    assert.ok(error instanceof PatchError, `expected a PatchError, got ${String(error)}`);
    message = error.message;
  }
  assert.notEqual(message, null, 'expected planPatch to throw');
  assert.deepEqual(workspace.snapshot(), before);
  return message ?? '';
}

test('plans add, update, delete and move with absolute paths and old/new contents, writing nothing', () => {
  withWorkspace((workspace) => {
    workspace.write('src/app.ts', 'main()\n');
    workspace.write('old.txt', 'bye\n');
    workspace.write('lib/a.ts', 'a\n');
    const before = workspace.snapshot();
    const changes = plan(
      workspace,
      [
        '*** Add File: docs/new.md',
        '+# New',
        '*** Update File: src/app.ts',
        '@@',
        '-main()',
        '+run()',
        '*** Delete File: old.txt',
        '*** Update File: lib/a.ts',
        '*** Move to: lib/b.ts',
        '@@',
        '-a',
        '+b',
      ].join('\n'),
    );
    assert.deepEqual(changes, [
      { kind: 'add', path: workspace.at('docs/new.md'), movePath: null, displayPath: 'docs/new.md', oldContent: null, newContent: '# New\n' },
      { kind: 'update', path: workspace.at('src/app.ts'), movePath: null, displayPath: 'src/app.ts', oldContent: 'main()\n', newContent: 'run()\n' },
      { kind: 'delete', path: workspace.at('old.txt'), movePath: null, displayPath: 'old.txt', oldContent: 'bye\n', newContent: null },
      { kind: 'update', path: workspace.at('lib/a.ts'), movePath: workspace.at('lib/b.ts'), displayPath: 'lib/a.ts', oldContent: 'a\n', newContent: 'b\n' },
    ]);
    assert.deepEqual(workspace.snapshot(), before);
  });
});

test('a hunk that does not match in the second file fails the whole patch and writes nothing', () => {
  withWorkspace((workspace) => {
    workspace.write('one.txt', '1\n');
    workspace.write('two.txt', '2\n');
    const message = planError(
      workspace,
      '*** Add File: added.txt\n+x\n*** Update File: one.txt\n@@\n-1\n+one\n*** Update File: two.txt\n@@\n-3\n+three\n*** Delete File: one.txt',
    );
    assert.equal(message, 'Failed to find expected lines in two.txt:\n3\n(re-read the file and retry with exact context)');
  });
});

test('refuses to add over an existing file, or to update or delete a missing one', () => {
  withWorkspace((workspace) => {
    workspace.write('here.txt', 'x\n');
    workspace.write('folder/inner.txt', 'x\n');
    assert.equal(planError(workspace, '*** Add File: here.txt\n+y'), 'File already exists: here.txt (use *** Update File to change it)');
    assert.equal(planError(workspace, '*** Update File: nope.txt\n@@\n-a\n+b'), 'File not found: nope.txt (check the path, or use *** Add File to create it)');
    assert.equal(planError(workspace, '*** Delete File: nope.txt'), 'File not found: nope.txt (check the path)');
    assert.equal(planError(workspace, '*** Delete File: folder'), 'folder is a directory, not a file');
    assert.equal(planError(workspace, '*** Add File: folder\n+x'), 'Cannot create folder: a directory with that name exists');
    assert.equal(planError(workspace, '*** Add File: here.txt/x\n+x'), 'Cannot create here.txt/x: here.txt is a file, not a folder');
  });
});

test('refuses to edit a file that is not UTF-8 text, but may delete it', () => {
  withWorkspace((workspace) => {
    workspace.write('image.bin', Buffer.from([0x89, 0x50, 0xff, 0xfe, 0x00]));
    assert.equal(planError(workspace, '*** Update File: image.bin\n@@\n+x'), 'image.bin is not UTF-8 text; apply_patch only edits text files');
    assert.equal(plan(workspace, '*** Delete File: image.bin')[0].kind, 'delete');
  });
});

test('operations on the same file that do not conflict combine into its net change', () => {
  withWorkspace((workspace) => {
    workspace.write('a.txt', '1\n2\n');
    workspace.write('gone.txt', 'old\n');
    const changes = plan(
      workspace,
      [
        '*** Update File: a.txt',
        '@@',
        '-1',
        '+one',
        '*** Update File: a.txt',
        '@@',
        '-2',
        '+two',
        '*** Add File: new.txt',
        '+n',
        '*** Update File: new.txt',
        '@@',
        '+n2',
        '*** Delete File: gone.txt',
        '*** Add File: gone.txt',
        '+reborn',
        '*** Add File: temp.txt',
        '+t',
        '*** Delete File: temp.txt',
      ].join('\n'),
    );
    assert.deepEqual(changes, [
      { kind: 'update', path: workspace.at('a.txt'), movePath: null, displayPath: 'a.txt', oldContent: '1\n2\n', newContent: 'one\ntwo\n' },
      { kind: 'add', path: workspace.at('new.txt'), movePath: null, displayPath: 'new.txt', oldContent: null, newContent: 'n\nn2\n' },
      { kind: 'update', path: workspace.at('gone.txt'), movePath: null, displayPath: 'gone.txt', oldContent: 'old\n', newContent: 'reborn\n' },
    ]);
  });
});

test('moves in a chain are one move; a move onto a deleted file is an update plus a delete', () => {
  withWorkspace((workspace) => {
    workspace.write('a.txt', 'a\n');
    workspace.write('b.txt', 'b\n');
    workspace.write('x.txt', 'x\n');
    const changes = plan(
      workspace,
      [
        '*** Update File: a.txt',
        '*** Move to: m/a1.txt',
        '@@',
        '+1',
        '*** Update File: m/a1.txt',
        '*** Move to: m/a2.txt',
        '@@',
        '+2',
        '*** Delete File: b.txt',
        '*** Update File: x.txt',
        '*** Move to: b.txt',
        '@@',
        ' x',
      ].join('\n'),
    );
    assert.deepEqual(changes, [
      { kind: 'update', path: workspace.at('a.txt'), movePath: workspace.at('m/a2.txt'), displayPath: 'a.txt', oldContent: 'a\n', newContent: 'a\n1\n2\n' },
      { kind: 'update', path: workspace.at('b.txt'), movePath: null, displayPath: 'b.txt', oldContent: 'b\n', newContent: 'x\n' },
      { kind: 'delete', path: workspace.at('x.txt'), movePath: null, displayPath: 'x.txt', oldContent: 'x\n', newContent: null },
    ]);
  });
});

test('refuses operations that conflict with earlier ones in the same patch', () => {
  withWorkspace((workspace) => {
    workspace.write('a.txt', 'a\n');
    workspace.write('b.txt', 'b\n');
    assert.equal(
      planError(workspace, '*** Delete File: a.txt\n*** Update File: a.txt\n@@\n-a\n+b'),
      'File not found: a.txt (it was deleted or moved earlier in this patch)',
    );
    assert.equal(planError(workspace, '*** Add File: n.txt\n+1\n*** Add File: n.txt\n+2'), 'File already exists: n.txt (use *** Update File to change it)');
    assert.equal(
      planError(workspace, '*** Update File: a.txt\n*** Move to: b.txt\n@@\n a'),
      'Cannot move a.txt to b.txt: the destination already exists (choose another path, or delete it first)',
    );
    assert.equal(planError(workspace, '*** Add File: d\n+x\n*** Add File: d/e\n+y'), 'Cannot create d/e: d is a file created by this patch');
    assert.equal(planError(workspace, '*** Add File: d/e\n+y\n*** Add File: d\n+x'), 'Cannot create d: this patch creates d/e inside it');
  });
});

test('a file may be replaced by a folder of the same name', () => {
  withWorkspace((workspace) => {
    workspace.write('thing', 'file\n');
    const changes = plan(workspace, '*** Delete File: thing\n*** Add File: thing/inside.txt\n+x');
    assert.deepEqual(
      changes.map((change) => [change.kind, change.displayPath]),
      [
        ['delete', 'thing'],
        ['add', 'thing/inside.txt'],
      ],
    );
  });
});

test('refuses paths that escape the writable roots through .., absolute paths or symlinks', () => {
  withWorkspace((workspace) => {
    const project = workspace.at('project');
    workspace.write('project/a.txt', 'a\n');
    workspace.write('outside/secret.txt', 's\n');
    fs.symlinkSync(workspace.at('outside'), workspace.at('project/link'));
    fs.symlinkSync(workspace.at('outside/secret.txt'), workspace.at('project/secret-link.txt'));
    fs.symlinkSync(workspace.at('outside/nothing-yet'), workspace.at('project/dangling'));
    const policy = { writableRoots: [project] };
    const refuse = (body: string) => {
      const before = workspace.snapshot();
      assert.throws(() => planPatch(parsePatch(`*** Begin Patch\n${body}\n*** End Patch`), project, policy), PatchError);
      assert.deepEqual(workspace.snapshot(), before);
      try {
        planPatch(parsePatch(`*** Begin Patch\n${body}\n*** End Patch`), project, policy);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    };
    const outside = workspace.at('outside');
    assert.equal(
      refuse('*** Add File: ../x.txt\n+x'),
      `Path is outside the writable roots: ../x.txt (it resolves to ${workspace.at('x.txt')}). Writable roots: ${project}. Write only to files inside them.`,
    );
    assert.equal(
      refuse('*** Delete File: /etc/hostname'),
      `Path is outside the writable roots: /etc/hostname (it resolves to /etc/hostname). Writable roots: ${project}. Write only to files inside them.`,
    );
    assert.equal(
      refuse('*** Add File: link/new.txt\n+x'),
      `Path is outside the writable roots: link/new.txt (it leads through a symlink to ${path.join(outside, 'new.txt')}). Writable roots: ${project}. Write only to files inside them.`,
    );
    assert.match(refuse('*** Update File: secret-link.txt\n@@\n-s\n+t'), /^Path is outside the writable roots: secret-link.txt \(it leads through a symlink to /);
    assert.match(refuse('*** Update File: a.txt\n*** Move to: ../moved.txt\n@@\n a'), /^Path is outside the writable roots: \.\.\/moved\.txt /);
    assert.match(refuse('*** Add File: dangling/x.txt\n+x'), /^Path is outside the writable roots: dangling\/x\.txt \(it leads through a symlink to /);
  });
});

test('allows absolute paths inside a root, and anything when writableRoots is null', () => {
  withWorkspace((workspace) => {
    workspace.write('project/a.txt', 'a\n');
    const project = workspace.at('project');
    const inside = planPatch(parsePatch(`*** Begin Patch\n*** Delete File: ${workspace.at('project/a.txt')}\n*** End Patch`), project, {
      writableRoots: [project],
    });
    assert.equal(inside[0].path, workspace.at('project/a.txt'));
    const anywhere = planPatch(parsePatch('*** Begin Patch\n*** Add File: ../free.txt\n+x\n*** End Patch'), project, { writableRoots: null });
    assert.equal(anywhere[0].path, workspace.at('free.txt'));
  });
});

test('a symlink inside the roots that stays inside is fine', () => {
  withWorkspace((workspace) => {
    workspace.write('real/a.txt', 'a\n');
    fs.symlinkSync(workspace.at('real'), workspace.at('alias'));
    const [change] = plan(workspace, '*** Update File: alias/a.txt\n@@\n-a\n+b');
    assert.deepEqual(change, {
      kind: 'update',
      path: workspace.at('alias/a.txt'),
      movePath: null,
      displayPath: 'alias/a.txt',
      oldContent: 'a\n',
      newContent: 'b\n',
    });
  });
});
