/**
 * Spoken updates for screen readers. The transcript is an ARIA feed (rows
 * come and go as the user scrolls, so it cannot be a live region without
 * re-reading old messages); instead this polite live region says what is
 * new: a finished reply (its start), an approval waiting for an answer, a
 * failed turn. Visually hidden.
 */
import type { TranscriptEntry } from '../state/entries';
import { el } from './dom';

const MAX_SPOKEN_CHARS = 400;

export class Announcer {
  readonly element = el('div', 'visually-hidden');
  private readonly spoken = new Set<string>();

  constructor() {
    this.element.setAttribute('role', 'log');
    this.element.setAttribute('aria-live', 'polite');
  }

  /** Looks at entries that just changed and says what is worth saying, once each. */
  entriesChanged(entries: readonly TranscriptEntry[]): void {
    for (const entry of entries) {
      if (entry.kind === 'agent' && !entry.open && entry.text && entry.phase !== 'commentary') {
        this.say(`reply:${entry.key}`, `Codex replied: ${clip(entry.text)}`);
      }
      if (entry.kind === 'notice' && entry.severity === 'error') this.say(`notice:${entry.key}`, entry.text);
      for (const approval of entry.approvals) {
        if (approval.status === 'pending') this.say(`approval:${approval.key}`, approval.kind === 'command' ? `Codex asks to run ${approval.command ?? 'a command'}` : 'Codex asks to change files');
      }
    }
  }

  /** The transcript was replaced (history): nothing in it is news. */
  reset(entries: readonly TranscriptEntry[]): void {
    for (const entry of entries) {
      this.spoken.add(`reply:${entry.key}`);
      this.spoken.add(`notice:${entry.key}`);
    }
  }

  private say(id: string, text: string): void {
    if (this.spoken.has(id)) return;
    this.spoken.add(id);
    const line = el('p', '', text);
    // Keep only the latest few: the region is for hearing, not for reading back.
    this.element.append(line);
    while (this.element.childElementCount > 3) this.element.firstElementChild?.remove();
  }
}

function clip(text: string): string {
  return text.length > MAX_SPOKEN_CHARS ? `${text.slice(0, MAX_SPOKEN_CHARS)}…` : text;
}
