import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandActions } from './command-actions';

test('cat, head, tail, nl and sed -n ranges read one file', () => {
  assert.deepEqual(commandActions('cat README.md'), [{ type: 'read', command: 'cat README.md', name: 'README.md', path: 'README.md' }]);
  assert.deepEqual(commandActions('head -n 50 src/app.ts'), [{ type: 'read', command: 'head -n 50 src/app.ts', name: 'app.ts', path: 'src/app.ts' }]);
  assert.deepEqual(commandActions('tail -20 logs/out.log'), [{ type: 'read', command: 'tail -20 logs/out.log', name: 'out.log', path: 'logs/out.log' }]);
  assert.deepEqual(commandActions('nl -ba a.py'), [{ type: 'read', command: 'nl -ba a.py', name: 'a.py', path: 'a.py' }]);
  assert.deepEqual(commandActions("sed -n '120,180p' server/main.ts"), [
    { type: 'read', command: 'sed -n 120,180p server/main.ts', name: 'main.ts', path: 'server/main.ts' },
  ]);
});

test('a read through wrappers shows the unwrapped command', () => {
  assert.deepEqual(commandActions("bash -lc 'cat \"my notes.md\"'"), [
    { type: 'read', command: "cat 'my notes.md'", name: 'my notes.md', path: 'my notes.md' },
  ]);
});

test('reading several files, or stdin, is not one read', () => {
  assert.deepEqual(commandActions('cat a b'), [{ type: 'unknown', command: 'cat a b' }]);
  assert.deepEqual(commandActions('cat'), [{ type: 'unknown', command: 'cat' }]);
  assert.deepEqual(commandActions("sed -n '/x/p' a"), [{ type: 'unknown', command: "sed -n /x/p a" }]);
  assert.deepEqual(commandActions("sed 's/a/b/' a"), [{ type: 'unknown', command: "sed s/a/b/ a" }]);
});

test('ls, tree, find and rg --files list files', () => {
  assert.deepEqual(commandActions('ls -la src'), [{ type: 'listFiles', command: 'ls -la src', path: 'src' }]);
  assert.deepEqual(commandActions('ls'), [{ type: 'listFiles', command: 'ls', path: null }]);
  assert.deepEqual(commandActions('tree -L 2'), [{ type: 'listFiles', command: 'tree -L 2', path: null }]);
  assert.deepEqual(commandActions("find server -name '*.ts'"), [{ type: 'listFiles', command: "find server -name '*.ts'", path: 'server' }]);
  assert.deepEqual(commandActions('find -name x'), [{ type: 'listFiles', command: 'find -name x', path: null }]);
  assert.deepEqual(commandActions('rg --files webview'), [{ type: 'listFiles', command: 'rg --files webview', path: 'webview' }]);
});

test('grep and rg search for a pattern in a path', () => {
  assert.deepEqual(commandActions('rg -n "fn main" src'), [{ type: 'search', command: "rg -n 'fn main' src", query: 'fn main', path: 'src' }]);
  assert.deepEqual(commandActions('rg TODO'), [{ type: 'search', command: 'rg TODO', query: 'TODO', path: null }]);
  assert.deepEqual(commandActions('rg -g "*.ts" -e foo lib'), [{ type: 'search', command: "rg -g '*.ts' -e foo lib", query: 'foo', path: 'lib' }]);
  assert.deepEqual(commandActions('grep -rn --include "*.py" needle .'), [{ type: 'search', command: "grep -rn --include '*.py' needle .", query: 'needle', path: '.' }]);
  assert.deepEqual(commandActions('grep -f patterns.txt src'), [{ type: 'search', command: 'grep -f patterns.txt src', query: null, path: 'src' }]);
  assert.deepEqual(commandActions('git grep -n foo -- src'), [{ type: 'search', command: 'git grep -n foo -- src', query: 'foo', path: 'src' }]);
});

test('trivial pipeline tails are skipped', () => {
  assert.deepEqual(commandActions('rg foo src | head -n 20'), [{ type: 'search', command: 'rg foo src', query: 'foo', path: 'src' }]);
  assert.deepEqual(commandActions('find . -type f | wc -l'), [{ type: 'listFiles', command: 'find . -type f', path: '.' }]);
  assert.deepEqual(commandActions('grep -r x . | sort | uniq -c | sort -rn | head'), [{ type: 'search', command: 'grep -r x .', query: 'x', path: '.' }]);
  assert.deepEqual(commandActions('cat a.ts | nl | tr a b | cut -c1-80'), [{ type: 'read', command: 'cat a.ts', name: 'a.ts', path: 'a.ts' }]);
});

test('pipeline tails that name a file or write are kept', () => {
  assert.deepEqual(commandActions('rg foo | head -n 5 other.txt'), [
    { type: 'search', command: 'rg foo', query: 'foo', path: null },
    { type: 'read', command: 'head -n 5 other.txt', name: 'other.txt', path: 'other.txt' },
  ]);
  assert.deepEqual(commandActions('rg foo | sort > out'), [
    { type: 'search', command: 'rg foo', query: 'foo', path: null },
    { type: 'unknown', command: 'sort' },
  ]);
  assert.deepEqual(commandActions('rg foo | tee out'), [
    { type: 'search', command: 'rg foo', query: 'foo', path: null },
    { type: 'unknown', command: 'tee out' },
  ]);
});

test('filters are not skipped outside a pipeline', () => {
  assert.deepEqual(commandActions('rg foo; wc -l a'), [
    { type: 'search', command: 'rg foo', query: 'foo', path: null },
    { type: 'unknown', command: 'wc -l a' },
  ]);
});

test('a leading cd is dropped; a lone cd is shown', () => {
  assert.deepEqual(commandActions('cd server && rg foo'), [{ type: 'search', command: 'rg foo', query: 'foo', path: null }]);
  assert.deepEqual(commandActions('cd server'), [{ type: 'unknown', command: 'cd server' }]);
});

test('one action per command, in order', () => {
  assert.deepEqual(commandActions('npm test && cat out.txt; ls dist'), [
    { type: 'unknown', command: 'npm test' },
    { type: 'read', command: 'cat out.txt', name: 'out.txt', path: 'out.txt' },
    { type: 'listFiles', command: 'ls dist', path: 'dist' },
  ]);
});

test('a complex string is one unknown action carrying the whole string', () => {
  assert.deepEqual(commandActions('cat $(ls)'), [{ type: 'unknown', command: 'cat $(ls)' }]);
  assert.deepEqual(commandActions('for f in *; do cat $f; done'), [{ type: 'unknown', command: 'for f in *; do cat $f; done' }]);
});

test('the empty string has no actions', () => {
  assert.deepEqual(commandActions(''), []);
});
