import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServerNotification, Thread, ThreadItem, Turn } from '../../server/protocol';
import type { HostEvent } from '../../webview/host';
import type { TranscriptEntry } from '../../webview/state/entries';
import { TranscriptStore } from '../../webview/state/transcript-store';
import { SERVER_SETTING_NAMES } from '../../webview/web/web-commands';

const ids = { threadId: 'thr-1', turnId: 'turn-1' };
const note = (notification: ServerNotification): HostEvent => ({ type: 'server/notification', notification });
const turn = (status: Turn['status'], error: Turn['error'] = null, items: ThreadItem[] = [], id = 'turn-1'): Turn => ({
  id,
  items,
  status,
  error,
  startedAt: null,
  completedAt: null,
  durationMs: null,
});
const agentItem = (text: string, id = 'msg-1'): ThreadItem => ({
  type: 'agentMessage',
  id,
  text,
  phase: null,
  memoryCitation: null,
  moderation: null,
  delivery: null,
  questions: null,
});
const userItem = (text: string, id = 'user-1'): ThreadItem => ({ type: 'userMessage', id, clientId: null, content: [{ type: 'text', text, text_elements: [] }] });
const commandItem = (patch: Partial<Extract<ThreadItem, { type: 'commandExecution' }>> = {}): ThreadItem => ({
  type: 'commandExecution',
  id: 'cmd-1',
  command: "/bin/bash -lc 'npm test'",
  cwd: '/repo',
  status: 'inProgress',
  commandActions: [],
  aggregatedOutput: null,
  exitCode: null,
  durationMs: null,
  processId: null,
  source: 'agent',
  pluginId: null,
  scriptPath: null,
  ...patch,
});
const started = (item: ThreadItem) => note({ method: 'item/started', params: { ...ids, startedAtMs: 1, item } });
const completed = (item: ThreadItem) => note({ method: 'item/completed', params: { ...ids, completedAtMs: 2, item } });
const turnCompleted = (status: Turn['status'], error: Turn['error'] = null) => note({ method: 'turn/completed', params: { threadId: 'thr-1', turn: turn(status, error) } });

function play(store: TranscriptStore, events: HostEvent[]): TranscriptStore {
  for (const event of events) store.apply(event);
  return store;
}

const turnStart: HostEvent[] = [
  { type: 'thread/opened', threadId: 'thr-1', model: 'mock-model' },
  note({ method: 'turn/started', params: { threadId: 'thr-1', turn: turn('inProgress') } }),
  started(userItem('Hi')),
  started(agentItem('')),
];

/** An entry without bookkeeping that changes on every mutation. */
function shape(entry: TranscriptEntry | undefined): Record<string, unknown> {
  if (!entry) return {};
  const { version: _version, ...rest } = entry;
  return rest;
}

