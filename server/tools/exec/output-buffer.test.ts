import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HeadTailBuffer, omissionNote } from './output-buffer';

function filled(capacity: number, chunks: string[]): HeadTailBuffer {
  const buffer = new HeadTailBuffer(capacity);
  for (const chunk of chunks) buffer.push(chunk);
  return buffer;
}

test('returns everything while the output fits', () => {
  assert.deepEqual(filled(10, ['abc', 'def', 'ghij']).render(), { text: 'abcdefghij', omittedBytes: 0 });
});

test('keeps the head and the tail around a note once over capacity', () => {
  const buffer = filled(10, ['0123', '4567', '89ab', 'cdef']);
  assert.equal(buffer.totalBytes, 16);
  assert.deepEqual(buffer.render(), { text: `01234${omissionNote(6)}bcdef`, omittedBytes: 6 });
});

test('renders a smaller cap from what it kept, whether or not bytes were dropped', () => {
  assert.deepEqual(filled(100, ['0123456789']).render(4), { text: `01${omissionNote(6)}89`, omittedBytes: 6 });
  assert.deepEqual(filled(10, ['0123456789abcdef']).render(4), { text: `01${omissionNote(12)}ef`, omittedBytes: 12 });
});

test('never cuts inside a multibyte character', () => {
  const text = 'é€🌍'.repeat(20);
  for (let capacity = 4; capacity <= 40; capacity++) {
    for (const chunks of [[text], [...text]]) {
      const { text: rendered, omittedBytes } = filled(capacity, chunks).render();
      assert.ok(!rendered.includes('\uFFFD'), `capacity ${capacity}: ${rendered}`);
      const kept = Buffer.byteLength(rendered) - Buffer.byteLength(omissionNote(omittedBytes));
      assert.equal(kept + omittedBytes, Buffer.byteLength(text), `capacity ${capacity}`);
      assert.ok(kept <= capacity, `capacity ${capacity} kept ${kept}`);
    }
  }
});

test('formats the omission note', () => {
  assert.equal(omissionNote(123456), '\n[… 123456 bytes of output omitted …]\n');
});
