import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyHunks } from './apply-hunks';
import { parsePatch } from './parse-patch';
import { PatchError } from './patch-error';

/** Applies the hunks of a one-file update patch whose body is `body`. */
function apply(content: string, body: string): string {
  const [operation] = parsePatch(`*** Begin Patch\n*** Update File: f.txt\n${body}\n*** End Patch`);
  assert.ok(operation.kind === 'update');
  return applyHunks(content, operation.hunks, 'f.txt');
}

function applyError(content: string, body: string): string {
  assert.throws(() => apply(content, body), PatchError);
  try {
    apply(content, body);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

test('replaces the located lines and keeps the rest', () => {
  assert.equal(apply('a\nb\nc\n', '@@\n a\n-b\n+B\n c'), 'a\nB\nc\n');
});

test('applies several hunks, each searched after the previous one', () => {
  assert.equal(apply('x\nfoo\nx\nbar\n', '@@\n-x\n+1\n@@\n-x\n+2'), '1\nfoo\n2\nbar\n');
  assert.equal(
    applyError('a\nb\nc\n', '@@\n-c\n+C\n@@\n-a\n+A'),
    "Failed to find expected lines in f.txt (hunk 2 of 2):\na\n(re-read the file and retry with exact context)",
  );
});

test('@@ <anchor> moves the search below the anchor line', () => {
  const content = 'def a():\n    return 1\ndef b():\n    return 1\n';
  assert.equal(apply(content, '@@ def b():\n-    return 1\n+    return 2'), 'def a():\n    return 1\ndef b():\n    return 2\n');
  // The anchor repeated as the hunk's first context line is still found.
  assert.equal(apply(content, '@@ def b():\n def b():\n-    return 1\n+    return 2'), 'def a():\n    return 1\ndef b():\n    return 2\n');
});

test('reports an anchor or lines that cannot be found, with the lines', () => {
  assert.equal(
    applyError('a\nb\n', '@@ nowhere\n-b\n+c'),
    "Failed to find context 'nowhere' in f.txt\n(the text after '@@' must be a line of the file below the previous hunk; re-read the file and retry with an exact line)",
  );
  assert.equal(
    applyError('a\nb\n', '@@ a\n-x\n-y\n+z'),
    "Failed to find expected lines in f.txt (searched below 'a'):\nx\ny\n(re-read the file and retry with exact context)",
  );
});

test('matches despite whitespace and typographic punctuation, keeping the file\'s own context lines', () => {
  assert.equal(apply('  if (x) {   \n    go();\n  }\n', '@@\n if (x) {\n-  go();\n+  stop();\n }'), '  if (x) {   \n  stop();\n  }\n');
  assert.equal(apply('// it\u2019s \u2014 done\nx\n', '@@\n-// it\'s - done\n+// ok'), '// ok\nx\n');
});

test('a pure insertion goes below its anchor, or at the end without one', () => {
  assert.equal(apply('a\nb\nc\n', '@@ a\n+inserted'), 'a\ninserted\nb\nc\n');
  assert.equal(apply('a\nb\n', '@@\n+appended'), 'a\nb\nappended\n');
  assert.equal(apply('a\nb\n', '@@ a\n+appended\n*** End of File'), 'a\nb\nappended\n');
  assert.equal(apply('', '@@\n+first'), 'first\n');
});

test('*** End of File looks at the end of the file first', () => {
  assert.equal(apply('x\ny\nx\n', '@@\n-x\n+z\n*** End of File'), 'x\ny\nz\n');
});

test('keeps a missing final newline, whether the last line is replaced or lines are appended', () => {
  assert.equal(apply('a\nb', '@@\n a\n-b\n+B'), 'a\nB');
  assert.equal(apply('a\nb', '@@\n+c'), 'a\nb\nc');
  assert.equal(apply('a\nb', '@@\n a\n-b'), 'a');
  assert.equal(apply('a\nb\n', '@@\n a\n-b'), 'a\n');
});

test('an *** End of File hunk may drop or add the final newline', () => {
  // A trailing empty removed line stands for the final newline (Codex convention).
  assert.equal(apply('a\nb\n', '@@\n a\n b\n-\n*** End of File'), 'a\nb');
  assert.equal(apply('a\nb\n', '@@\n a\n-b\n-\n+B\n+\n*** End of File'), 'a\nB\n');
  // Without *** End of File the final newline is kept.
  assert.equal(apply('a\nb\n', '@@\n a\n-b\n-\n+B'), 'a\nB\n');
  // In a file without one, an added empty last line is the final newline.
  assert.equal(apply('a\nb', '@@\n b\n+\n*** End of File'), 'a\nb\n');
});

test('a trailing empty context line may stand for the final newline', () => {
  assert.equal(apply('a\nb\n', '@@\n-b\n+c\n \n*** End of File'), 'a\nc\n');
});

test('keeps CRLF endings, giving new lines the file\'s dominant ending', () => {
  assert.equal(apply('a\r\nb\r\nc\r\n', '@@\n a\n-b\n+B\n+B2\n c'), 'a\r\nB\r\nB2\r\nc\r\n');
  assert.equal(apply('a\r\nb\nc\r\n', '@@\n-c\n+C'), 'a\r\nb\nC\r\n');
  assert.equal(apply('a\r\nb', '@@\n+c'), 'a\r\nb\r\nc');
});

test('can remove every line', () => {
  assert.equal(apply('a\nb\n', '@@\n-a\n-b'), '');
});

test('keeps a byte order mark when the first line is replaced', () => {
  assert.equal(apply('\uFEFFa\nb\n', '@@\n-a\n+A'), '\uFEFFA\nb\n');
});
