/**
 * Notices (errors, "Stopped.", warnings) and items without a dedicated
 * view. An error says what to do and offers the button that does it. A
 * generic item shows a one-line description and its raw fields on demand.
 */
import { ACTION_LABELS } from '../state/error-help';
import type { GenericEntry, NoticeEntry, TranscriptEntry } from '../state/entries';
import { button, el, persistentDetails, setText } from './dom';
import type { EntryView, ViewContext } from './view-context';

export function createNoticeView(initial: NoticeEntry, context: ViewContext): EntryView {
  const element = el('div', `entry entry-notice notice-${initial.severity}`);
  if (initial.severity === 'error') element.setAttribute('role', 'alert');
  const text = el('div', 'notice-text');
  element.append(text);
  const action = initial.action;
  if (action) element.append(button(ACTION_LABELS[action], 'secondary notice-action', () => context.runCommand(action)));
  const update = (entry: TranscriptEntry) => {
    if (entry.kind === 'notice') setText(text, entry.text);
  };
  update(initial);
  return { element, update, dispose: () => undefined };
}

export function createGenericView(initial: GenericEntry, context: ViewContext): EntryView {
  const element = el('div', 'entry entry-generic');
  const label = el('div', 'generic-label');
  const details = el('div', 'generic-details');
  element.append(label, details);
  let shown: string | null | undefined;
  const update = (entry: TranscriptEntry) => {
    if (entry.kind !== 'generic') return;
    setText(label, entry.label);
    element.classList.toggle('open', entry.open);
    if (entry.details === shown) return;
    shown = entry.details;
    if (!entry.details) return details.replaceChildren();
    const section = persistentDetails(context.expanded, `generic:${entry.key}`, false, 'Details');
    section.append(el('pre', 'output', entry.details));
    details.replaceChildren(section);
  };
  update(initial);
  return { element, update, dispose: () => undefined };
}
