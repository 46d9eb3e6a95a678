/**
 * The file changes the window has seen, with their before/after text, so
 * the diff editor can show them now or later.
 *
 * Fed by every server's notifications (`item/started`, `…/patchUpdated`,
 * `item/completed`) and by whole-thread replays. The sides are captured as
 * soon as an item is seen, because the file on disk is the best witness at
 * that moment: unchanged while a proposal waits for approval, changed right
 * after an approved one (see `diffSides`). Later edits of the file do not
 * alter a captured diff. Bounded: the oldest items are forgotten first.
 */
import { readFile } from 'node:fs/promises';
import type { FileUpdateChange, ServerNotification, Thread, ThreadItem } from '../../server/protocol';
import type { AppServerConnection } from '../app-server/app-server-client';
import { Emitter, type Disposable } from '../common/disposable';
import { diffSides, type DiffDirection, type DiffSides } from './diff-content';

export interface StoredFileChange {
  threadId: string;
  itemId: string;
  changes: FileUpdateChange[];
  status: string;
  /** One entry per change, in order; settles once the disk was read. */
  sides: Promise<DiffSides[]>;
}

export interface FileChangeStoreOptions {
  /** Reads a file as UTF-8; undefined when it does not exist. */
  readFile?(path: string): Promise<string | undefined>;
  /** How many items to keep. */
  capacity?: number;
}

type FileChangeItem = Extract<ThreadItem, { type: 'fileChange' }>;

export class FileChangeStore implements Disposable {
  private readonly items = new Map<string, StoredFileChange>();
  private readonly changeEmitter = new Emitter<StoredFileChange>();
  /** Fires when an item's changes or sides were (re)captured. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly read: (path: string) => Promise<string | undefined>;

  constructor(private readonly options: FileChangeStoreOptions = {}) {
    this.read = options.readFile ?? readUtf8;
  }

  /** Follows one server's notifications until disposed. */
  attach(client: Pick<AppServerConnection, 'onNotification'>): Disposable {
    return client.onNotification((notification) => this.observe(notification));
  }

  observe(notification: ServerNotification): void {
    switch (notification.method) {
      case 'item/started':
        if (notification.params.item.type === 'fileChange') this.capture(notification.params.threadId, notification.params.item, 'forward');
        return;
      case 'item/fileChange/patchUpdated': {
        const { threadId, itemId, changes } = notification.params;
        const known = this.get(threadId, itemId);
        this.capture(threadId, { type: 'fileChange', id: itemId, changes, status: known?.status ?? 'inProgress' } as FileChangeItem, 'forward');
        return;
      }
      case 'item/completed': {
        const { item, threadId } = notification.params;
        if (item.type !== 'fileChange') return;
        const known = this.get(threadId, item.id);
        // Keep the sides captured while pending: the disk has moved on since.
        if (known && sameChanges(known.changes, item.changes)) known.status = item.status;
        else this.capture(threadId, item, 'reverse');
        return;
      }
    }
  }

  /** Registers the file changes of a replayed thread that are not known yet (after a reload). */
  addThread(thread: Thread): void {
    for (const turn of thread.turns) {
      for (const item of turn.items) {
        if (item.type === 'fileChange' && !this.get(thread.id, item.id)) {
          this.capture(thread.id, item, item.status === 'inProgress' ? 'forward' : 'reverse');
        }
      }
    }
  }

  get(threadId: string, itemId: string): StoredFileChange | undefined {
    return this.items.get(key(threadId, itemId));
  }

  dispose(): void {
    this.items.clear();
    this.changeEmitter.dispose();
  }

  private capture(threadId: string, item: FileChangeItem, prefer: DiffDirection): void {
    const stored: StoredFileChange = {
      threadId,
      itemId: item.id,
      changes: item.changes,
      status: item.status,
      sides: Promise.all(item.changes.map((change) => this.sidesOf(change, prefer))),
    };
    const id = key(threadId, item.id);
    this.items.delete(id); // re-insert: Map order is the eviction order
    this.items.set(id, stored);
    for (const oldest of this.items.keys()) {
      if (this.items.size <= (this.options.capacity ?? 500)) break;
      this.items.delete(oldest);
    }
    void stored.sides.then(() => this.changeEmitter.fire(stored));
  }

  private async sidesOf(change: FileUpdateChange, prefer: DiffDirection): Promise<DiffSides> {
    const movePath = change.kind.type === 'update' ? change.kind.move_path : null;
    const needsDisk = change.kind.type === 'update';
    const [atPath, atMovePath] = needsDisk
      ? await Promise.all([this.read(change.path), movePath ? this.read(movePath) : Promise.resolve(undefined)])
      : [undefined, undefined];
    return diffSides(change, { atPath, atMovePath }, prefer);
  }
}

function key(threadId: string, itemId: string): string {
  return `${threadId}\u0000${itemId}`;
}

function sameChanges(a: FileUpdateChange[], b: FileUpdateChange[]): boolean {
  return a.length === b.length && a.every((change, index) => change.path === b[index].path && change.diff === b[index].diff);
}

async function readUtf8(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
