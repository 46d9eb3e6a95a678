import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineDecoder } from './jsonl-framing';

function split(chunks: Array<Buffer | string>, end = true): string[] {
  const lines: string[] = [];
  const decoder = new LineDecoder();
  for (const chunk of chunks) lines.push(...decoder.push(chunk));
  if (end) lines.push(...decoder.end());
  return lines;
}

test('splits lines across chunk boundaries and tolerates \\r\\n', () => {
  assert.deepEqual(split(['{"a":1}\r\n{"b"', ':2}\n\n', '{"c":3}']), ['{"a":1}', '{"b":2}', '{"c":3}']);
});

test('keeps a multibyte character split between chunks', () => {
  const bytes = Buffer.from('"é🌍"\n');
  for (let cut = 1; cut < bytes.length - 1; cut++) {
    assert.deepEqual(split([bytes.subarray(0, cut), bytes.subarray(cut)]), ['"é🌍"'], `cut at ${cut}`);
  }
});

test('has no line-length cap', () => {
  const long = 'y'.repeat(5_000_000);
  const chunks = [];
  for (let index = 0; index < long.length; index += 65536) chunks.push(Buffer.from(long.slice(index, index + 65536)));
  chunks.push(Buffer.from('\n'));
  const lines = split(chunks);
  assert.equal(lines.length, 1);
  assert.equal(lines[0].length, long.length);
});

test('waits for the newline before emitting, unless the input ends', () => {
  assert.deepEqual(split(['{"partial":'], false), []);
  assert.deepEqual(split(['{"last":true}']), ['{"last":true}']);
});
