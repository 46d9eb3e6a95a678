/**
 * What an entry view may do besides drawing: answer an approval, open the
 * native diff (where the host has one), run an allowed host command. Views
 * get this instead of the host channel, so they stay testable and cannot
 * post arbitrary messages.
 */
import type { HostCommand } from '../protocol';
import type { ApprovalState, TranscriptEntry } from '../state/entries';

export interface ViewContext {
  answerApproval(approval: ApprovalState, decision: unknown): void;
  /** Opens the host's native diff editor; absent where there is none (the inline diff is the review). */
  openDiff?(itemId: string): void;
  runCommand(command: HostCommand): void;
  /** Expanded/collapsed sections by id: they outlive the row elements the virtual list recycles. */
  readonly expanded: Map<string, boolean>;
  /** The thread's working directory, when known, to shorten paths. */
  cwd(): string | null;
}

/** One entry's DOM. `update` gets the same entry with a newer `version`. */
export interface EntryView {
  readonly element: HTMLElement;
  update(entry: TranscriptEntry): void;
  /** Stops timers; the element is about to leave the DOM. */
  dispose(): void;
}
