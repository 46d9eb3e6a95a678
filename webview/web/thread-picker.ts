/**
 * The page header's "Threads" button and the list it opens: the browser's
 * way back to an older thread (VS Code has its activity-bar view for that).
 * Each thread is a plain link to its page address, so a middle-click opens
 * it in a new tab; the thread the page shows is marked `aria-current`.
 *
 * A non-modal popover: Escape, a click outside or Tab out closes it; the
 * arrows, Home and End move between its entries. It reloads the first page
 * each time it opens (threads change while the page is open), and says
 * when it is loading or could not load, with a retry.
 */
import type { Thread } from '../../server/protocol';
import { button, el, setText } from '../render/dom';
import { folderName, relativeTime, threadTitle } from './thread-format';
import { ThreadList, type ListThreads, type ThreadListSnapshot } from './thread-list';

export interface ThreadPickerOptions {
  list: ListThreads;
  /** A thread's page address; never carries the access token (the cookie does). */
  hrefFor(threadId: string): string;
  now?(): number;
}

const PANEL_ID = 'thread-picker-panel';
const HEADING_ID = 'thread-picker-heading';

/** Where focus goes once a page has arrived: what the user asked for, not wherever the DOM left it. */
type PendingFocus = 'first-page' | 'next-page';

export class ThreadPicker {
  readonly element: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly entries: HTMLUListElement;
  private readonly status: HTMLElement;
  private readonly retry: HTMLButtonElement;
  private readonly more: HTMLButtonElement;
  private readonly threads: ThreadList;
  /** Ids of the rows on screen, in order: a page that extends them only appends rows (focus stays put). */
  private shown: readonly string[] = [];
  private currentId: string | undefined;
  private pendingFocus: PendingFocus | undefined;
  private readonly outsidePointer = (event: PointerEvent) => {
    if (!(event.target instanceof Node) || !this.element.contains(event.target)) this.close(false);
  };

