/**
 * User and agent messages: sanitized markdown. An agent message streams
 * (`aria-busy` while open, so screen readers read it once, finished); the
 * `commentary` phase (progress notes between tool calls) is set apart from
 * the final answer.
 */
import type { AgentEntry, TranscriptEntry, UserEntry } from '../state/entries';
import { el } from './dom';
import { MarkdownView } from './markdown-view';
import type { EntryView } from './view-context';

export function createUserMessageView(initial: UserEntry): EntryView {
  const element = el('div', 'entry entry-user');
  const body = new MarkdownView(`user:${initial.key}`, 'user', 'markdown bubble');
  const mentions = el('ul', 'mentions');
  mentions.setAttribute('aria-label', 'Mentioned files');
  element.append(el('div', 'entry-author', 'You'), body.element, mentions);
  const update = (entry: TranscriptEntry) => {
    if (entry.kind !== 'user') return;
    body.update(entry.text, false);
    mentions.replaceChildren(...entry.mentions.map((path) => el('li', 'mention', `@${path}`)));
    mentions.hidden = entry.mentions.length === 0;
  };
  update(initial);
  return { element, update, dispose: () => body.dispose() };
}

export function createAgentMessageView(initial: AgentEntry): EntryView {
  const element = el('div', 'entry entry-agent');
  const body = new MarkdownView(`agent:${initial.key}`, 'agent');
  element.append(el('div', 'entry-author', 'Codex'), body.element);
  const update = (entry: TranscriptEntry) => {
    if (entry.kind !== 'agent') return;
    element.classList.toggle('open', entry.open);
    element.classList.toggle('commentary', entry.phase === 'commentary');
    body.element.setAttribute('aria-busy', String(entry.open));
    body.update(entry.text, entry.open);
  };
  update(initial);
  return { element, update, dispose: () => body.dispose() };
}
