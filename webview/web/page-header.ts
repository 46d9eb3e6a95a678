/**
 * The page's own header. A VS Code panel gets its name and its thread's
 * title from the editor tab around it; a browser tab has only the page, so
 * the page says what it is (Codex Threads), which thread it shows, and
 * links to a new thread: a real link, so it can also open in another tab.
 * The page's other actions (the thread picker) sit before that link.
 * Web-only (the VS Code webview never builds it).
 */
import { el, setText } from '../render/dom';

export class PageHeader {
  readonly element: HTMLElement;
  private readonly thread: HTMLElement;
  private readonly newThread: HTMLAnchorElement;

  constructor(actions: readonly HTMLElement[] = []) {
    this.element = el('header', 'page-header');
    const brand = el('h1', 'page-brand', 'Codex Threads');
    this.thread = el('span', 'page-thread');
    this.newThread = el('a', 'page-new-thread', 'New thread');
    const end = el('div', 'page-actions');
    end.append(...actions, this.newThread);
    this.element.append(brand, this.thread, end);
  }

  /** The thread's title ('' before it has one) and the address of a new thread. */
  show(title: string, newThreadHref: string): void {
    setText(this.thread, title);
    this.thread.title = title;
    this.thread.hidden = !title;
    if (this.newThread.getAttribute('href') !== newThreadHref) this.newThread.href = newThreadHref;
  }
}
