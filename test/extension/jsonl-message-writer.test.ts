import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { JsonlMessageWriter } from '../../extension/app-server/jsonl-message-writer';

describe('JsonlMessageWriter', () => {
  it('writes one JSON object per line without the jsonrpc member', async () => {
    const stream = new PassThrough();
    const writer = new JsonlMessageWriter(stream);
    await writer.write({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { text: 'a\nb' } } as never);
    await writer.write({ jsonrpc: '2.0', method: 'initialized' } as never);
    const written = (stream.read() as Buffer).toString('utf8');
    assert.equal(written, '{"id":1,"method":"initialize","params":{"text":"a\\nb"}}\n{"method":"initialized"}\n');
  });

  it('rejects a write after the stream ended instead of hanging', async () => {
    const stream = new PassThrough();
    const writer = new JsonlMessageWriter(stream);
    const errors: Error[] = [];
    writer.onError(([error]) => errors.push(error));
    stream.end();
    await assert.rejects(writer.write({ jsonrpc: '2.0', method: 'initialized' } as never), /input is closed/);
    assert.equal(errors.length, 1);
  });
});
