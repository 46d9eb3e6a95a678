import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readPageAddress, threadAddress, withoutToken } from '../../webview/web/page-address';

describe('web page address', () => {
  it('reads the token from the fragment and the thread from the query', () => {
    assert.deepEqual(readPageAddress('http://127.0.0.1:8765/#token=abc-DEF_123'), { token: 'abc-DEF_123', threadId: undefined });
    assert.deepEqual(readPageAddress('http://127.0.0.1:8765/?thread=019a-thread#token=t0k'), { token: 't0k', threadId: '019a-thread' });
    assert.deepEqual(readPageAddress('http://127.0.0.1:8765/?thread=019a-thread'), { token: undefined, threadId: '019a-thread' });
  });

  it('treats empty values as absent', () => {
    assert.deepEqual(readPageAddress('http://127.0.0.1:8765/?thread=#token='), { token: undefined, threadId: undefined });
  });

  it('drops the token but keeps the thread and the rest of the fragment', () => {
    assert.equal(withoutToken('http://127.0.0.1:8765/?thread=th-1#token=secret'), '/?thread=th-1');
    assert.equal(withoutToken('http://127.0.0.1:8765/#token=secret&view=compact'), '/#view=compact');
    assert.equal(withoutToken('http://127.0.0.1:8765/'), '/');
  });

  it('names a thread in the query, or none for a new thread', () => {
    assert.equal(threadAddress('http://127.0.0.1:8765/', 'th-2'), '/?thread=th-2');
    assert.equal(threadAddress('http://127.0.0.1:8765/?thread=th-1', 'th-2'), '/?thread=th-2');
    assert.equal(threadAddress('http://127.0.0.1:8765/?thread=th-1&x=1', undefined), '/?x=1');
    assert.equal(threadAddress('http://127.0.0.1:8765/?thread=th-1', undefined), '/');
  });
});
