/**
 * The activity bar's thread list: `thread/list` pages (newest activity
 * first) as tree items with the thread's name or first prompt and how long
 * ago it was active. Shows either the active or the archived threads, and
 * optionally only those whose title contains a search term (the server's
 * `searchTerm`, matched case-sensitively). More pages load on demand.
 * Refreshes are debounced: a turn's end, a rename and an archive may all
 * arrive at once.
 */
import * as vscode from 'vscode';
import type { RequestParams, RequestResult, Thread } from '../../server/protocol';
import { relativeTime } from './relative-time';
import { threadTitle } from './thread-title';

export { threadTitle };

export const OPEN_THREAD_COMMAND = 'codexThreads.threads.open';
export const LOAD_MORE_COMMAND = 'codexThreads.threads.loadMore';
const PAGE_SIZE = 50;

export type ListThreads = (params: RequestParams<'thread/list'>) => Promise<RequestResult<'thread/list'>>;

/** A row: a thread, or the "Load more" row after the last page read so far. */
export type ThreadNode = { kind: 'thread'; thread: Thread } | { kind: 'more' };

export interface ThreadTreeOptions {
  list: ListThreads;
  now?: () => number;
  refreshDelayMs?: number;
}

export class ThreadTreeProvider implements vscode.TreeDataProvider<ThreadNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ThreadNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly loadEmitter = new vscode.EventEmitter<void>();
  /** A page was fetched (or failed): `lastError` and the counts are current. */
  readonly onDidLoad = this.loadEmitter.event;
  private threads: Thread[] | undefined;
  private nextCursor: string | null = null;
  private loading: Promise<void> | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private showArchived = false;
  private searchTerm = '';
  private error: string | undefined;
  /** Bumped by every refresh, so a page requested before it is dropped. */
  private generation = 0;

  constructor(private readonly options: ThreadTreeOptions) {}

  get archived(): boolean {
    return this.showArchived;
  }

  get filter(): string {
    return this.searchTerm;
  }

  /** The last listing error, for the view's message; undefined when the list loaded. */
  get lastError(): string | undefined {
    return this.error;
  }

  setArchived(archived: boolean): void {
    this.showArchived = archived;
    this.refresh();
  }

  setFilter(term: string): void {
    this.searchTerm = term.trim();
    this.refresh();
  }

  /** Reloads from the first page. */
  refresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.generation += 1;
    this.loading = undefined;
    this.threads = undefined;
    this.nextCursor = null;
    this.changeEmitter.fire(undefined);
  }

  /** Reloads soon, once, however many times it is asked meanwhile. */
  scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => this.refresh(), this.options.refreshDelayMs ?? 300);
  }

  async loadMore(): Promise<void> {
    if (!this.nextCursor) return;
    await this.load(this.nextCursor);
    this.changeEmitter.fire(undefined);
  }

  async getChildren(element?: ThreadNode): Promise<ThreadNode[]> {
    if (element) return [];
    if (!this.threads) await this.load(null);
    const rows: ThreadNode[] = (this.threads ?? []).map((thread) => ({ kind: 'thread', thread }));
    return this.nextCursor ? [...rows, { kind: 'more' }] : rows;
  }

  getTreeItem(node: ThreadNode): vscode.TreeItem {
    if (node.kind === 'more') {
      const item = new vscode.TreeItem('Load more…');
      item.command = { command: LOAD_MORE_COMMAND, title: 'Load more threads' };
      item.contextValue = 'codexThreads.more';
      return item;
    }
    const { thread } = node;
    const title = threadTitle(thread);
    const item = new vscode.TreeItem(title, vscode.TreeItemCollapsibleState.None);
    item.id = thread.id;
    const active = relativeTime(thread.recencyAt ?? thread.updatedAt, (this.options.now ?? Date.now)());
    item.description = active;
    item.tooltip = new vscode.MarkdownString().appendText(`${title}\n\nLast active ${active} · ${thread.cwd}`);
    item.iconPath = new vscode.ThemeIcon(this.showArchived ? 'archive' : 'comment-discussion');
    item.contextValue = this.showArchived ? 'codexThreads.archivedThread' : 'codexThreads.thread';
    item.accessibilityInformation = { label: `${title}, active ${active}` };
    item.command = { command: OPEN_THREAD_COMMAND, title: 'Open thread', arguments: [node] };
    return item;
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.changeEmitter.dispose();
    this.loadEmitter.dispose();
  }

  private load(cursor: string | null): Promise<void> {
    if (this.loading) return this.loading;
    const loading: Promise<void> = this.fetch(cursor, this.generation).finally(() => {
      if (this.loading === loading) this.loading = undefined;
    });
    this.loading = loading;
    return loading;
  }

  private async fetch(cursor: string | null, generation: number): Promise<void> {
    try {
      const page = await this.options.list({
        cursor,
        limit: PAGE_SIZE,
        sortKey: 'updated_at',
        sortDirection: 'desc',
        archived: this.showArchived,
        ...(this.searchTerm ? { searchTerm: this.searchTerm } : {}),
      });
      if (generation !== this.generation) return;
      this.threads = cursor ? [...(this.threads ?? []), ...page.data] : page.data;
      this.nextCursor = page.nextCursor;
      this.error = undefined;
    } catch (error) {
      if (generation !== this.generation) return;
      this.threads = cursor ? this.threads : [];
      this.nextCursor = null;
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.loadEmitter.fire();
  }
}
