/**
 * Reasoning: a collapsed `<details>`. The summary line names the current
 * step (reasoning summaries open with a bold title, e.g. "**Scanning the
 * repo**"); the body renders only once expanded, so a long thread of
 * closed reasoning costs one line each.
 */
import type { ReasoningEntry, TranscriptEntry } from '../state/entries';
import { el, persistentDetails, setText } from './dom';
import { MarkdownView } from './markdown-view';
import type { EntryView, ViewContext } from './view-context';

export function createReasoningView(initial: ReasoningEntry, context: ViewContext): EntryView {
  const element = el('div', 'entry entry-reasoning');
  const title = el('span', 'reasoning-title');
  const details = persistentDetails(context.expanded, `reasoning:${initial.key}`, false, title);
  const body = new MarkdownView(`reasoning:${initial.key}`, 'agent', 'markdown reasoning-body');
  details.append(body.element);
  element.append(details);
  let current = initial;
  const renderBody = () => {
    if (!details.open) return;
    const text = current.summary.filter(Boolean).join('\n\n') || current.content.join('\n\n');
    body.update(text || '_No summary was given._', current.open);
  };
  details.addEventListener('toggle', renderBody);
  const update = (entry: TranscriptEntry) => {
    if (entry.kind !== 'reasoning') return;
    current = entry;
    const heading = reasoningHeading(entry);
    setText(title, entry.open ? `Thinking${heading ? `: ${heading}` : '…'}` : `Thought${heading ? `: ${heading}` : ''}`);
    element.classList.toggle('open', entry.open);
    renderBody();
  };
  update(initial);
  return { element, update, dispose: () => body.dispose() };
}

/** The bold title of the latest summary part, or its first words. */
export function reasoningHeading(entry: Pick<ReasoningEntry, 'summary'>): string {
  const latest = [...entry.summary].reverse().find((part) => part.trim());
  if (!latest) return '';
  const bold = /^\s*\*\*(.+?)\*\*/.exec(latest);
  const line = (bold?.[1] ?? latest.trim().split('\n')[0]).trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
