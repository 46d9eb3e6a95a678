/** The status bar's text, the settings and Workspace Trust as thread params, relative times. */
import './use-fake-vscode';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { SessionStatus } from '../../extension/chat/thread-session';
import { readSettings } from '../../extension/common/settings';
import { formatTokens, presentStatus, ThreadStatusBar } from '../../extension/status/status-bar';
import { threadResumeOverrides, threadStartParams } from '../../extension/threads/thread-params';
import { relativeTime } from '../../extension/threads/relative-time';
import { configuration, resetFake } from './fake-vscode';

const status = (extra: Partial<SessionStatus>): SessionStatus => ({
  phase: 'idle',
  threadId: 'thr-1',
  title: 'Fix the build',
  totalTokens: null,
  contextWindow: null,
  ...extra,
});

describe('the status bar', () => {
  it('says what the thread is doing and how many tokens it used', () => {
    assert.equal(presentStatus(status({ phase: 'working', totalTokens: 12_345, contextWindow: 200_000 })).text, '$(loading~spin) Codex: working · 12.3k tokens');
    assert.equal(presentStatus(status({ totalTokens: 950 })).text, '$(comment-discussion) Codex · 950 tokens');
    const waiting = presentStatus(status({ phase: 'waitingForApproval' }));
    assert.equal(waiting.text, '$(bell-dot) Codex: approval needed');
    assert.equal(waiting.background, 'statusBarItem.warningBackground');
    assert.match(presentStatus(status({ totalTokens: 50_000, contextWindow: 200_000 })).tooltip, /50k tokens of a 200k tokens context window used/);
  });

  it('formats token counts', () => {
    assert.deepEqual([formatTokens(0), formatTokens(1000), formatTokens(123_456), formatTokens(1_250_000)], ['0 tokens', '1k tokens', '123k tokens', '1.3M tokens']);
  });

  it('hides without a chat tab, focuses the tab on click', () => {
    const bar = new ThreadStatusBar();
    const item = (bar as unknown as { item: { visible: boolean; command: string; text: string } }).item;
    assert.equal(item.command, 'codexThreads.focusPanel');
    bar.update(status({}));
    assert.equal(item.visible, true);
    bar.update(undefined);
    assert.equal(item.visible, false);
    bar.dispose();
  });
});

describe('settings and Workspace Trust', () => {
  beforeEach(() => resetFake());

  it('defaults to on-request approvals, a workspace-write sandbox and modal prompts', () => {
    assert.deepEqual(readSettings(), {
      model: '',
      baseUrl: '',
      serverPath: '',
      serverArgs: ['app-server'],
      approvalPolicy: 'on-request',
      sandboxMode: 'workspace-write',
      approvalPrompt: { commands: 'modal', fileChanges: 'modal' },
    });
  });

  it('ignores values outside the allowed ones', () => {
    configuration.set('codexThreads.approvalPolicy', 'on-failure');
    configuration.set('codexThreads.sandboxMode', 'read-only');
    configuration.set('codexThreads.approvalPrompt.fileChanges', 'inline');
    const settings = readSettings();
    assert.equal(settings.approvalPolicy, 'on-request');
    assert.equal(settings.sandboxMode, 'read-only');
    assert.deepEqual(settings.approvalPrompt, { commands: 'modal', fileChanges: 'inline' });
  });

  it('passes model, policy, sandbox and folder to thread/start; an untrusted workspace is read-only and asks', () => {
    const settings = { model: 'gpt-5.1-codex', approvalPolicy: 'never' as const, sandboxMode: 'danger-full-access' as const };
    assert.deepEqual(threadStartParams(settings, true, '/work'), { cwd: '/work', approvalPolicy: 'never', sandbox: 'danger-full-access', model: 'gpt-5.1-codex' });
    assert.deepEqual(threadStartParams({ ...settings, model: '' }, false, '/work'), { cwd: '/work', approvalPolicy: 'untrusted', sandbox: 'read-only' });
    assert.deepEqual(threadResumeOverrides(true), {});
    assert.deepEqual(threadResumeOverrides(false), { approvalPolicy: 'untrusted', sandbox: 'read-only' });
  });
});

describe('relative time', () => {
  it('reads like a person would say it', () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0);
    const ago = (seconds: number) => relativeTime(now / 1000 - seconds, now);
    assert.deepEqual(
      [ago(5), ago(5 * 60), ago(3 * 3600), ago(30 * 3600), ago(4 * 86400), ago(90 * 86400)],
      ['just now', '5 min ago', '3 h ago', 'yesterday', '4 days ago', '2026-08-27'],
    );
  });
});
