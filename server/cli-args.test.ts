import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs } from './cli-args';

test('--listen repeats: one server, several listeners; stdio by default', () => {
  assert.deepEqual(parseArgs(['app-server']), { kind: 'serve', listen: [{ kind: 'stdio' }] });
  assert.deepEqual(parseArgs(['app-server', '--listen', 'http://127.0.0.1:8765', '--listen=ws://[::1]:0', '--listen', 'stdio://']), {
    kind: 'serve',
    listen: [
      { kind: 'http', host: '127.0.0.1', port: 8765 },
      { kind: 'ws', host: '::1', port: 0 },
      { kind: 'stdio' },
    ],
  });
});

test('a default port written out is kept (URL would drop :80)', () => {
  assert.deepEqual(parseArgs(['app-server', '--listen', 'http://127.0.0.1:80']), {
    kind: 'serve',
    listen: [{ kind: 'http', host: '127.0.0.1', port: 80 }],
  });
});

test('the token comes from a file or a variable; the official flag names are accepted', () => {
  assert.deepEqual(parseArgs(['app-server', '--ws-token-file', '/run/token']), {
    kind: 'serve',
    listen: [{ kind: 'stdio' }],
    token: { kind: 'file', path: '/run/token' },
  });
  assert.deepEqual(parseArgs(['app-server', '--token-env', 'MY_TOKEN']), {
    kind: 'serve',
    listen: [{ kind: 'stdio' }],
    token: { kind: 'env', variable: 'MY_TOKEN' },
  });
  assert.throws(() => parseArgs(['app-server', '--token-env', 'A', '--token-file', 'B']), /either by --token-file or by --token-env/);
});

test('mistakes say what is wrong', () => {
  assert.throws(() => parseArgs(['app-server', '--listen', 'unix:///tmp/s']), /only stdio:\/\/, ws:\/\/HOST:PORT and http:\/\/HOST:PORT/);
  assert.throws(() => parseArgs(['app-server', '--listen', 'http://127.0.0.1:1/app']), /takes no path/);
  assert.throws(() => parseArgs(['app-server', '--listen', 'stdio://', '--listen', 'stdio']), /only once/);
  assert.throws(() => parseArgs(['app-server', '--port', '1']), /unknown option: --port/);
  assert.throws(() => parseArgs(['app-server', '--listen']), /--listen needs a value/);
});
