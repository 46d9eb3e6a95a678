/**
 * The prompt box: Enter sends, Shift+Enter inserts a newline (and Enter
 * while an IME is composing does neither). Send is enabled only when the
 * thread is idle and no send is in flight; Stop shows while a turn runs.
 * The draft survives the webview being hidden via `onDraftChanged`.
 */
import type { SessionPhase } from './transcript-store';

export interface ComposerCallbacks {
  send(text: string): Promise<void>;
  stop(): Promise<void>;
  onDraftChanged(draft: string): void;
  onError(message: string): void;
}

export class Composer {
  readonly element: HTMLFormElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private phase: SessionPhase = 'starting';
  private sending = false;

  constructor(
    private readonly callbacks: ComposerCallbacks,
    draft: string,
  ) {
    this.element = document.createElement('form');
    this.element.className = 'composer';

    const label = document.createElement('label');
    label.htmlFor = 'prompt';
    label.className = 'visually-hidden';
    label.textContent = 'Message Codex';

    this.textarea = document.createElement('textarea');
    this.textarea.id = 'prompt';
    this.textarea.rows = 3;
    this.textarea.placeholder = 'Ask Codex. Enter sends, Shift+Enter adds a line.';
    this.textarea.value = draft;

    this.sendButton = button('Send', 'submit');
    this.stopButton = button('Stop', 'button');
    this.stopButton.hidden = true;

    const actions = document.createElement('div');
    actions.className = 'composer-actions';
    actions.append(this.sendButton, this.stopButton);
    this.element.append(label, this.textarea, actions);

    this.textarea.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.textarea.addEventListener('input', () => callbacks.onDraftChanged(this.textarea.value));
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.stopButton.addEventListener('click', () => {
      this.callbacks.stop().catch((error: unknown) => this.callbacks.onError(messageOf(error)));
    });
    this.update();
  }

  setPhase(phase: SessionPhase): void {
    this.phase = phase;
    this.update();
  }

  focus(): void {
    this.textarea.focus();
  }

  private submit(): void {
    const text = this.textarea.value.trim();
    if (!text || this.phase !== 'idle' || this.sending) return;
    this.sending = true;
    this.textarea.value = '';
    this.callbacks.onDraftChanged('');
    this.update();
    this.callbacks
      .send(text)
      .catch((error: unknown) => {
        // Give the text back so a failed send loses nothing.
        if (!this.textarea.value) {
          this.textarea.value = text;
          this.callbacks.onDraftChanged(text);
        }
        this.callbacks.onError(messageOf(error));
      })
      .finally(() => {
        this.sending = false;
        this.update();
      });
  }

  private update(): void {
    const running = this.phase === 'running';
    this.sendButton.disabled = this.phase !== 'idle' || this.sending;
    this.stopButton.hidden = !running;
    this.textarea.disabled = this.phase === 'closed';
  }
}

function button(text: string, type: 'submit' | 'button'): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = type;
  element.textContent = text;
  return element;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