describe('TranscriptStore', () => {
  it('streams deltas into the agent message and lets item/completed set the final text', () => {
    const store = play(new TranscriptStore(), turnStart);
    assert.equal(store.session.phase, 'running');
    assert.equal(store.session.turnId, 'turn-1');
    play(store, [
      note({ method: 'item/agentMessage/delta', params: { ...ids, itemId: 'msg-1', delta: 'Hel' } }),
      note({ method: 'item/agentMessage/delta', params: { ...ids, itemId: 'msg-1', delta: 'lo' } }),
    ]);
    assert.deepEqual(
      store.entries.map((entry) => ({ kind: entry.kind, text: 'text' in entry ? entry.text : null, open: entry.open })),
      [
        { kind: 'user', text: 'Hi', open: false },
        { kind: 'agent', text: 'Hello', open: true },
      ],
    );
    play(store, [completed(agentItem('Hello!')), turnCompleted('completed')]);
    assert.deepEqual(shape(store.get('msg-1')), { key: 'msg-1', turnId: 'turn-1', open: false, approvals: [], kind: 'agent', text: 'Hello!', phase: null });
    assert.equal(store.session.phase, 'idle');
    assert.equal(store.session.turnId, null);
  });

  it('reports only what changed since the last redraw, in transcript order', () => {
    const store = play(new TranscriptStore(), turnStart);
    assert.deepEqual(store.takeChanges().entries.map((entry) => entry.key), ['user-1', 'msg-1']);
    store.apply(note({ method: 'item/agentMessage/delta', params: { ...ids, itemId: 'msg-1', delta: 'a' } }));
    store.apply(note({ method: 'item/agentMessage/delta', params: { ...ids, itemId: 'msg-1', delta: 'b' } }));
    const changes = store.takeChanges();
    assert.deepEqual({ keys: changes.entries.map((entry) => entry.key), session: changes.session, reset: changes.reset }, { keys: ['msg-1'], session: false, reset: false });
    assert.deepEqual(store.takeChanges(), { reset: false, entries: [], session: false });
  });

  it('bumps an entry version on every change, so views and height caches can tell stale from fresh', () => {
    const store = play(new TranscriptStore(), turnStart);
    const before = store.get('msg-1')?.version ?? 0;
    store.apply(note({ method: 'item/agentMessage/delta', params: { ...ids, itemId: 'msg-1', delta: 'a' } }));
    assert.equal(store.get('msg-1')?.version, before + 1);
  });

  it('keeps a delta that arrives before its item/started instead of dropping it', () => {
    const store = play(new TranscriptStore(), [note({ method: 'item/agentMessage/delta', params: { ...ids, itemId: 'msg-9', delta: 'early' } }), started(agentItem('', 'msg-9'))]);
    assert.equal((store.get('msg-9') as { text: string }).text, 'early');
  });

  it('renders command output live, then takes the completed item as the truth', () => {
    const store = play(new TranscriptStore(), [
      ...turnStart,
      started(commandItem()),
      note({ method: 'item/commandExecution/outputDelta', params: { ...ids, itemId: 'cmd-1', delta: 'one\n' } }),
      note({ method: 'item/commandExecution/outputDelta', params: { ...ids, itemId: 'cmd-1', delta: 'two\n' } }),
    ]);
    assert.equal((store.get('cmd-1') as { output: string }).output, 'one\ntwo\n');
    store.apply(completed(commandItem({ status: 'completed', aggregatedOutput: 'one\ntwo\nthree\n', exitCode: 0, durationMs: 1500 })));
    assert.deepEqual(shape(store.get('cmd-1')), {
      key: 'cmd-1',
      turnId: 'turn-1',
      open: false,
      approvals: [],
      kind: 'command',
      command: "/bin/bash -lc 'npm test'",
      cwd: '/repo',
      status: 'completed',
      output: 'one\ntwo\nthree\n',
      outputTruncated: false,
      exitCode: 0,
      durationMs: 1500,
      actions: [],
    });
  });

  it('keeps streamed output when a completed command carries none', () => {
    const store = play(new TranscriptStore(), [
      ...turnStart,
      started(commandItem()),
      note({ method: 'item/commandExecution/outputDelta', params: { ...ids, itemId: 'cmd-1', delta: 'partial' } }),
      completed(commandItem({ status: 'failed', aggregatedOutput: null, exitCode: 1 })),
    ]);
    assert.equal((store.get('cmd-1') as { output: string }).output, 'partial');
  });

  it('accumulates reasoning summary parts by index', () => {
    const store = play(new TranscriptStore(), [
      ...turnStart,
      started({ type: 'reasoning', id: 'rs-1', summary: [], content: [] }),
      note({ method: 'item/reasoning/summaryTextDelta', params: { ...ids, itemId: 'rs-1', delta: '**Plan**', summaryIndex: 0 } }),
      note({ method: 'item/reasoning/summaryPartAdded', params: { ...ids, itemId: 'rs-1', summaryIndex: 1 } }),
      note({ method: 'item/reasoning/summaryTextDelta', params: { ...ids, itemId: 'rs-1', delta: 'Then', summaryIndex: 1 } }),
    ]);
    assert.deepEqual((store.get('rs-1') as { summary: string[] }).summary, ['**Plan**', 'Then']);
  });

  it('accepts raw reasoning deltas that other servers send', () => {
    const store = new TranscriptStore();
    store.apply(note({ method: 'item/reasoning/textDelta', params: { ...ids, itemId: 'rs-2', delta: 'hmm', contentIndex: 0 } } as unknown as ServerNotification));
    assert.deepEqual((store.get('rs-2') as { content: string[] }).content, ['hmm']);
  });

  it('updates a file change live from patchUpdated', () => {
    const change = { path: '/repo/a.ts', kind: { type: 'update' as const, move_path: null }, diff: '@@ -1 +1 @@\n-a\n+b' };
    const store = play(new TranscriptStore(), [
      ...turnStart,
      started({ type: 'fileChange', id: 'fc-1', changes: [], status: 'inProgress' }),
      note({ method: 'item/fileChange/patchUpdated', params: { ...ids, itemId: 'fc-1', changes: [change] } }),
    ]);
    assert.deepEqual((store.get('fc-1') as { changes: unknown[] }).changes, [change]);
  });

  it('keeps one checklist per turn, updated in place', () => {
    const store = play(new TranscriptStore(), [
      ...turnStart,
      note({ method: 'turn/plan/updated', params: { ...ids, explanation: null, plan: [{ step: 'Read', status: 'inProgress' }] } }),
      started(commandItem()),
      note({ method: 'turn/plan/updated', params: { ...ids, explanation: 'Almost', plan: [{ step: 'Read', status: 'completed' }, { step: 'Fix', status: 'pending' }] } }),
    ]);
    assert.deepEqual(
      store.entries.map((entry) => entry.key),
      ['user-1', 'msg-1', 'plan:turn-1', 'cmd-1'],
    );
    assert.deepEqual(shape(store.get('plan:turn-1')), {
      key: 'plan:turn-1',
      turnId: 'turn-1',
      open: false,
      approvals: [],
      kind: 'turnPlan',
      explanation: 'Almost',
      steps: [
        { step: 'Read', status: 'completed' },
        { step: 'Fix', status: 'pending' },
      ],
    });
  });

  it('keeps the latest token usage for the footer', () => {
    const usage = { totalTokens: 10, inputTokens: 7, cachedInputTokens: 2, cacheWriteInputTokens: 0, outputTokens: 3, reasoningOutputTokens: 0 };
    const tokenUsage = { total: usage, last: usage, modelContextWindow: 1000 };
    const store = play(new TranscriptStore(), [...turnStart, note({ method: 'thread/tokenUsage/updated', params: { ...ids, tokenUsage } })]);
    assert.deepEqual(store.session.tokenUsage, tokenUsage);
    assert.equal(store.takeChanges().session, true);
  });

  it('renders an unknown item type generically instead of failing', () => {
    const store = new TranscriptStore();
    store.apply(started({ type: 'mcpToolCall', id: 'mcp-1', server: 'docs', tool: 'search', status: 'inProgress' } as unknown as ThreadItem));
    store.apply(started({ type: 'somethingNew', id: 'new-1', payload: { a: 1 } } as unknown as ThreadItem));
    store.apply(started({ nonsense: true } as unknown as ThreadItem));
    assert.deepEqual(
      store.entries.map((entry) => (entry.kind === 'generic' ? { itemType: entry.itemType, label: entry.label } : entry.kind)),
      [
        { itemType: 'mcpToolCall', label: 'Tool docs/search (in progress)' },
        { itemType: 'somethingNew', label: 'Something new' },
        { itemType: 'unknown', label: 'Item' },
      ],
    );
    assert.equal((store.get('new-1') as { details: string }).details, '{\n  "payload": {\n    "a": 1\n  }\n}');
  });

  it('closes items left open when the turn ends, and says it was stopped', () => {
    const store = play(new TranscriptStore(), [...turnStart, started(commandItem()), turnCompleted('interrupted')]);
    assert.equal(store.get('msg-1')?.open, false);
    assert.deepEqual({ open: store.get('cmd-1')?.open, status: (store.get('cmd-1') as { status: string }).status }, { open: false, status: 'inProgress' });
    assert.deepEqual(shape(store.entries.at(-1)), { key: 'notice-1', turnId: null, open: false, approvals: [], kind: 'notice', severity: 'info', text: 'Stopped.', action: null });
  });

  it('shows a fatal error once, with what to do about it', () => {
    const error = { message: 'Incorrect API key provided.', codexErrorInfo: 'unauthorized' as const, additionalDetails: null };
    const store = play(new TranscriptStore(), [...turnStart, note({ method: 'error', params: { ...ids, error, willRetry: false } }), turnCompleted('failed', error)]);
    const notices = store.entries.filter((entry) => entry.kind === 'notice');
    assert.deepEqual(
      notices.map((entry) => (entry.kind === 'notice' ? { text: entry.text, severity: entry.severity, action: entry.action } : null)),
      [{ text: 'Incorrect API key provided.', severity: 'error', action: 'setApiKey' }],
    );
    assert.equal(store.session.phase, 'idle');
  });

  it('adds a hint where the button alone would not say what to check', () => {
    const error = { message: 'model llama9 not found', codexErrorInfo: 'modelNotFound' as const, additionalDetails: null };
    const store = play(new TranscriptStore(), [...turnStart, turnCompleted('failed', error)]);
    const notice = store.entries.at(-1);
    assert.deepEqual(
      notice?.kind === 'notice' ? { text: notice.text, action: notice.action } : null,
      { text: 'model llama9 not found Check the "codexThreads.model" setting.', action: 'openSettings' },
    );
  });

  it("names the host's own settings in hints (the web page points at the server's configuration)", () => {
    const error = { message: 'model llama9 not found', codexErrorInfo: 'modelNotFound' as const, additionalDetails: null };
    const store = play(new TranscriptStore(SERVER_SETTING_NAMES), [...turnStart, turnCompleted('failed', error)]);
    const notice = store.entries.at(-1);
    assert.equal(notice?.kind === 'notice' ? notice.text : null, `model llama9 not found Check ${SERVER_SETTING_NAMES.model}.`);
    assert.doesNotMatch(notice?.kind === 'notice' ? notice.text : '', /codexThreads\./);
  });

  it('shows a retry as a passing notice that the next progress clears', () => {
    const error = { message: 'Reconnecting.', codexErrorInfo: null, additionalDetails: null };
    const store = play(new TranscriptStore(), [...turnStart, note({ method: 'error', params: { ...ids, error, willRetry: true } })]);
    assert.equal(store.session.transient, 'Reconnecting. Retrying…');
    assert.equal(store.entries.some((entry) => entry.kind === 'notice'), false);
    assert.equal(store.session.phase, 'running');
    store.apply(note({ method: 'item/agentMessage/delta', params: { ...ids, itemId: 'msg-1', delta: 'back' } }));
    assert.equal(store.session.transient, null);
  });

  it('ends the session when the thread closes', () => {
    const store = play(new TranscriptStore(), [...turnStart, { type: 'thread/closed', message: 'The Codex server exited with code 1. Start a new thread to continue.' }]);
    assert.equal(store.session.phase, 'closed');
    assert.equal(store.get('msg-1')?.open, false);
    const last = store.entries.at(-1);
    assert.equal(last?.kind === 'notice' ? last.action : null, 'showLog');
  });

  describe('approvals', () => {
    const request = (params: Record<string, unknown>, approvalKey = 'ap-1'): HostEvent => ({
      type: 'approval/requested',
      approvalKey,
      method: 'item/commandExecution/requestApproval',
      params: { ...ids, itemId: 'cmd-1', startedAtMs: 1, ...params },
    });

    it('puts the card on its item, with the offered decisions as buttons', () => {
      const store = play(new TranscriptStore(), [
        ...turnStart,
        started(commandItem()),
        request({ command: 'git pull', cwd: '/repo', reason: 'Update', availableDecisions: ['accept', { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['git', 'pull'] } }, 'decline'] }),
      ]);
      const [approval] = store.get('cmd-1')?.approvals ?? [];
      assert.deepEqual(
        { key: approval.key, status: approval.status, command: approval.command, cwd: approval.cwd, reason: approval.reason, labels: approval.options.map((option) => [option.text, option.code]) },
        {
          key: 'ap-1',
          status: 'pending',
          command: 'git pull',
          cwd: '/repo',
          reason: 'Update',
          labels: [
            ['Approve', null],
            ['Always allow', 'git pull'],
            ['Deny', null],
          ],
        },
      );
      assert.equal(store.pendingApprovals(), 1);
    });

    it('disables the card on click and shows the outcome once settled', () => {
      const store = play(new TranscriptStore(), [...turnStart, started(commandItem()), request({ command: 'ls' })]);
      store.markAnswering('ap-1', 'accept');
      assert.deepEqual(pick(store), { status: 'answering', decision: 'accept' });
      store.apply({ type: 'approval/settled', approvalKey: 'ap-1', decision: 'acceptForSession' });
      assert.deepEqual(pick(store), { status: 'settled', decision: 'acceptForSession' });
      assert.equal(store.pendingApprovals(), 0);
    });

    it('makes a placeholder item for a request that arrives before its item', () => {
      const store = play(new TranscriptStore(), [...turnStart, request({ command: 'rm -rf build', cwd: '/repo' })]);
      const entry = store.get('cmd-1');
      assert.deepEqual(entry?.kind === 'command' ? { command: entry.command, cwd: entry.cwd, open: entry.open, approvals: entry.approvals.length } : null, {
        command: 'rm -rf build',
        cwd: '/repo',
        open: true,
        approvals: 1,
      });
      store.apply(started(commandItem({ command: 'rm -rf build' })));
      assert.equal(store.get('cmd-1')?.approvals.length, 1);
    });

    it('settles what is still pending when the turn ends (the server cleared it)', () => {
      const store = play(new TranscriptStore(), [...turnStart, started(commandItem()), request({ command: 'ls' }), turnCompleted('interrupted')]);
      assert.deepEqual(pick(store), { status: 'settled', decision: null });
    });

    it('ignores a replayed request after the user answered', () => {
      const store = play(new TranscriptStore(), [...turnStart, started(commandItem()), request({ command: 'ls' })]);
      store.markAnswering('ap-1', 'decline');
      store.apply(request({ command: 'ls' }));
      assert.deepEqual(pick(store), { status: 'answering', decision: 'decline' });
    });

    function pick(store: TranscriptStore) {
      const [approval] = store.get('cmd-1')?.approvals ?? [];
      return { status: approval.status, decision: approval.decision };
    }
  });

  describe('thread/history', () => {
    const thread = (turns: Turn[]): Thread =>
      ({ id: 'thr-1', model: 'gpt-test', name: 'Fix tests', cwd: '/repo', turns }) as unknown as Thread;

    it('replaces the transcript with the stored thread', () => {
      const store = play(new TranscriptStore(), [...turnStart, note({ method: 'item/agentMessage/delta', params: { ...ids, itemId: 'msg-1', delta: 'old' } })]);
      store.takeChanges();
      store.apply({
        type: 'thread/history',
        thread: thread([
          turn('completed', null, [userItem('First'), agentItem('Answer')]),
          turn('failed', { message: 'Boom', codexErrorInfo: null, additionalDetails: null }, [userItem('Second', 'user-2')], 'turn-2'),
        ]),
      });
      const changes = store.takeChanges();
      assert.equal(changes.reset, true);
      assert.deepEqual(
        store.entries.map((entry) => [entry.key, entry.kind, entry.open]),
        [
          ['user-1', 'user', false],
          ['msg-1', 'agent', false],
          ['user-2', 'user', false],
          ['notice-1', 'notice', false],
        ],
      );
      assert.equal((store.get('msg-1') as { text: string }).text, 'Answer');
      assert.deepEqual(
        { phase: store.session.phase, model: store.session.model, threadName: store.session.threadName, cwd: store.session.cwd },
        { phase: 'idle', model: 'gpt-test', threadName: 'Fix tests', cwd: '/repo' },
      );
    });

    it('resumes a running turn: its running tools stay open and deltas continue', () => {
      const store = new TranscriptStore();
      store.apply({ type: 'thread/history', thread: thread([turn('inProgress', null, [userItem('Go'), commandItem(), agentItem('Work')])]) });
      assert.deepEqual({ phase: store.session.phase, turnId: store.session.turnId }, { phase: 'running', turnId: 'turn-1' });
      assert.deepEqual(store.entries.map((entry) => entry.open), [false, true, false]);
      store.apply(note({ method: 'item/agentMessage/delta', params: { ...ids, itemId: 'msg-1', delta: 'ing' } }));
      assert.equal((store.get('msg-1') as { text: string }).text, 'Working');
    });

    it('survives malformed history without throwing', () => {
      const store = new TranscriptStore();
      store.apply({ type: 'thread/history', thread: { id: 'x' } as unknown as Thread });
      assert.deepEqual(store.entries, []);
      assert.equal(store.session.phase, 'idle');
    });
  });
});
