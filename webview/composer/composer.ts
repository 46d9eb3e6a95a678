/**
 * The prompt box. Idle: Enter (or Send) sends. While a turn runs: Queue
 * (Enter) holds the message for after the turn, Steer (Ctrl/Cmd+Enter)
 * adds it to the running turn, Stop interrupts. Shift+Enter is a new line.
 * Where the host can search files, `@` opens the file picker (see
 * mention-picker.ts) and picked files still in the text are sent as
 * `mentions`; elsewhere the prompt is a plain text box and says nothing of
 * `@`. The draft survives the webview being hidden (`onDraftChanged` → the
 * host's state).
 */
import { el } from '../render/dom';
import type { SessionPhase } from '../state/transcript-store';
import { composerHint, composerKeyAction } from './keymap';
import { MentionPicker, type FileOption } from './mention-picker';
import { collectMentions, insertMention } from './mentions';

export interface ComposerCallbacks {
  send(text: string, mentions: string[]): Promise<void>;
  steer(text: string): Promise<void>;
  stop(): Promise<void>;
  /** Posts `files/search`; returns the request id its result will carry. */
  searchFiles(query: string): string;
  onDraftChanged(draft: string): void;
  onError(message: string): void;
}

type Submit = 'send' | 'queue' | 'steer';

