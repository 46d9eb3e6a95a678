import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasModelCredentials, resolveServerLaunch } from '../../extension/app-server/server-launch';

const base = {
  bundledServerPath: '/ext/dist/server.js',
  serverPath: '',
  serverArgs: ['app-server'],
  apiKey: undefined,
  baseUrl: '',
  execPath: '/apps/code/electron',
  baseEnv: { PATH: '/usr/bin', OPENAI_API_KEY: 'from-shell' },
};

describe('resolveServerLaunch', () => {
  it('runs the bundled server on the editor runtime as Node, with the stored key and the base URL', () => {
    assert.deepEqual(resolveServerLaunch({ ...base, apiKey: 'sk-stored', baseUrl: ' http://127.0.0.1:11434/v1 ' }), {
      command: '/apps/code/electron',
      // The V8 flag keeps the young generation small (peak RSS of a long answer; BENCHMARKS.md).
      args: ['--max-semi-space-size=1', '/ext/dist/server.js', 'app-server'],
      env: {
        PATH: '/usr/bin',
        OPENAI_API_KEY: 'sk-stored',
        OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
        ELECTRON_RUN_AS_NODE: '1',
      },
    });
  });

  it('keeps an inherited OPENAI_API_KEY when no key is stored, and sets no base URL when empty', () => {
    assert.deepEqual(resolveServerLaunch(base).env, { PATH: '/usr/bin', OPENAI_API_KEY: 'from-shell', ELECTRON_RUN_AS_NODE: '1' });
  });

  it('runs a custom server program as given', () => {
    assert.deepEqual(resolveServerLaunch({ ...base, serverPath: '/usr/local/bin/codex', serverArgs: ['app-server', '--listen', 'stdio://'] }), {
      command: '/usr/local/bin/codex',
      args: ['app-server', '--listen', 'stdio://'],
      env: { PATH: '/usr/bin', OPENAI_API_KEY: 'from-shell' },
    });
  });
});

describe('hasModelCredentials', () => {
  const none = { serverPath: '', apiKey: undefined, baseUrl: '', baseEnv: {} };
  it('is false with no key, no inherited key, no base URL and the bundled server', () => {
    assert.equal(hasModelCredentials(none), false);
  });
  it('is true with any of a stored key, an inherited key, a base URL or a custom server', () => {
    assert.equal(hasModelCredentials({ ...none, apiKey: 'sk' }), true);
    assert.equal(hasModelCredentials({ ...none, baseEnv: { OPENAI_API_KEY: 'sk' } }), true);
    assert.equal(hasModelCredentials({ ...none, baseUrl: 'http://localhost:11434/v1' }), true);
    assert.equal(hasModelCredentials({ ...none, serverPath: 'codex' }), true);
  });
});
