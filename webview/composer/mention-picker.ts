/**
 * The `@` file picker: the ARIA 1.2 combobox pattern on the prompt. The
 * textarea is the combobox (`aria-expanded`, `aria-controls`,
 * `aria-activedescendant`); focus never leaves it, the active option is
 * announced through `aria-activedescendant`. Queries are debounced and sent
 * as `files/search`; only the answer to the latest one is shown (answers to
 * older queries can arrive late).
 */
import { el } from '../render/dom';
import { pickerKeyAction, type KeyInput } from './keymap';
import { findMentionQuery, type MentionQuery } from './mentions';

export interface FileOption {
  path: string;
  label: string;
}

const DEBOUNCE_MS = 120;
const MAX_OPTIONS = 50;
let instances = 0;

export class MentionPicker {
  readonly listbox: HTMLUListElement;
  private readonly idPrefix = `mention-${++instances}`;
  private options: FileOption[] = [];
  private active = -1;
  private mention: MentionQuery | null = null;
  private latestRequest: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly input: HTMLTextAreaElement,
    /** Posts `files/search`; returns its request id. */
    private readonly search: (query: string) => string,
    private readonly onPick: (mention: MentionQuery, path: string) => void,
  ) {
    this.listbox = el('ul', 'mention-list');
    this.listbox.id = `${this.idPrefix}-list`;
    this.listbox.setAttribute('role', 'listbox');
    this.listbox.setAttribute('aria-label', 'Files to mention');
    this.listbox.hidden = true;
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-haspopup', 'listbox');
    input.setAttribute('aria-controls', this.listbox.id);
    input.setAttribute('aria-expanded', 'false');
    // Clicking an option must not blur the textarea (that would close the list before the click lands).
    this.listbox.addEventListener('mousedown', (event) => event.preventDefault());
  }

  get isOpen(): boolean {
    return !this.listbox.hidden;
  }

  /** The text or caret changed: open, refine or close the list. */
  refresh(): void {
    const caret = this.input.selectionStart === this.input.selectionEnd ? this.input.selectionStart : -1;
    const mention = caret >= 0 ? findMentionQuery(this.input.value, caret) : null;
    if (!mention) return this.close();
    const changed = mention.query !== this.mention?.query;
    this.mention = mention;
    if (!changed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.latestRequest = this.search(mention.query);
    }, DEBOUNCE_MS);
  }

  /** A `files/searchResult`; ignored unless it answers the latest query still being typed. */
  showResults(requestId: string, files: FileOption[]): void {
    if (requestId !== this.latestRequest || !this.mention) return;
    this.options = files.slice(0, MAX_OPTIONS);
    this.active = this.options.length ? 0 : -1;
    this.renderOptions();
    this.setOpen(true);
  }

  /** Handles list navigation; true when the key was consumed. */
  handleKey(event: KeyInput): boolean {
    if (!this.isOpen) return false;
    const action = pickerKeyAction(event);
    if (!action) return false;
    if (action === 'close') this.close();
    else if (action === 'pick') {
      if (this.active < 0) {
        // Nothing to pick: let Enter do what it normally does.
        this.close();
        return false;
      }
      this.pick(this.active);
    } else if (this.options.length) {
      const last = this.options.length - 1;
      const next = { next: this.active >= last ? 0 : this.active + 1, previous: this.active <= 0 ? last : this.active - 1, first: 0, last }[action];
      this.setActive(next);
    }
    return true;
  }

  close(): void {
    clearTimeout(this.timer);
    this.mention = null;
    this.latestRequest = null;
    this.options = [];
    this.active = -1;
    this.setOpen(false);
    this.listbox.replaceChildren();
  }

  private pick(index: number): void {
    const option = this.options[index];
    const mention = this.mention;
    this.close();
    if (option && mention) this.onPick(mention, option.path);
  }

  private renderOptions(): void {
    if (!this.options.length) {
      const empty = el('li', 'mention-empty', 'No matching files');
      empty.setAttribute('role', 'option');
      empty.setAttribute('aria-disabled', 'true');
      this.listbox.replaceChildren(empty);
      this.input.removeAttribute('aria-activedescendant');
      return;
    }
    this.listbox.replaceChildren(
      ...this.options.map((option, index) => {
        const item = el('li', 'mention-option');
        item.id = `${this.idPrefix}-option-${index}`;
        item.setAttribute('role', 'option');
        item.append(el('span', 'mention-label', option.label), el('span', 'mention-path', option.path));
        item.addEventListener('click', () => this.pick(index));
        return item;
      }),
    );
    this.setActive(this.active);
  }

  private setActive(index: number): void {
    this.active = index;
    const items = this.listbox.querySelectorAll<HTMLElement>('[role="option"]');
    items.forEach((item, position) => item.setAttribute('aria-selected', String(position === index)));
    const current = items[index];
    if (current && index >= 0 && this.options.length) {
      this.input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else this.input.removeAttribute('aria-activedescendant');
  }

  private setOpen(open: boolean): void {
    this.listbox.hidden = !open;
    this.input.setAttribute('aria-expanded', String(open));
    if (!open) this.input.removeAttribute('aria-activedescendant');
  }
}
