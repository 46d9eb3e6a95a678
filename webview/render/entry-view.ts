/**
 * Picks the view for an entry kind, estimates row heights for the virtual
 * list before a row was ever drawn, and names rows for assistive tech.
 */
import type { TranscriptEntry } from '../state/entries';
import { createCommandView } from './command-view';
import { countLines } from './command-text';
import { createFileChangeView } from './file-change-view';
import { createAgentMessageView, createUserMessageView } from './message-views';
import { createGenericView, createNoticeView } from './notice-view';
import { createPlanItemView, createTurnPlanView } from './plan-view';
import { createReasoningView } from './reasoning-view';
import type { EntryView, ViewContext } from './view-context';

export function createEntryView(entry: TranscriptEntry, context: ViewContext): EntryView {
  switch (entry.kind) {
    case 'user':
      return createUserMessageView(entry);
    case 'agent':
      return createAgentMessageView(entry);
    case 'reasoning':
      return createReasoningView(entry, context);
    case 'command':
      return createCommandView(entry, context);
    case 'fileChange':
      return createFileChangeView(entry, context);
    case 'plan':
      return createPlanItemView(entry);
    case 'turnPlan':
      return createTurnPlanView(entry);
    case 'notice':
      return createNoticeView(entry, context);
    default:
      return createGenericView(entry, context);
  }
}

const LINE = 20;
const ROW_CHROME = 24;

/**
 * A guess of a row's height in px before it is measured: the virtual list
 * sizes its spacers from these, and replaces each with the real height once
 * the row was drawn. Close guesses keep the scrollbar steady; they need not
 * be exact. `charsPerLine` comes from the transcript's width.
 */
export function estimateEntryHeight(entry: TranscriptEntry, charsPerLine: number): number {
  const textLines = (text: string) => {
    let lines = 0;
    for (const line of text.split('\n', 400)) lines += Math.max(1, Math.ceil(line.length / charsPerLine));
    return lines;
  };
  const approvals = entry.approvals.length * 120;
  switch (entry.kind) {
    case 'user':
      return ROW_CHROME + 30 + textLines(entry.text) * LINE;
    case 'agent':
      return ROW_CHROME + 24 + textLines(entry.text) * LINE;
    case 'reasoning':
      return ROW_CHROME + 14;
    case 'command': {
      const lines = countLines(entry.output);
      return ROW_CHROME + 44 + approvals + (lines === 0 ? 0 : lines <= 12 ? lines * 17 + 12 : 26);
    }
    case 'fileChange': {
      // Small changes start expanded (see file-change-view.ts): count their diff rows.
      const lines = entry.changes.reduce((sum, change) => sum + countLines(change.diff), 0);
      return ROW_CHROME + 40 + approvals + entry.changes.length * 34 + (lines <= 60 ? lines * 18 : 0);
    }
    case 'turnPlan':
      return ROW_CHROME + 30 + entry.steps.length * LINE;
    case 'plan':
      return ROW_CHROME + 30 + textLines(entry.text) * LINE;
    case 'notice':
      return ROW_CHROME + 20 + textLines(entry.text) * LINE;
    default:
      return ROW_CHROME + 24;
  }
}

/** The accessible name of a row (the feed's articles are labelled by author or kind). */
export function entryLabel(entry: TranscriptEntry): string {
  switch (entry.kind) {
    case 'user':
      return 'You';
    case 'agent':
      return 'Codex';
    case 'reasoning':
      return 'Codex thinking';
    case 'command':
      return 'Command';
    case 'fileChange':
      return 'File change';
    case 'plan':
    case 'turnPlan':
      return 'Plan';
    case 'notice':
      return entry.severity === 'error' ? 'Error' : 'Notice';
    default:
      return entry.label;
  }
}