  constructor(private readonly options: ThreadPickerOptions) {
    this.element = el('div', 'thread-picker');
    this.toggle = button('Threads', 'thread-picker-toggle secondary', () => (this.isOpen ? this.close(true) : this.open()));
    this.toggle.setAttribute('aria-haspopup', 'dialog');
    this.toggle.setAttribute('aria-expanded', 'false');
    this.toggle.setAttribute('aria-controls', PANEL_ID);

    this.panel = el('div', 'thread-picker-panel');
    this.panel.id = PANEL_ID;
    this.panel.hidden = true;
    this.panel.tabIndex = -1; // holds focus while the first page loads, so Escape still works
    this.panel.setAttribute('role', 'dialog');
    this.panel.setAttribute('aria-labelledby', HEADING_ID);
    const heading = el('h2', 'thread-picker-heading', 'Recent threads');
    heading.id = HEADING_ID;
    this.entries = el('ul', 'thread-picker-entries');
    this.entries.setAttribute('aria-labelledby', HEADING_ID);
    this.status = el('p', 'thread-picker-status');
    this.status.setAttribute('role', 'status');
    this.retry = button('Retry', 'thread-picker-retry secondary', () => this.load('retry'));
    this.more = button('Show more', 'thread-picker-more secondary', () => this.load('more'));
    const footer = el('div', 'thread-picker-footer');
    footer.append(this.status, this.retry, this.more);
    this.panel.append(heading, this.entries, footer);
    this.element.append(this.toggle, this.panel);

    this.element.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.element.addEventListener('focusout', (event) => {
      // Tab out of the picker closes it; focus merely lost (a row rebuilt, a button hidden) does not.
      if (event.relatedTarget instanceof Node && !this.element.contains(event.relatedTarget)) this.close(false);
    });
    this.threads = new ThreadList({ list: options.list, onChange: (snapshot) => this.render(snapshot) });
    this.render(this.threads.snapshot);
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  /** The thread the page shows (undefined before a new thread has its id). */
  setCurrent(threadId: string | undefined): void {
    if (threadId === this.currentId) return;
    this.currentId = threadId;
    for (const link of this.links()) this.markCurrent(link);
  }

  open(): void {
    if (this.isOpen) return;
    this.panel.hidden = false;
    this.toggle.setAttribute('aria-expanded', 'true');
    document.addEventListener('pointerdown', this.outsidePointer, true);
    this.panel.focus();
    this.load('first');
  }

  close(restoreFocus: boolean): void {
    if (!this.isOpen) return;
    this.panel.hidden = true;
    this.pendingFocus = undefined;
    this.toggle.setAttribute('aria-expanded', 'false');
    document.removeEventListener('pointerdown', this.outsidePointer, true);
    if (restoreFocus) this.toggle.focus();
  }

  private load(what: 'first' | 'more' | 'retry'): void {
    this.pendingFocus = what === 'first' || this.shown.length === 0 ? 'first-page' : 'next-page';
    void (what === 'first' ? this.threads.reload() : what === 'more' ? this.threads.loadMore() : this.threads.retry());
  }

  private render(snapshot: ThreadListSnapshot): void {
    const ids = snapshot.threads.map((thread) => thread.id);
    if (!this.shown.every((id, index) => ids[index] === id)) {
      this.entries.replaceChildren();
      this.shown = [];
    }
    const now = (this.options.now ?? Date.now)();
    const added = snapshot.threads.slice(this.shown.length).map((thread) => this.entry(thread, now));
    this.entries.append(...added);
    this.shown = ids;
    this.entries.hidden = ids.length === 0;

    setText(this.status, statusText(snapshot));
    this.panel.setAttribute('aria-busy', String(snapshot.phase === 'loading'));
    this.panel.dataset.phase = snapshot.phase; // the stylesheet colours a failure
    this.retry.hidden = snapshot.phase !== 'failed';
    this.more.hidden = !snapshot.hasMore || snapshot.phase === 'failed';
    if (snapshot.phase === 'ready' || snapshot.phase === 'failed') this.settleFocus(added.map((entry) => entry.firstElementChild as HTMLAnchorElement));
  }

  private entry(thread: Thread, nowMs: number): HTMLLIElement {
    const title = threadTitle(thread);
    const link = el('a', 'thread-picker-item');
    link.href = this.options.hrefFor(thread.id);
    link.dataset.threadId = thread.id;
    link.title = title;
    const updated = new Date(thread.updatedAt * 1000);
    const time = el('time', 'thread-picker-time', relativeTime(thread.updatedAt, nowMs));
    time.dateTime = updated.toISOString();
    time.title = updated.toLocaleString();
    const folder = el('span', 'thread-picker-folder', folderName(thread.cwd));
    folder.title = thread.cwd;
    const meta = el('span', 'thread-picker-meta');
    meta.append(time, folder);
    link.append(el('span', 'thread-picker-title', title), meta);
    link.addEventListener('click', (event) => {
      // The thread already shown: a plain click only closes the list (reloading the page would gain nothing).
      const plain = event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey && !event.altKey;
      if (plain && thread.id === this.currentId) {
        event.preventDefault();
        this.close(true);
      }
    });
    this.markCurrent(link);
    const item = el('li', 'thread-picker-entry');
    item.append(link);
    return item;
  }

  private markCurrent(link: HTMLAnchorElement): void {
    if (link.dataset.threadId === this.currentId) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }

  /**
   * After a page: the current thread's row (or the first) when the list opened,
   * the first new row after "Show more", the retry after a failure; unless
   * the user has meanwhile put focus somewhere of their own.
   */
  private settleFocus(added: HTMLAnchorElement[]): void {
    const pending = this.pendingFocus;
    this.pendingFocus = undefined;
    if (!pending || !this.isOpen) return;
    const active = document.activeElement;
    const waiting = !active || active === document.body || active === this.panel || active === this.more || active === this.retry;
    if (!waiting) return;
    const current = added.find((link) => link.dataset.threadId === this.currentId);
    const target = !this.retry.hidden ? this.retry : pending === 'first-page' ? (current ?? added[0]) : added[0];
    (target && !target.hidden ? target : this.panel).focus();
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (!this.isOpen) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.close(true);
      return;
    }
    if (!(event.target instanceof Node) || !this.panel.contains(event.target)) return;
    const stops: HTMLElement[] = [...this.links(), ...[this.retry, this.more].filter((control) => !control.hidden)];
    const index = stops.indexOf(event.target as HTMLElement);
    const next =
      event.key === 'ArrowDown' ? stops[Math.min(index + 1, stops.length - 1)]
      : event.key === 'ArrowUp' ? stops[Math.max(index - 1, 0)]
      : event.key === 'Home' ? stops[0]
      : event.key === 'End' ? stops.at(-1)
      : undefined;
    if (!next) return;
    event.preventDefault();
    next.focus();
  }

  private links(): HTMLAnchorElement[] {
    return [...this.entries.querySelectorAll<HTMLAnchorElement>('a.thread-picker-item')];
  }
}

function statusText(snapshot: ThreadListSnapshot): string {
  switch (snapshot.phase) {
    case 'loading':
      return 'Loading threads…';
    case 'failed':
      return `Could not load threads: ${snapshot.error}`;
    case 'ready':
      return snapshot.threads.length ? '' : 'No threads yet.';
    default:
      return '';
  }
}
