/**
 * The transcript: the store's entries in a virtual list, redrawn once per
 * animation frame however many host messages arrived in between (a
 * streaming reply sends hundreds per second). A "Jump to latest" button
 * appears while the user reads further up and new content keeps coming.
 */
import type { TranscriptEntry } from '../state/entries';
import type { TranscriptStore } from '../state/transcript-store';
import { VirtualList } from '../virtual/virtual-list';
import { Announcer } from './announcer';
import { button } from './dom';
import { createEntryView, entryLabel, estimateEntryHeight } from './entry-view';
import type { ViewContext } from './view-context';

/** Average glyph width used to turn the list's width into characters per line for estimates. */
const AVERAGE_CHAR_PX = 7.2;
const HORIZONTAL_CHROME_PX = 48;

export class TranscriptView {
  readonly element: HTMLElement;
  private readonly list: VirtualList<TranscriptEntry>;
  private readonly jump: HTMLButtonElement;
  private readonly announcer = new Announcer();
  private frame = 0;

  constructor(
    private readonly store: TranscriptStore,
    context: ViewContext,
    /** Redraws what besides the transcript depends on the session (status line, composer, footer). */
    private readonly onSessionChanged: () => void,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'transcript-frame';
    const scroller = document.createElement('section');
    scroller.className = 'transcript';
    scroller.setAttribute('role', 'feed');
    scroller.setAttribute('aria-label', 'Conversation');
    scroller.tabIndex = 0;
    this.jump = button('↓ Jump to latest', 'jump-to-latest', () => this.list.scrollToBottom());
    this.jump.hidden = true;
    this.element.append(scroller, this.jump, this.announcer.element);
    this.list = new VirtualList<TranscriptEntry>(
      scroller,
      {
        create: (entry) => createEntryView(entry, context),
        estimate: (entry, width) => estimateEntryHeight(entry, Math.max(20, Math.floor((width - HORIZONTAL_CHROME_PX) / AVERAGE_CHAR_PX))),
        label: entryLabel,
      },
      { onFollowChanged: (following) => (this.jump.hidden = following) },
    );
  }

  /** Asks for a redraw on the next frame; many calls before it cost one redraw. */
  scheduleRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  render(): void {
    const changes = this.store.takeChanges();
    if (changes.reset) {
      this.announcer.reset(this.store.entries);
      this.list.reset(this.store.entries);
    } else if (changes.entries.length) {
      this.list.update(this.store.entries, changes.entries);
      this.list.layout();
      this.announcer.entriesChanged(changes.entries);
    }
    if (changes.session) this.onSessionChanged();
  }
}
