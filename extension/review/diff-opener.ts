/**
 * Opens a file change in VS Code's diff editor, without taking focus from
 * what the user is doing (only the approval modal takes focus, by design).
 *
 * One file: `vscode.diff` beside the active editor, `preserveFocus`, as a
 * preview. Several files: one multi-file diff (`vscode.changes`). That
 * command has no focus option and opens in the active group, so the first
 * file's diff is opened beside first (its group becomes the target), the
 * multi-file diff replaces it there, and focus goes back to the tab that
 * had it.
 */
import * as vscode from 'vscode';
import type { FileUpdateChange } from '../../server/protocol';
import { diffUriParts, type DiffSide } from './diff-uris';
import type { FileChangeStore, StoredFileChange } from './file-change-store';

export interface OpenDiffOptions {
  /** A proposal waiting for approval: titles say "proposed". */
  pending?: boolean;
}

export class DiffOpener {
  /**
   * The items behind multi-file diff tabs, by tab title: their tab input is
   * not in the stable API, so the title is how the diff editor's
   * Approve/Reject actions find the item.
   */
  private readonly multiDiffTitles = new Map<string, { threadId: string; itemId: string }>();

  constructor(
    private readonly store: FileChangeStore,
    /** Gives focus back to a chat panel's tab (webview tabs cannot be focused through `showTextDocument`). */
    private readonly refocusWebview: (tab: vscode.Tab) => boolean,
  ) {}

  async open(threadId: string, itemId: string, options: OpenDiffOptions = {}): Promise<void> {
    const item = this.store.get(threadId, itemId);
    if (!item) throw new Error('That change is no longer available.');
    await item.sides; // the content provider answers at once afterwards
    const title = diffTitle(item.changes, options.pending ?? item.status === 'inProgress');
    const entries = item.changes.map((change, index) => ({
      resource: vscode.Uri.file(change.kind.type === 'update' && change.kind.move_path ? change.kind.move_path : change.path),
      original: this.uri(item, change, index, 'before'),
      modified: this.uri(item, change, index, 'after'),
    }));
    const [first] = entries;
    if (!first) return;
    const show: vscode.TextDocumentShowOptions = { preserveFocus: true, preview: true, viewColumn: vscode.ViewColumn.Beside };
    if (entries.length === 1) {
      await vscode.commands.executeCommand('vscode.diff', first.original, first.modified, title, show);
      return;
    }
    this.multiDiffTitles.set(title, { threadId, itemId });
    const focused = vscode.window.tabGroups.activeTabGroup.activeTab;
    await vscode.commands.executeCommand('vscode.diff', first.original, first.modified, title, { ...show, preserveFocus: false });
    await vscode.commands.executeCommand(
      'vscode.changes',
      title,
      entries.map((entry) => [entry.resource, entry.original, entry.modified]),
    );
    await this.refocus(focused);
  }

  /** The item shown by a multi-file diff tab with this title, if we opened one. */
  itemForTitle(title: string): { threadId: string; itemId: string } | undefined {
    return this.multiDiffTitles.get(title);
  }

  private uri(item: StoredFileChange, change: FileUpdateChange, index: number, side: DiffSide): vscode.Uri {
    const target = side === 'after' && change.kind.type === 'update' && change.kind.move_path ? change.kind.move_path : change.path;
    return vscode.Uri.from(diffUriParts({ threadId: item.threadId, itemId: item.itemId, index, side }, vscode.Uri.file(target).path));
  }

  private async refocus(tab: vscode.Tab | undefined): Promise<void> {
    if (!tab) return;
    if (tab.input instanceof vscode.TabInputText) {
      await vscode.window.showTextDocument(tab.input.uri, { viewColumn: tab.group.viewColumn, preserveFocus: false, preview: tab.isPreview });
    } else if (tab.input instanceof vscode.TabInputWebview) {
      this.refocusWebview(tab);
    }
  }
}

/** "Codex: app.ts (proposed)", "Codex: 3 files (changed)": the tab's title. */
export function diffTitle(changes: readonly FileUpdateChange[], pending: boolean): string {
  const state = pending ? 'proposed' : 'changed';
  if (changes.length !== 1) return `Codex: ${changes.length} files (${state})`;
  const [change] = changes;
  const name = basename(change.path);
  switch (change.kind.type) {
    case 'add':
      return `Codex: ${name} (new file, ${state})`;
    case 'delete':
      return `Codex: ${name} (deleted, ${state})`;
    case 'update':
      return change.kind.move_path ? `Codex: ${name} → ${basename(change.kind.move_path)} (${state})` : `Codex: ${name} (${state})`;
  }
}

function basename(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
