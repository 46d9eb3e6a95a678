import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SANDBOX_EXEC, SeatbeltSandbox, seatbeltProfile } from './seatbelt';

test('read-only: reads everywhere, writes nowhere, no network', () => {
  const { profile, parameters } = seatbeltProfile({ type: 'readOnly', networkAccess: false }, '/work', undefined);
  assert.match(profile, /\(deny default\)/);
  assert.match(profile, /\(allow file-read\*\)/);
  assert.doesNotMatch(profile, /allow file-write\* \(subpath/);
  assert.doesNotMatch(profile, /allow network/);
  assert.deepEqual(parameters, []);
});

test('workspace-write: the roots and temp folders by parameter, .git kept read-only after the allow', () => {
  const root = mkdtempSync(join(tmpdir(), 'seatbelt-'));
  mkdirSync(join(root, '.git'));
  try {
    const { profile, parameters } = seatbeltProfile({ type: 'workspaceWrite', writableRoots: [root], networkAccess: false }, root, '/var/folders/x');
    assert.deepEqual(parameters, [
      ['WRITABLE_ROOT_0', root],
      ['READ_ONLY_GIT_0', join(root, '.git')],
      ['WRITABLE_ROOT_1', '/private/tmp'],
      ['WRITABLE_ROOT_2', '/var/folders/x'],
    ]);
    assert.ok(profile.indexOf('(allow file-write*') < profile.indexOf('(deny file-write* (subpath (param "READ_ONLY_GIT_0")))'));
    assert.ok(!profile.includes(root), 'paths never appear in the profile text');
    assert.doesNotMatch(profile, /allow network/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('network only when the policy allows it; full access is not wrapped', () => {
  assert.match(seatbeltProfile({ type: 'workspaceWrite', networkAccess: true, excludeSlashTmp: true }, '/w', undefined).profile, /\(allow network\*\)/);
  const sandbox = new SeatbeltSandbox();
  assert.deepEqual(sandbox.wrap(['/bin/bash', '-c', 'ls'], { type: 'dangerFullAccess' }, '/w'), ['/bin/bash', '-c', 'ls']);
  const wrapped = sandbox.wrap(['/bin/bash', '-c', 'ls'], { type: 'readOnly' }, '/w');
  assert.equal(wrapped[0], SANDBOX_EXEC);
  assert.deepEqual(wrapped.slice(-4), ['--', '/bin/bash', '-c', 'ls']);
});
