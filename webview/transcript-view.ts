/**
 * Draws the transcript. Host messages may arrive hundreds per second while
 * a reply streams, so updates are batched: the store records what changed
 * and the view redraws those entries once per animation frame. Model text
 * is set with `textContent` only, never parsed as HTML.
 */
import { ACTION_LABELS } from './error-help';
import type { HostCommand } from './protocol';
import type { TranscriptEntry, TranscriptStore } from './transcript-store';

const AUTHOR: Record<TranscriptEntry['kind'], string> = { user: 'You', agent: 'Codex', item: 'Codex', notice: '' };

export class TranscriptView {
  private readonly elements = new Map<string, { root: HTMLElement; text: HTMLElement }>();
  private frame = 0;

  constructor(
    private readonly container: HTMLElement,
    private readonly store: TranscriptStore,
    private readonly onAction: (command: HostCommand) => void,
    /** Redraws whatever besides the transcript depends on the session (status line, buttons). */
    private readonly onSessionChanged: () => void,
  ) {}

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
    // Follow the stream only if the user has not scrolled up to read.
    const atBottom = this.container.scrollHeight - this.container.scrollTop - this.container.clientHeight < 40;
    for (const entry of changes.entries) this.renderEntry(entry);
    if (changes.session) this.onSessionChanged();
    if (atBottom && changes.entries.length) this.container.scrollTop = this.container.scrollHeight;
  }

  private renderEntry(entry: TranscriptEntry): void {
    let view = this.elements.get(entry.key);
    if (!view) {
      view = this.createEntry(entry);
      this.elements.set(entry.key, view);
      // New entries are always the newest (the store only appends), so order holds.
      this.container.append(view.root);
    }
    if (view.text.textContent !== entry.text) view.text.textContent = entry.text;
    view.root.classList.toggle('open', entry.open);
    // Screen readers wait for a streaming message to finish instead of reading every delta.
    view.root.setAttribute('aria-busy', String(entry.open));
  }

  private createEntry(entry: TranscriptEntry): { root: HTMLElement; text: HTMLElement } {
    const root = document.createElement(entry.kind === 'notice' ? 'div' : 'article');
    root.className = `entry entry-${entry.kind}${entry.severity ? ` notice-${entry.severity}` : ''}`;
    const author = AUTHOR[entry.kind];
    if (author) {
      const heading = document.createElement('div');
      heading.className = 'entry-author';
      heading.textContent = author;
      root.append(heading);
      root.setAttribute('aria-label', `${author} said`);
    }
    const text = document.createElement('div');
    text.className = 'entry-text';
    root.append(text);
    if (entry.action) {
      const action = entry.action;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'entry-action';
      button.textContent = ACTION_LABELS[action];
      button.addEventListener('click', () => this.onAction(action));
      root.append(button);
    }
    return { root, text };
  }
}
