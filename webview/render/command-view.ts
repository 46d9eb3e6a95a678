/**
 * A command item: the command, where it ran, status (running, exit code,
 * declined, failed), duration, and its output. Output streams in live while
 * running (a tail of the last lines, so the row stays short); once done,
 * short output shows inline and long output collapses behind a summary and
 * is only put in the DOM when expanded.
 */
import type { CommandEntry, TranscriptEntry } from '../state/entries';
import { ApprovalCards } from './approval-card';
import { commandStatus, countLines, displayCommand, formatDuration, INLINE_OUTPUT_LINES, LIVE_TAIL_LINES, tail } from './command-text';
import { el, persistentDetails, setText } from './dom';
import type { EntryView, ViewContext } from './view-context';

export function createCommandView(initial: CommandEntry, context: ViewContext): EntryView {
  const element = el('div', 'entry entry-tool entry-command');
  const header = el('div', 'tool-header');
  const status = el('span', 'tool-status');
  const command = el('code', 'tool-command');
  header.append(status, command);
  const meta = el('div', 'tool-meta');
  const approvals = new ApprovalCards(context);
  const output = el('div', 'tool-output');
  element.append(header, meta, approvals.element, output);

  let shownOutput: { mode: string; text: string } | null = null;
  let current = initial;
  const renderOutput = () => {
    const entry = current;
    const lines = countLines(entry.output);
    const running = entry.open && entry.status === 'inProgress';
    const mode = lines === 0 ? 'none' : running ? 'live' : lines <= INLINE_OUTPUT_LINES ? 'inline' : 'collapsed';
    if (shownOutput && shownOutput.mode === mode && shownOutput.text === entry.output) return;
    if (mode === 'live' && shownOutput?.mode === 'live') {
      setText(output.firstElementChild as HTMLElement, tail(entry.output, LIVE_TAIL_LINES));
    } else if (mode === 'live') {
      const pre = el('pre', 'output live', tail(entry.output, LIVE_TAIL_LINES));
      pre.setAttribute('aria-label', 'Latest output');
      output.replaceChildren(pre);
    } else if (mode === 'inline') {
      output.replaceChildren(el('pre', 'output', entry.output));
    } else if (mode === 'collapsed') {
      const note = entry.outputTruncated ? ', the start was dropped' : '';
      const details = persistentDetails(context.expanded, `output:${entry.key}`, false, `Output (${lines} lines${note})`);
      // Filled on first expand: hundreds of KB of text nobody opened would only slow layout.
      const fill = () => {
        if (details.open && details.childElementCount === 1) details.append(el('pre', 'output', entry.output));
      };
      details.addEventListener('toggle', fill);
      fill();
      output.replaceChildren(details);
    } else output.replaceChildren();
    shownOutput = { mode, text: entry.output };
  };

  const update = (entry: TranscriptEntry) => {
    if (entry.kind !== 'command') return;
    current = entry;
    const { label, tone } = commandStatus(entry);
    element.dataset.tone = tone;
    setText(status, label);
    setText(command, displayCommand(entry.command) || '(command)');
    command.title = entry.command;
    const parts = [entry.cwd ? `in ${entry.cwd}` : '', formatDuration(entry.durationMs)].filter(Boolean);
    setText(meta, parts.join(' · '));
    meta.hidden = parts.length === 0;
    approvals.update(entry.approvals);
    renderOutput();
  };
  update(initial);
  return { element, update, dispose: () => undefined };
}
