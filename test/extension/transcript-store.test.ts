import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServerNotification, Turn } from '../../server/protocol';
import type { HostEvent } from '../../webview/host';
import { TranscriptStore } from '../../webview/transcript-store';

const ids = { threadId: 'thr-1', turnId: 'turn-1' };
const note = (notification: ServerNotification): HostEvent => ({ type: 'server/notification', notification });
const turn = (status: Turn['status'], error: Turn['error'] = null): Turn => ({
  id: 'turn-1',
  items: [],
  status,
  error,
  startedAt: null,
  completedAt: null,
  durationMs: null,
});
const agentItem = (text: string) => ({
  type: 'agentMessage' as const,
  id: 'msg-1',
  text,
  phase: null,
  memoryCitation: null,
  moderation: null,
  delivery: null,
  questions: null,
});

function play(store: TranscriptStore, events: HostEvent[]): void {
  for (const event of events) store.apply(event);
}

const turnStart: HostEvent[] = [
  { type: 'thread/opened', threadId: 'thr-1', model: 'mock-model' },
  note({ method: 'turn/started', params: { threadId: 'thr-1', turn: turn('inProgress') } }),
  note({
    method: 'item/started',
    params: {
      ...ids,
      startedAtMs: 1,
      item: { type: 'userMessage', id: 'user-1', clientId: null, content: [{ type: 'text', text: 'Hi', text_elements: [] }] },
    },
  }),
  note({ method: 'item/started', params: { ...ids, startedAtMs: 2, item: agentItem('') } }),
];

describe('TranscriptStore', () => {
  it('streams deltas into the agent message and lets item/completed set the final text', () => {
    const store = new TranscriptStore();
    play(store, turnStart);
    assert.deepEqual(store.session, { phase: 'running', model: 'mock-model', turnId: 'turn-1' });
    play(store, [
      note({ method: 'item/agentMessage/delta', params: { ...ids, itemId: 'msg-1', delta: 'Hel' } }),
      note({ method: 'item/agentMessage/delta', params: { ...ids, itemId: 'msg-1', delta: 'lo' } }),
    ]);
    assert.deepEqual(
      store.entries.map(({ kind, text, open }) => ({ kind, text, open })),
      [
        { kind: 'user', text: 'Hi', open: false },
        { kind: 'agent', text: 'Hello', open: true },
      ],
    );
    play(store, [
      note({ method: 'item/completed', params: { ...ids, completedAtMs: 3, item: agentItem('Hello!') } }),
      note({ method: 'turn/completed', params: { threadId: 'thr-1', turn: turn('completed') } }),
    ]);
    assert.deepEqual(store.entries[1], { key: 'msg-1', kind: 'agent', text: 'Hello!', open: false, turnId: 'turn-1' });
    assert.deepEqual(store.session, { phase: 'idle', model: 'mock-model', turnId: null });
  });

  it('reports only what changed since the last redraw, in transcript order', () => {
    const store = new TranscriptStore();
    play(store, turnStart);
    assert.deepEqual(store.takeChanges().entries.map((entry) => entry.key), ['user-1', 'msg-1']);
    store.apply(note({ method: 'item/agentMessage/delta', params: { ...ids, itemId: 'msg-1', delta: 'a' } }));
    store.apply(note({ method: 'item/agentMessage/delta', params: { ...ids, itemId: 'msg-1', delta: 'b' } }));
    const changes = store.takeChanges();
    assert.deepEqual({ keys: changes.entries.map((entry) => entry.key), session: changes.session }, { keys: ['msg-1'], session: false });
    assert.deepEqual(store.takeChanges(), { entries: [], session: false });
  });

  it('closes items left open when the turn ends, and says it was stopped', () => {
    const store = new TranscriptStore();
    play(store, [...turnStart, note({ method: 'turn/completed', params: { threadId: 'thr-1', turn: turn('interrupted') } })]);
    assert.equal(store.entries[1].open, false);
    assert.deepEqual(store.entries.at(-1), { key: 'notice-1', kind: 'notice', text: 'Stopped.', open: false, turnId: null, severity: 'info', action: undefined });
  });

  it('shows a fatal error once, with what to do about it', () => {
    const store = new TranscriptStore();
    const error = { message: 'Incorrect API key provided.', codexErrorInfo: 'unauthorized' as const, additionalDetails: null };
    play(store, [
      ...turnStart,
      note({ method: 'error', params: { ...ids, error, willRetry: false } }),
      note({ method: 'turn/completed', params: { threadId: 'thr-1', turn: turn('failed', error) } }),
    ]);
    const notices = store.entries.filter((entry) => entry.kind === 'notice');
    assert.deepEqual(
      notices.map(({ text, severity, action }) => ({ text, severity, action })),
      [{ text: 'Incorrect API key provided.', severity: 'error', action: 'setApiKey' }],
    );
    assert.equal(store.session.phase, 'idle');
  });

  it('adds a hint where the button alone would not say what to check', () => {
    const store = new TranscriptStore();
    const error = { message: 'model llama9 not found', codexErrorInfo: 'modelNotFound' as const, additionalDetails: null };
    play(store, [...turnStart, note({ method: 'turn/completed', params: { threadId: 'thr-1', turn: turn('failed', error) } })]);
    const notice = store.entries.at(-1);
    assert.deepEqual(
      { text: notice?.text, action: notice?.action },
      { text: 'model llama9 not found Check the "codexThreads.model" setting.', action: 'openSettings' },
    );
  });

  it('shows a retry as information, not as a failure', () => {
    const store = new TranscriptStore();
    const error = { message: 'Reconnecting.', codexErrorInfo: null, additionalDetails: null };
    play(store, [...turnStart, note({ method: 'error', params: { ...ids, error, willRetry: true } })]);
    assert.deepEqual(
      store.entries.filter((entry) => entry.kind === 'notice').map(({ text, severity }) => ({ text, severity })),
      [{ text: 'Reconnecting. Retrying…', severity: 'info' }],
    );
    assert.equal(store.session.phase, 'running');
  });

  it('ends the session when the thread closes', () => {
    const store = new TranscriptStore();
    play(store, [...turnStart, { type: 'thread/closed', message: 'The Codex server exited with code 1. Start a new thread to continue.' }]);
    assert.equal(store.session.phase, 'closed');
    assert.equal(store.entries[1].open, false);
    assert.equal(store.entries.at(-1)?.action, 'showLog');
  });

  it('describes items it does not render in full instead of dropping them', () => {
    const store = new TranscriptStore();
    play(store, [
      ...turnStart,
      note({
        method: 'item/started',
        params: { ...ids, startedAtMs: 4, item: { type: 'reasoning', id: 'rs-1', summary: ['Looking around'], content: [] } },
      }),
    ]);
    assert.deepEqual(store.entries.at(-1), { key: 'rs-1', kind: 'item', text: 'Thinking: Looking around', open: true, turnId: 'turn-1' });
  });
});
