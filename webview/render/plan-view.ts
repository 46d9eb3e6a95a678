/**
 * Plans. A `turn/plan/updated` checklist: each step with its status as a
 * marker (CSS) and as words (for screen readers), and a count in the title.
 * A `plan` item (the model's plan as text) renders as markdown.
 */
import type { TurnPlanStep } from '../../server/protocol';
import type { PlanEntry, TranscriptEntry, TurnPlanEntry } from '../state/entries';
import { el, setText } from './dom';
import { MarkdownView } from './markdown-view';
import type { EntryView } from './view-context';

const STATUS_WORDS: Record<TurnPlanStep['status'], string> = { pending: 'to do', inProgress: 'in progress', completed: 'done' };

export function createTurnPlanView(initial: TurnPlanEntry): EntryView {
  const element = el('div', 'entry entry-plan');
  const title = el('div', 'plan-title');
  const explanation = el('p', 'plan-explanation');
  const list = el('ol', 'checklist');
  element.append(title, explanation, list);
  const update = (entry: TranscriptEntry) => {
    if (entry.kind !== 'turnPlan') return;
    const done = entry.steps.filter((step) => step.status === 'completed').length;
    setText(title, `Plan: ${done} of ${entry.steps.length} done`);
    setText(explanation, entry.explanation ?? '');
    explanation.hidden = !entry.explanation;
    list.replaceChildren(
      ...entry.steps.map((step) => {
        const item = el('li', `step step-${step.status}`);
        const words = STATUS_WORDS[step.status] ?? step.status;
        item.append(el('span', 'step-text', step.step), el('span', 'visually-hidden', ` (${words})`));
        return item;
      }),
    );
  };
  update(initial);
  return { element, update, dispose: () => undefined };
}

export function createPlanItemView(initial: PlanEntry): EntryView {
  const element = el('div', 'entry entry-plan');
  const body = new MarkdownView(`plan:${initial.key}`, 'agent');
  element.append(el('div', 'plan-title', 'Plan'), body.element);
  const update = (entry: TranscriptEntry) => {
    if (entry.kind === 'plan') body.update(entry.text, entry.open);
  };
  update(initial);
  return { element, update, dispose: () => body.dispose() };
}