export class Composer {
  readonly element: HTMLFormElement;
  private readonly textarea: HTMLTextAreaElement;
  /** Absent where the host has no file search (the prompt is then a plain text box). */
  private readonly picker: MentionPicker | undefined;
  private readonly buttons: Record<Submit | 'stop', HTMLButtonElement>;
  private readonly hint: HTMLElement;
  private readonly feedback: HTMLElement;
  private readonly mac = /Mac|iPhone|iPad/.test(navigator.platform);
  /** Paths picked from the list; only those still in the text are sent. */
  private readonly picked = new Set<string>();
  private phase: SessionPhase = 'starting';
  private stopping = false;
  private feedbackTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly callbacks: ComposerCallbacks,
    draft: string,
    private readonly fileMentions: boolean,
  ) {
    this.element = el('form', 'composer');
    this.element.setAttribute('aria-label', 'Message Codex');
    const label = el('label', 'visually-hidden', 'Message Codex');
    label.htmlFor = 'prompt';

    this.textarea = el('textarea');
    this.textarea.id = 'prompt';
    this.textarea.rows = 3;
    this.textarea.placeholder = 'Ask Codex…';
    this.textarea.value = draft;
    this.picker = fileMentions
      ? new MentionPicker(this.textarea, (query) => callbacks.searchFiles(query), (mention, path) => {
          const next = insertMention(this.textarea.value, mention, path);
          this.picked.add(path);
          this.textarea.value = next.text;
          this.textarea.setSelectionRange(next.caret, next.caret);
          callbacks.onDraftChanged(next.text);
        })
      : undefined;
    const field = el('div', 'composer-field');
    field.append(this.textarea);
    if (this.picker) field.append(this.picker.listbox);

    this.hint = el('span', 'composer-hint');
    this.hint.id = 'composer-hint';
    this.textarea.setAttribute('aria-describedby', this.hint.id);
    this.feedback = el('span', 'composer-feedback');
    this.feedback.setAttribute('role', 'status');

    this.buttons = {
      send: this.actionButton('Send', 'primary', () => this.submit('send')),
      steer: this.actionButton('Steer', 'primary', () => this.submit('steer')),
      queue: this.actionButton('Queue', 'secondary', () => this.submit('queue')),
      stop: this.actionButton('Stop', 'danger', () => this.stop()),
    };
    this.buttons.steer.title = `Add this to the running turn (${this.mac ? 'Cmd' : 'Ctrl'}+Enter)`;
    this.buttons.queue.title = 'Send this when the running turn ends (Enter)';
    this.buttons.stop.title = 'Stop the running turn';
    const actions = el('div', 'composer-actions');
    actions.append(this.buttons.steer, this.buttons.queue, this.buttons.send, this.buttons.stop);
    const footer = el('div', 'composer-footer');
    footer.append(this.hint, this.feedback, actions);
    this.element.append(label, field, footer);

    this.textarea.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.textarea.addEventListener('input', () => {
      callbacks.onDraftChanged(this.textarea.value);
      this.picker?.refresh();
    });
    // Caret moves (clicks, arrows) can enter or leave an @word.
    this.textarea.addEventListener('click', () => this.picker?.refresh());
    this.textarea.addEventListener('keyup', (event) => {
      if (event.key === 'ArrowLeft' || event.key === 'ArrowRight' || event.key === 'Home' || event.key === 'End') this.picker?.refresh();
    });
    this.textarea.addEventListener('blur', () => this.picker?.close());
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit(this.phase === 'running' ? 'queue' : 'send');
    });
    this.update();
  }

  setPhase(phase: SessionPhase): void {
    if (phase !== 'running') this.stopping = false;
    this.phase = phase;
    this.update();
  }

  focus(): void {
    this.textarea.focus();
  }

  /** A `files/searchResult` from the host. */
  showFileResults(requestId: string, files: FileOption[]): void {
    this.picker?.showResults(requestId, files);
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (this.picker?.handleKey(event)) {
      event.preventDefault();
      return;
    }
    const action = composerKeyAction(event, this.phase);
    if (action === 'none') return;
    event.preventDefault();
    this.submit(action);
  }

  private submit(kind: Submit): void {
    const text = this.textarea.value.trim();
    if (!text || !this.canSubmit(kind)) return;
    const mentions = collectMentions(text, this.picked);
    this.textarea.value = '';
    this.picked.clear();
    this.picker?.close();
    this.callbacks.onDraftChanged('');
    const request = kind === 'steer' ? this.callbacks.steer(text) : this.callbacks.send(text, mentions);
    if (kind === 'queue') this.say('Queued: it will be sent when this turn ends.');
    if (kind === 'steer') this.say('Sent to the running turn.');
    request.catch((error: unknown) => {
      // Give the text back so a failed send loses nothing (unless the user already typed anew).
      if (!this.textarea.value) {
        this.textarea.value = text;
        for (const path of mentions) this.picked.add(path);
        this.callbacks.onDraftChanged(text);
      }
      this.say('');
      this.callbacks.onError(messageOf(error));
    });
    this.textarea.focus();
  }

  private canSubmit(kind: Submit): boolean {
    if (kind === 'send') return this.phase === 'idle' || this.phase === 'starting';
    return this.phase === 'running';
  }

  private stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.update();
    this.callbacks.stop().catch((error: unknown) => {
      this.stopping = false;
      this.update();
      this.callbacks.onError(messageOf(error));
    });
  }

  private update(): void {
    const running = this.phase === 'running';
    this.buttons.send.hidden = running;
    this.buttons.send.disabled = this.phase === 'closed';
    this.buttons.steer.hidden = !running;
    this.buttons.queue.hidden = !running;
    this.buttons.stop.hidden = !running;
    this.buttons.stop.disabled = this.stopping;
    this.buttons.stop.textContent = this.stopping ? 'Stopping…' : 'Stop';
    this.textarea.disabled = this.phase === 'closed';
    this.textarea.placeholder = running ? 'Steer or queue a follow-up…' : this.phase === 'closed' ? 'This thread has ended.' : 'Ask Codex…';
    this.hint.textContent = this.phase === 'closed' ? '' : composerHint(this.phase, this.mac, this.fileMentions);
  }

  private actionButton(text: string, tone: string, onClick: () => void): HTMLButtonElement {
    const button = el('button', tone, text);
    button.type = 'button';
    button.addEventListener('click', onClick);
    return button;
  }

  /** A short confirmation, announced politely and then cleared. */
  private say(message: string): void {
    clearTimeout(this.feedbackTimer);
    this.feedback.textContent = message;
    if (message) this.feedbackTimer = setTimeout(() => (this.feedback.textContent = ''), 4000);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
