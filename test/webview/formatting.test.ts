import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandStatus, countLines, displayCommand, formatDuration, tail } from '../../webview/render/command-text';
import { reasoningHeading } from '../../webview/render/reasoning-view';
import { compact, formatTokenUsage } from '../../webview/render/token-usage';
import { fieldsFromItem, userContent } from '../../webview/state/item-entries';

describe('command text', () => {
  it('unwraps the login-shell wrapper the server runs commands in', () => {
    assert.equal(displayCommand("/bin/bash -lc 'npm test'"), 'npm test');
    assert.equal(displayCommand("bash -lc 'echo '\\''hi'\\'''"), "echo 'hi'");
    assert.equal(displayCommand('/bin/zsh -c "echo \\"x\\""'), 'echo "x"');
    assert.equal(displayCommand('git status'), 'git status');
    assert.equal(displayCommand("/bin/bash -lc 'a' extra"), "/bin/bash -lc 'a' extra");
  });

  it('says how a command ended, and styles declined and failed apart', () => {
    assert.deepEqual(commandStatus({ status: 'inProgress', exitCode: null, open: true }), { label: 'Running', tone: 'running' });
    assert.deepEqual(commandStatus({ status: 'inProgress', exitCode: null, open: false }), { label: 'Did not finish', tone: 'stopped' });
    assert.deepEqual(commandStatus({ status: 'completed', exitCode: 0, open: false }), { label: 'Done', tone: 'ok' });
    assert.deepEqual(commandStatus({ status: 'completed', exitCode: 2, open: false }), { label: 'Exit 2', tone: 'failed' });
    assert.deepEqual(commandStatus({ status: 'failed', exitCode: 1, open: false }), { label: 'Failed (exit 1)', tone: 'failed' });
    assert.deepEqual(commandStatus({ status: 'declined', exitCode: null, open: false }), { label: 'Declined', tone: 'declined' });
  });

  it('formats durations for people', () => {
    assert.deepEqual([null, 850, 3200, 60_000, 125_000].map(formatDuration), ['', '850 ms', '3.2 s', '1 min', '2 min 5 s']);
  });

  it('counts lines and takes the tail of the output', () => {
    assert.deepEqual(['', 'a', 'a\n', 'a\nb', 'a\nb\n'].map(countLines), [0, 1, 1, 2, 2]);
    assert.equal(tail('1\n2\n3\n4\n', 2), '3\n4');
    assert.equal(tail('1\n2', 5), '1\n2');
  });
});

describe('token usage', () => {
  it('shows totals and how full the context window is', () => {
    const usage = (total: number) => ({ totalTokens: total, inputTokens: total - 500, cachedInputTokens: 1200, cacheWriteInputTokens: 0, outputTokens: 500, reasoningOutputTokens: 0 });
    assert.equal(
      formatTokenUsage({ total: usage(12_345), last: usage(50_000), modelContextWindow: 200_000 }),
      '12.3k tokens used (11.8k in, 1.2k cached, 500 out) · context 25% of 200k',
    );
    assert.equal(formatTokenUsage(null), '');
    assert.deepEqual([950, 1000, 12_345, 123_456, 1_250_000].map(compact), ['950', '1k', '12.3k', '123k', '1.3M']);
  });
});

describe('items to entries', () => {
  it('reads the title of the latest reasoning summary part', () => {
    assert.equal(reasoningHeading({ summary: ['**First**', '**Checking tests**\n\nDetails'] }), 'Checking tests');
    assert.equal(reasoningHeading({ summary: ['Plain words\nmore'] }), 'Plain words');
    assert.equal(reasoningHeading({ summary: [] }), '');
  });

  it('turns mentions and attachments of a user message into readable parts', () => {
    assert.deepEqual(
      userContent([
        { type: 'text', text: 'Fix this' },
        { type: 'mention', name: 'a.ts', path: 'src/a.ts' },
        { type: 'localImage', path: '/tmp/shot.png' },
        { type: 'image', url: 'https://x' },
      ]),
      { text: 'Fix this\n[image: /tmp/shot.png]\n[image]', mentions: ['src/a.ts'] },
    );
  });

  it('reads malformed tool items defensively', () => {
    assert.deepEqual(fieldsFromItem({ type: 'commandExecution', id: 'c', command: 42, status: 'weird' }), {
      kind: 'command',
      command: '',
      cwd: '',
      status: 'inProgress',
      output: '',
      outputTruncated: false,
      exitCode: null,
      durationMs: null,
      actions: [],
    });
    assert.deepEqual(fieldsFromItem({ type: 'fileChange', id: 'f', changes: [{ path: 'a', kind: { type: 'move?' } }, 'junk'] }), {
      kind: 'fileChange',
      changes: [{ path: 'a', kind: { type: 'update', move_path: null }, diff: '' }],
      status: 'inProgress',
      output: '',
    });
  });
});
