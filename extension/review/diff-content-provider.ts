/**
 * Serves the before/after documents of `codex-threads-diff:` URIs from the
 * FileChangeStore. Read-only by nature (a content provider's documents
 * cannot be saved). When an item is captured again (a live patch update),
 * its open documents are told to refresh.
 */
import * as vscode from 'vscode';
import { DisposableStore } from '../common/disposable';
import { EXCERPT_GAP } from './diff-content';
import { DIFF_SCHEME, parseDiffQuery } from './diff-uris';
import type { FileChangeStore } from './file-change-store';

export class DiffContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;
  /** Documents VS Code asked for, by item, to refresh on recapture. */
  private readonly served = new Map<string, Set<string>>();

  constructor(private readonly store: FileChangeStore) {
    this.disposables.add(this.changeEmitter);
    this.disposables.add(
      store.onDidChange((item) => {
        for (const uri of this.served.get(itemKey(item.threadId, item.itemId)) ?? []) this.changeEmitter.fire(vscode.Uri.parse(uri));
      }),
    );
    this.disposables.add(
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme !== DIFF_SCHEME) return;
        const ref = parseDiffQuery(document.uri.query);
        if (ref) this.served.get(itemKey(ref.threadId, ref.itemId))?.delete(document.uri.toString());
      }),
    );
  }

  static register(store: FileChangeStore): vscode.Disposable {
    const provider = new DiffContentProvider(store);
    const registration = vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, provider);
    return { dispose: () => (registration.dispose(), provider.dispose()) };
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseDiffQuery(uri.query);
    if (!ref) return '';
    const item = this.store.get(ref.threadId, ref.itemId);
    if (!item) return `${EXCERPT_GAP} This change is no longer available (Codex keeps the most recent ones).\n`;
    const key = itemKey(ref.threadId, ref.itemId);
    if (!this.served.has(key)) this.served.set(key, new Set());
    this.served.get(key)?.add(uri.toString());
    const sides = (await item.sides)[ref.index];
    if (!sides) return '';
    return ref.side === 'before' ? sides.before : sides.after;
  }

  dispose(): void {
    this.served.clear();
    this.disposables.dispose();
  }
}

function itemKey(threadId: string, itemId: string): string {
  return `${threadId}\u0000${itemId}`;
}
