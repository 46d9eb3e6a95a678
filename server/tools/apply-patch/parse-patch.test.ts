import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePatch } from './parse-patch';
import { PatchError } from './patch-error';

const HEADER_HINT = "'*** Add File: <path>', '*** Update File: <path>' or '*** Delete File: <path>'";
const HUNK_LINE_HINT =
  "every hunk line starts with ' ' (context), '-' (remove) or '+' (add); a new hunk starts with '@@'";

function parseError(text: string): string {
  try {
    parsePatch(text);
  } catch (error) {
    assert.ok(error instanceof PatchError, `expected a PatchError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected parsePatch to throw');
}

test('parses add, delete, update with move, anchors and several hunks, in patch order', () => {
  const text = [
    '*** Begin Patch',
    '*** Add File: path/new.txt',
    '+line one',
    '+line two',
    '*** Delete File: old.txt',
    '*** Update File: src/app.ts',
    '*** Move to: src/main.ts',
    '@@ function main() {',
    ' unchanged context',
    '-removed line',
    '+added line',
    '@@',
    ' tail',
    '+more',
    '*** End of File',
    '*** End Patch',
  ].join('\n');
  assert.deepEqual(parsePatch(text), [
    { kind: 'add', path: 'path/new.txt', content: 'line one\nline two\n' },
    { kind: 'delete', path: 'old.txt' },
    {
      kind: 'update',
      path: 'src/app.ts',
      movePath: 'src/main.ts',
      hunks: [
        {
          contextAnchor: 'function main() {',
          lines: [
            { op: ' ', text: 'unchanged context' },
            { op: '-', text: 'removed line' },
            { op: '+', text: 'added line' },
          ],
          endOfFile: false,
        },
        {
          contextAnchor: null,
          lines: [
            { op: ' ', text: 'tail' },
            { op: '+', text: 'more' },
          ],
          endOfFile: true,
        },
      ],
    },
  ]);
});

test('an add with no lines is an empty file; a blank line between + lines is an empty line', () => {
  assert.deepEqual(parsePatch('*** Begin Patch\n*** Add File: empty.txt\n*** Add File: b.txt\n+a\n\n+c\n\n*** End Patch'), [
    { kind: 'add', path: 'empty.txt', content: '' },
    { kind: 'add', path: 'b.txt', content: 'a\n\nc\n' },
  ]);
});

test('strips a heredoc wrapper, blank lines around the patch, CRLF and padding around markers', () => {
  const expected = [{ kind: 'add', path: 'a.txt', content: 'x\n' }];
  assert.deepEqual(parsePatch("\n\napply_patch <<'EOF'\n*** Begin Patch\n*** Add File: a.txt\n+x\n*** End Patch\nEOF\n\n"), expected);
  assert.deepEqual(parsePatch('<<"PATCH"\n*** Begin Patch\n*** Add File: a.txt\n+x\n*** End Patch\nPATCH'), expected);
  assert.deepEqual(parsePatch('*** Begin Patch\r\n*** Add File: a.txt\r\n+x\r\n*** End Patch\r\n'), expected);
  assert.deepEqual(parsePatch('  *** Begin Patch \n  *** Add File:   a.txt  \n+x\n *** End Patch  '), expected);
});

test('an empty line inside a hunk is an empty context line', () => {
  const [operation] = parsePatch('*** Begin Patch\n*** Update File: a.py\n@@\n def f():\n\n-    pass\n+    return 1\n*** End Patch');
  assert.deepEqual(operation, {
    kind: 'update',
    path: 'a.py',
    movePath: null,
    hunks: [
      {
        contextAnchor: null,
        lines: [
          { op: ' ', text: 'def f():' },
          { op: ' ', text: '' },
          { op: '-', text: '    pass' },
          { op: '+', text: '    return 1' },
        ],
        endOfFile: false,
      },
    ],
  });
});

test('bare empty lines that only separate hunks or sections are not context, except before *** End of File', () => {
  const [first, second] = parsePatch(
    '*** Begin Patch\n*** Update File: a\n-x\n+y\n\n\n@@\n-z\n\n*** End of File\n\n*** Delete File: b\n*** End Patch',
  );
  assert.deepEqual(first, {
    kind: 'update',
    path: 'a',
    movePath: null,
    hunks: [
      { contextAnchor: null, lines: [{ op: '-', text: 'x' }, { op: '+', text: 'y' }], endOfFile: false },
      { contextAnchor: null, lines: [{ op: '-', text: 'z' }, { op: ' ', text: '' }], endOfFile: true },
    ],
  });
  assert.deepEqual(second, { kind: 'delete', path: 'b' });
});

test('the first hunk may omit @@; anchors keep their indentation; unified-diff headers drop line numbers', () => {
  const [operation] = parsePatch(
    [
      '*** Begin Patch',
      '*** Update File: a.py',
      ' import os',
      '+import sys',
      '@@     def run(self):',
      '-        pass',
      '@@ -10,6 +10,7 @@ class Runner:',
      '-x',
      '@@ -20 +21 @@',
      '-y',
      '@@   ',
      '-z',
      '*** End Patch',
    ].join('\n'),
  );
  assert.ok(operation.kind === 'update');
  assert.deepEqual(
    operation.hunks.map((hunk) => hunk.contextAnchor),
    [null, '    def run(self):', 'class Runner:', null, null],
  );
});

test('reports a missing or wrong *** Begin Patch with its line number', () => {
  assert.equal(parseError('hello\n*** End Patch'), "line 1: expected '*** Begin Patch', got 'hello'");
  assert.equal(parseError('\n\n  \nnope\n*** End Patch'), "line 4: expected '*** Begin Patch', got 'nope'");
  assert.equal(parseError(' \n '), "line 1: expected '*** Begin Patch', got an empty patch");
});

test('reports a missing *** End Patch', () => {
  assert.equal(parseError('*** Begin Patch\n*** Add File: a\n+x'), "line 3: expected '*** End Patch' as the last line, got '+x'");
  assert.equal(parseError('\n*** Begin Patch\n'), "line 3: expected '*** End Patch' at the end of the patch");
});

test('reports an unknown section header, counting lines of the text as given', () => {
  assert.equal(
    parseError('\n\n*** Begin Patch\n*** Frobnicate File: x\n*** End Patch'),
    `line 4: expected a file section header (${HEADER_HINT}), got '*** Frobnicate File: x'`,
  );
  assert.equal(
    parseError('*** Begin Patch\n*** Add File: a\n+x\nstray\n*** End Patch'),
    `line 4: expected a file section header (${HEADER_HINT}), got 'stray'`,
  );
  assert.equal(parseError('*** Begin Patch\n*** Move to: b\n*** End Patch'), "line 2: '*** Move to:' must directly follow '*** Update File: <path>'");
  assert.equal(parseError('*** Begin Patch\n*** Delete File:   \n*** End Patch'), "line 2: '*** Delete File:' needs a path");
});

test('reports an update without hunks, an empty hunk and a line that is not a hunk line', () => {
  assert.equal(
    parseError('*** Begin Patch\n*** Update File: a.txt\n*** End Patch'),
    "line 2: '*** Update File: a.txt' has no hunks; follow it with '@@' and lines starting with ' ', '-' or '+'",
  );
  assert.equal(parseError('*** Begin Patch\n*** Update File: a.txt\n@@ f\n@@ g\n-x\n*** End Patch'), `line 3: hunk of a.txt has no lines; ${HUNK_LINE_HINT}`);
  assert.equal(
    parseError('*** Begin Patch\n*** Update File: a.txt\n@@\n-x\noops\n*** End Patch'),
    `line 5: unexpected line in a hunk of a.txt: 'oops' (${HUNK_LINE_HINT})`,
  );
  assert.equal(
    parseError('*** Begin Patch\n*** Update File: a.txt\n*** End of File\n*** End Patch'),
    "line 3: '*** End of File' must directly follow a hunk's lines",
  );
});

test('reports a patch without file sections', () => {
  assert.equal(parseError('*** Begin Patch\n\n*** End Patch'), `line 3: the patch has no file sections; add at least one of ${HEADER_HINT}`);
});

test('a context line whose text is the *** End of File marker stays a context line', () => {
  const [operation] = parsePatch('*** Begin Patch\n*** Update File: notes.md\n@@\n *** End of File\n+after\n*** End Patch');
  assert.ok(operation.kind === 'update');
  assert.deepEqual(operation.hunks, [
    { contextAnchor: null, lines: [{ op: ' ', text: '*** End of File' }, { op: '+', text: 'after' }], endOfFile: false },
  ]);
});
