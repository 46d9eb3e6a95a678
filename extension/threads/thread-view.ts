/**
 * The "Threads" view in the Codex activity bar container, and the commands
 * of its title bar (refresh, filter, archived toggle) and of its rows
 * (open, fork, rename, archive, unarchive). The list follows the server:
 * it reloads when a thread starts, ends a turn, is renamed or (un)archived.
 */
import * as vscode from 'vscode';
import type { ServerNotification } from '../../server/protocol';
import type { AppServerConnection } from '../app-server/app-server-client';
import { DisposableStore } from '../common/disposable';
import { LOAD_MORE_COMMAND, OPEN_THREAD_COMMAND, ThreadTreeProvider, threadTitle, type ThreadNode } from './thread-tree';

export const THREADS_VIEW_ID = 'codexThreads.threads';
export const SHOWING_ARCHIVED_CONTEXT = 'codexThreads.threads.showingArchived';
export const FILTERED_CONTEXT = 'codexThreads.threads.filtered';

const REFRESHING_METHODS = new Set<ServerNotification['method']>([
  'thread/started',
  'thread/archived',
  'thread/unarchived',
  'thread/name/updated',
  'turn/completed',
]);

export interface ThreadViewOptions {
  /** Runs `work` against the current server (starting one if needed). */
  withServer<T>(work: (client: AppServerConnection) => Promise<T>): Promise<T>;
  /** Opens (or reveals) a chat tab on a thread. */
  openThread(threadId: string): void;
  /** `thread/fork` overrides (Workspace Trust). */
  forkOverrides(): Record<string, unknown>;
}

export class ThreadView implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  readonly provider: ThreadTreeProvider;
  private readonly view: vscode.TreeView<ThreadNode>;

  constructor(private readonly options: ThreadViewOptions) {
    this.provider = this.disposables.add(
      new ThreadTreeProvider({ list: (params) => options.withServer((client) => client.request('thread/list', params)) }),
    );
    this.view = this.disposables.add(vscode.window.createTreeView(THREADS_VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: false }));
    this.disposables.add(this.provider.onDidLoad(() => this.describe()));
    const command = (id: string, run: (...args: any[]) => unknown) =>
      this.disposables.add(vscode.commands.registerCommand(id, (...args: unknown[]) => this.guard(() => run(...args))));
    command('codexThreads.threads.refresh', () => this.provider.refresh());
    command('codexThreads.threads.filter', () => this.askFilter());
    command('codexThreads.threads.clearFilter', () => this.provider.setFilter(''));
    command('codexThreads.threads.showArchived', () => this.setArchived(true));
    command('codexThreads.threads.showActive', () => this.setArchived(false));
    command(LOAD_MORE_COMMAND, () => this.provider.loadMore());
    command(OPEN_THREAD_COMMAND, (node?: ThreadNode) => this.withThread(node, (id) => options.openThread(id)));
    command('codexThreads.threads.fork', (node?: ThreadNode) => this.withThread(node, (id) => this.fork(id)));
    command('codexThreads.threads.rename', (node?: ThreadNode) => this.rename(node));
    command('codexThreads.threads.archive', (node?: ThreadNode) =>
      this.withThread(node, (threadId) => options.withServer((client) => client.request('thread/archive', { threadId }))),
    );
    command('codexThreads.threads.unarchive', (node?: ThreadNode) =>
      this.withThread(node, (threadId) => options.withServer((client) => client.request('thread/unarchive', { threadId }))),
    );
    void vscode.commands.executeCommand('setContext', SHOWING_ARCHIVED_CONTEXT, false);
    void vscode.commands.executeCommand('setContext', FILTERED_CONTEXT, false);
  }

  /** Follows one server's notifications until disposed. */
  attach(client: Pick<AppServerConnection, 'onNotification'>): vscode.Disposable {
    return client.onNotification((notification) => {
      if (REFRESHING_METHODS.has(notification.method)) this.provider.scheduleRefresh();
    });
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private async askFilter(): Promise<void> {
    const term = await vscode.window.showInputBox({
      title: 'Filter Codex threads',
      prompt: 'Show threads whose title contains this text (case-sensitive). Empty shows all.',
      value: this.provider.filter,
    });
    if (term !== undefined) this.provider.setFilter(term);
  }

  private setArchived(archived: boolean): void {
    this.provider.setArchived(archived);
    void vscode.commands.executeCommand('setContext', SHOWING_ARCHIVED_CONTEXT, archived);
  }

  private async fork(threadId: string): Promise<void> {
    const result = await this.options.withServer((client) => client.request('thread/fork', { threadId, ...this.options.forkOverrides() }));
    this.options.openThread(result.thread.id);
  }

  private async rename(node: ThreadNode | undefined): Promise<void> {
    if (node?.kind !== 'thread') return;
    const name = await vscode.window.showInputBox({
      title: 'Rename Codex thread',
      value: node.thread.name ?? threadTitle(node.thread),
      validateInput: (value) => (value.trim() ? undefined : 'A name cannot be empty'),
    });
    if (!name?.trim()) return;
    await this.options.withServer((client) => client.request('thread/name/set', { threadId: node.thread.id, name: name.trim() }));
  }

  private async withThread(node: ThreadNode | undefined, run: (threadId: string) => unknown): Promise<void> {
    if (node?.kind === 'thread') await run(node.thread.id);
  }

  /** The view's title says what it shows; its message says why it is empty. */
  private describe(): void {
    const parts = [this.provider.archived ? 'Archived' : undefined, this.provider.filter ? `“${this.provider.filter}”` : undefined];
    this.view.description = parts.filter(Boolean).join(' · ') || undefined;
    this.view.message = this.provider.lastError ? `Could not list threads: ${this.provider.lastError}` : undefined;
    void vscode.commands.executeCommand('setContext', FILTERED_CONTEXT, Boolean(this.provider.filter));
  }

  private async guard(run: () => unknown): Promise<void> {
    try {
      await run();
    } catch (error) {
      void vscode.window.showErrorMessage(`Codex: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
