/**
 * What a key press in the prompt does. Idle: Enter sends. While a turn
 * runs: Enter queues the message for after the turn (the host holds it),
 * Ctrl/Cmd+Enter steers the running turn (`turn/steer`). Shift+Enter is
 * always a new line, and Enter during IME composition belongs to the IME.
 * When the mention list is open, arrows move, Enter/Tab pick, Escape
 * closes. Pure (unit-tested).
 */
import type { SessionPhase } from '../state/transcript-store';

export type ComposerAction = 'send' | 'queue' | 'steer' | 'none';
export type PickerAction = 'next' | 'previous' | 'first' | 'last' | 'pick' | 'close';

export interface KeyInput {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing: boolean;
}

export function composerKeyAction(key: KeyInput, phase: SessionPhase): ComposerAction {
  if (key.key !== 'Enter' || key.isComposing || key.shiftKey || key.altKey) return 'none';
  const modifier = key.ctrlKey || key.metaKey;
  if (phase === 'running') return modifier ? 'steer' : 'queue';
  return 'send';
}

export function pickerKeyAction(key: KeyInput): PickerAction | null {
  if (key.isComposing) return null;
  switch (key.key) {
    case 'ArrowDown':
      return 'next';
    case 'ArrowUp':
      return 'previous';
    case 'Home':
      return key.ctrlKey ? 'first' : null;
    case 'End':
      return key.ctrlKey ? 'last' : null;
    case 'Enter':
      return key.shiftKey || key.ctrlKey || key.metaKey ? null : 'pick';
    case 'Tab':
      return key.shiftKey ? null : 'pick';
    case 'Escape':
      return 'close';
    default:
      return null;
  }
}

/** The hint under the prompt, naming the keys for this platform (and `@` where the host can search files). */
export function composerHint(phase: SessionPhase, mac: boolean, fileMentions: boolean): string {
  const mod = mac ? 'Cmd' : 'Ctrl';
  const mention = fileMentions ? ' · @ mentions a file' : '';
  if (phase === 'running') return `Enter queues for after this turn · ${mod}+Enter steers it now · Shift+Enter new line${mention}`;
  return `Enter sends · Shift+Enter new line${mention}`;
}
