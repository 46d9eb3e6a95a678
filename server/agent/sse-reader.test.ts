import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { readSseBatches, SseParser, type SseEvent } from './sse-reader';

const event = (data: string, type = 'message', id?: string): SseEvent => ({ event: type, data, id });

function parseAll(pieces: string[]): SseEvent[] {
  const parser = new SseParser();
  return [...pieces.flatMap((piece) => parser.push(piece)), ...parser.end()];
}

/** Feeds raw bytes through the body reader, split at the given byte offsets. */
async function readBytes(bytes: Uint8Array, cuts: number[]): Promise<{ events: SseEvent[]; batches: number; chunks: number }> {
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    pieces.push(bytes.subarray(start, cut));
    start = cut;
  }
  // One stream chunk per piece, as the server's HTTP response gives them.
  const body = Readable.from(pieces);
  const events: SseEvent[] = [];
  let batches = 0;
  let chunks = 0;
  for await (const batch of readSseBatches(body, () => chunks++)) {
    batches++;
    events.push(...batch);
  }
  return { events, batches, chunks };
}

const STREAM = [
  ': keep-alive comment',
  'event: response.output_text.delta',
  'data: {"delta":"héllo 👋"}',
  '',
  'data: first line',
  'data:second line',
  'data',
  '',
  'id: 7',
  'event: custom',
  'data:  two spaces keep one',
  '',
  'retry: 1000',
  'unknown: field',
  '',
  'data: [DONE]',
  '',
].join('\n');

const EXPECTED = [
  event('{"delta":"héllo 👋"}', 'response.output_text.delta'),
  event('first line\nsecond line\n'),
  event(' two spaces keep one', 'custom', '7'),
  event('[DONE]', 'message', '7'),
];

describe('SseParser', () => {
  test('parses events, comments, multi-line data, named events, ids and ignored fields', () => {
    assert.deepEqual(parseAll([STREAM]), EXPECTED);
  });

  test('gives the same events however the text is cut', () => {
    for (let cut = 0; cut <= STREAM.length; cut++) {
      assert.deepEqual(parseAll([STREAM.slice(0, cut), STREAM.slice(cut)]), EXPECTED, `cut at ${cut}`);
    }
    assert.deepEqual(parseAll(Array.from(STREAM)), EXPECTED, 'one character at a time');
  });

  test('accepts CRLF and lone CR line ends, also cut between CR and LF', () => {
    const crlf = STREAM.replaceAll('\n', '\r\n');
    const cr = STREAM.replaceAll('\n', '\r');
    for (const text of [crlf, cr]) {
      for (let cut = 0; cut <= text.length; cut++) {
        assert.deepEqual(parseAll([text.slice(0, cut), text.slice(cut)]), EXPECTED, `cut at ${cut} of ${JSON.stringify(text.slice(0, 12))}`);
      }
    }
    assert.deepEqual(parseAll(['data: a\r', '\r', '\ndata: b\r\n\r\n']), [event('a'), event('b')], 'CR | CR LF is two line ends');
  });

  test('does not dispatch an event without data, and dispatches an unterminated last event at the end', () => {
    assert.deepEqual(parseAll(['event: ping\n\n', ': only a comment\n\n', 'data: last']), [event('last')]);
  });

  test('an event type does not leak into the next event', () => {
    assert.deepEqual(parseAll(['event: a\ndata: 1\n\ndata: 2\n\n']), [event('1', 'a'), event('2')]);
  });
});

describe('readSseBatches', () => {
  test('decodes UTF-8 split anywhere, even inside a character, and reports every chunk', async () => {
    const bytes = new TextEncoder().encode(STREAM);
    for (let cut = 1; cut < bytes.length; cut++) {
      const { events, chunks } = await readBytes(bytes, [cut]);
      assert.deepEqual(events, EXPECTED, `cut at byte ${cut}`);
      assert.equal(chunks, 2);
    }
  });

  test('yields one batch per chunk that completed events', async () => {
    const bytes = new TextEncoder().encode('data: 1\n\ndata: 2\n\ndata: 3');
    const { events, batches } = await readBytes(bytes, [4, 18]);
    assert.deepEqual(events, [event('1'), event('2'), event('3')]);
    // "data" completes nothing; "…1…2" completes two; the rest completes one at the end.
    assert.equal(batches, 2);
  });

  test('ends the body (releasing its connection) when the consumer stops early', async () => {
    let destroyed = false;
    const body = new Readable({
      objectMode: true,
      read() {
        this.push(new TextEncoder().encode('data: x\n\n'));
      },
      destroy(error, callback) {
        destroyed = true;
        callback(error);
      },
    });
    for await (const batch of readSseBatches(body)) {
      assert.deepEqual(batch, [event('x')]);
      break;
    }
    assert.equal(destroyed, true);
  });
});
