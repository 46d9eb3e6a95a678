import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { Message } from 'vscode-jsonrpc/node';
import { JsonlMessageReader } from '../../extension/app-server/jsonl-message-reader';
import { LineDecoder } from '../../server/protocol/jsonl-framing';
import { memoryLogger, waitFor } from './harness';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('LineDecoder', () => {
  it('keeps a multibyte character that is split across two chunks', () => {
    const decoder = new LineDecoder();
    const line = bytes('{"text":"€ and 😀"}\n');
    const euro = line.indexOf(0xe2); // first byte of the 3-byte '€'
    const emoji = line.indexOf(0xf0); // first byte of the 4-byte '😀'
    const chunks = [line.subarray(0, euro + 1), line.subarray(euro + 1, emoji + 2), line.subarray(emoji + 2)];
    const lines = chunks.flatMap((chunk) => decoder.push(chunk));
    assert.deepEqual(lines, ['{"text":"€ and 😀"}']);
  });

  it('splits on \\n and strips the \\r of \\r\\n', () => {
    const decoder = new LineDecoder();
    assert.deepEqual(decoder.push(bytes('{"a":1}\r\n{"b":2}\n{"c"')), ['{"a":1}', '{"b":2}']);
    assert.deepEqual(decoder.push(bytes(':3}\r\n')), ['{"c":3}']);
  });

  it('skips blank lines', () => {
    const decoder = new LineDecoder();
    assert.deepEqual(decoder.push(bytes('\n\r\n{"a":1}\n\n')), ['{"a":1}']);
  });

  it('returns a last line without a newline at end of stream', () => {
    const decoder = new LineDecoder();
    assert.deepEqual(decoder.push(bytes('{"a":1}\n{"b":')), ['{"a":1}']);
    assert.deepEqual(decoder.end(), ['{"b":']);
  });

  it('has no line-length cap: a 1 MB line arrives whole from 64 KB chunks', () => {
    const decoder = new LineDecoder();
    const payload = 'x'.repeat(1024 * 1024);
    const line = bytes(`{"text":"${payload}"}\n`);
    const lines: string[] = [];
    for (let offset = 0; offset < line.length; offset += 64 * 1024) {
      lines.push(...decoder.push(line.subarray(offset, offset + 64 * 1024)));
    }
    assert.equal(lines.length, 1);
    assert.equal((JSON.parse(lines[0]) as { text: string }).text.length, payload.length);
  });
});

describe('JsonlMessageReader', () => {
  it('delivers each JSON object line as a message and logs and skips lines that are not', async () => {
    const stream = new PassThrough();
    const logger = memoryLogger();
    const reader = new JsonlMessageReader(stream, logger);
    const messages: Message[] = [];
    let closed = false;
    reader.onClose(() => (closed = true));
    reader.listen((message) => messages.push(message));

    stream.write('{"id":1,"result":{}}\nnot json\n[1,2]\n');
    stream.write(bytes('{"method":"warning","params":{"message":"caf'));
    stream.write(Buffer.from([0xc3])); // 'é' split across writes
    stream.write(Buffer.from([0xa9]));
    stream.end('"}}');

    await waitFor(() => (closed ? true : undefined), 'reader close');
    assert.deepEqual(messages, [
      { id: 1, result: {} },
      { method: 'warning', params: { message: 'café' } },
    ]);
    assert.deepEqual(logger.at('warn'), [
      'Ignoring a server line that is not a JSON object: not json',
      'Ignoring a server line that is not a JSON object: [1,2]',
    ]);
  });
});
