/**
 * `thread/compact/start`: compaction as a turn of its own, as upstream runs
 * it: status active → turn/started → contextCompaction item → idle →
 * turn/completed (with no items). It cannot be steered.
 */
import type { ModelClient } from '../agent/model-events';
import { uuidv7 } from '../common/ids';
import type { Turn, TurnError } from '../protocol';
import { compactThread } from './compaction';
import type { ActiveTurn, LoadedThread } from './loaded-thread';
import { endTurn, reportTurnFailure, turnView } from './turn-end';
import { TurnItems } from './turn-items';

export class CompactionTurn implements ActiveTurn {
  readonly id = uuidv7();
  readonly done: Promise<void>;
  private readonly abort = new AbortController();
  private readonly startedAtMs = Date.now();
  private readonly items: TurnItems;
  private resolveDone!: () => void;

  constructor(
    private readonly thread: LoadedThread,
    private readonly client: ModelClient,
    private readonly onFinished: () => void,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.items = new TurnItems(thread, this.id);
  }

  interrupt(): void {
    this.abort.abort();
  }

  snapshot(): Turn {
    return { ...this.view('inProgress', null), items: this.items.all(), itemsView: 'full' };
  }

  async run(): Promise<void> {
    const { thread } = this;
    thread.emitStatus();
    thread.emit('turn/started', { threadId: thread.id, turn: { ...this.view('inProgress', null), itemsView: 'notLoaded' } });
    thread.persist({ type: 'turn_started', payload: { turnId: this.id, startedAtMs: this.startedAtMs } });
    let status: Turn['status'] = 'completed';
    let error: TurnError | null = null;
    try {
      await compactThread(thread, this.client, this.id, this.items, this.abort.signal, { keepCurrentTurn: false });
      if (this.abort.signal.aborted) status = 'interrupted';
    } catch (caught) {
      if (this.abort.signal.aborted) status = 'interrupted';
      else {
        status = 'failed';
        error = reportTurnFailure(thread, this.id, caught, 'Compaction failed');
      }
    }
    this.items.closeOpen();
    endTurn(thread, this.view(status, error), this.items.completed.slice(), this.startedAtMs, { summaryItems: [], onFinished: this.onFinished });
    this.resolveDone();
  }

  private view(status: Turn['status'], error: TurnError | null): Turn {
    return turnView(this.id, this.startedAtMs, status, error);
  }
}
