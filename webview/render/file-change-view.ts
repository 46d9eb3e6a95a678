/**
 * A file change: one collapsible section per file with its inline diff
 * (diff2html), and, where the host has a native diff editor (VS Code),
 * "Review in diff editor", which asks it to open the whole change
 * (`diff/open`); elsewhere the inline diff is the review. Diffs render
 * only when their section is open, and are cached, so a long thread of
 * edits scrolls without re-running diff2html.
 */
import type { FileUpdateChange } from '../../server/protocol';
import type { FileChangeEntry, TranscriptEntry } from '../state/entries';
import { ApprovalCards } from './approval-card';
import { diffToHtml } from './diff-html';
import { diffStats, displayPath, truncateDiff, unifiedDiff } from './diff-text';
import { button, el, persistentDetails, setText } from './dom';
import { HtmlCache } from './html-cache';
import { sanitizeHtml, setHtml } from './sanitize';
import type { EntryView, ViewContext } from './view-context';

const cache = new HtmlCache(200);
/** Rows of diff shown inline per file; the native diff editor, where there is one, has the rest. */
const MAX_INLINE_DIFF_LINES = 400;
/** Sections start expanded when the whole change is this small. */
const AUTO_EXPAND_LINES = 60;
const KIND_LABEL = { add: 'Added', delete: 'Deleted', update: 'Modified' } as const;
const STATUS_LABEL = { inProgress: 'Proposed', completed: 'Edited', failed: 'Edit failed', declined: 'Declined' } as const;

export function createFileChangeView(initial: FileChangeEntry, context: ViewContext): EntryView {
  const element = el('div', 'entry entry-tool entry-file-change');
  const header = el('div', 'tool-header');
  const status = el('span', 'tool-status');
  const summary = el('span', 'tool-summary');
  const openDiff = context.openDiff;
  const review = openDiff && button('Review in diff editor', 'secondary review-button', () => openDiff(initial.key));
  header.append(status, summary);
  if (review) header.append(review);
  const approvals = new ApprovalCards(context);
  const files = el('div', 'files');
  const output = el('pre', 'output');
  element.append(header, approvals.element, files, output);
  let shownChanges: FileUpdateChange[] | null = null;

  const update = (entry: TranscriptEntry) => {
    if (entry.kind !== 'fileChange') return;
    const running = entry.status === 'inProgress';
    element.dataset.tone = entry.status === 'failed' ? 'failed' : entry.status === 'declined' ? 'declined' : running && !entry.open ? 'stopped' : 'ok';
    setText(status, running && !entry.open ? 'Not applied' : STATUS_LABEL[entry.status]);
    setText(summary, entry.changes.length === 1 ? displayPath(entry.changes[0].path, context.cwd()) : `${entry.changes.length} files`);
    if (review) {
      review.hidden = entry.changes.length === 0;
      review.setAttribute('aria-label', `Review ${entry.changes.length === 1 ? 'this file' : 'these files'} in the diff editor`);
    }
    approvals.update(entry.approvals, entry.changes);
    if (entry.changes !== shownChanges) {
      renderFiles(files, entry, context);
      shownChanges = entry.changes;
    }
    setText(output, entry.status === 'failed' ? entry.output : '');
    output.hidden = !output.textContent;
  };
  update(initial);
  return { element, update, dispose: () => undefined };
}

function renderFiles(container: HTMLElement, entry: FileChangeEntry, context: ViewContext): void {
  const diffs = entry.changes.map((change) => unifiedDiff(change));
  const totalLines = diffs.reduce((sum, diff) => sum + diffStats(diff).added + diffStats(diff).removed, 0);
  const expand = totalLines <= AUTO_EXPAND_LINES;
  container.replaceChildren(
    ...entry.changes.map((change, index) => {
      const diff = diffs[index];
      const stats = diffStats(diff);
      const label = el('span', 'file-label');
      const kind = el('span', `file-kind kind-${change.kind.type}`, KIND_LABEL[change.kind.type]);
      const path = el('span', 'file-path', displayPath(change.path, context.cwd()));
      label.append(kind, path);
      if (change.kind.type === 'update' && change.kind.move_path) label.append(el('span', 'file-move', `→ ${displayPath(change.kind.move_path, context.cwd())}`));
      const counts = el('span', 'file-stats');
      counts.append(el('span', 'added', `+${stats.added}`), el('span', 'removed', `−${stats.removed}`));
      counts.setAttribute('aria-label', `${stats.added} lines added, ${stats.removed} removed`);
      label.append(counts);
      const details = persistentDetails(context.expanded, `diff:${entry.key}:${index}`, expand, label);
      details.className = 'file';
      const body = el('div', 'diff');
      details.append(body);
      const fill = () => {
        if (!details.open || body.childElementCount) return;
        fillDiff(body, `${entry.key}:${index}`, diff, context.openDiff !== undefined);
      };
      details.addEventListener('toggle', fill);
      fill();
      return details;
    }),
  );
}

function fillDiff(body: HTMLElement, cacheKey: string, diff: string, diffEditor: boolean): void {
  const { text, omitted } = truncateDiff(diff, MAX_INLINE_DIFF_LINES);
  let html = cache.get(cacheKey, diff);
  if (html === undefined) {
    html = sanitizeHtml(diffToHtml(text));
    cache.set(cacheKey, diff, html);
  }
  setHtml(body, html);
  if (omitted) body.append(el('p', 'diff-omitted', diffEditor ? `${omitted} more lines: review in the diff editor to see them all.` : `${omitted} more lines are not shown.`));
}
