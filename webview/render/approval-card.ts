/**
 * Inline approval cards on a command or file-change item. The buttons are
 * the request's decisions (see `state/decisions.ts`); a click posts
 * `approval/answer` and disables the card at once, since only the first
 * answer counts (inline, modal, or another client). `approval/settled`
 * then shows the outcome. Cards are kept per approval key and updated in
 * place, so the status line the click moved focus to stays put.
 */
import type { FileUpdateChange } from '../../server/protocol';
import { labelText, outcomeLabel, type DecisionLabel } from '../state/decisions';
import type { ApprovalState } from '../state/entries';
import { displayCommand } from './command-text';
import { displayPath } from './diff-text';
import { el, setText } from './dom';
import type { ViewContext } from './view-context';

interface Card {
  element: HTMLElement;
  buttons: HTMLButtonElement[];
  outcome: HTMLElement;
}

export class ApprovalCards {
  readonly element = el('div', 'approvals');
  private readonly cards = new Map<string, Card>();

  constructor(private readonly context: ViewContext) {}

  /** `changes`: the file-change item's files, listed on its card. */
  update(approvals: readonly ApprovalState[], changes: readonly FileUpdateChange[] = []): void {
    for (const [key, card] of this.cards) {
      if (!approvals.some((approval) => approval.key === key)) {
        card.element.remove();
        this.cards.delete(key);
      }
    }
    for (const approval of approvals) {
      let card = this.cards.get(approval.key);
      if (!card) {
        card = this.createCard(approval, changes);
        this.cards.set(approval.key, card);
        this.element.append(card.element);
      }
      this.refresh(card, approval);
    }
    this.element.hidden = approvals.length === 0;
  }

  private createCard(approval: ApprovalState, changes: readonly FileUpdateChange[]): Card {
    const element = el('div', 'approval');
    element.setAttribute('role', 'group');
    const title = el('div', 'approval-title', approvalTitle(approval));
    title.id = `approval-title-${cssSafe(approval.key)}`;
    element.setAttribute('aria-labelledby', title.id);
    element.append(title);

    if (approval.kind === 'command' && approval.command) {
      const command = el('pre', 'approval-command');
      command.append(el('code', '', displayCommand(approval.command)));
      element.append(command);
      if (approval.cwd) element.append(el('div', 'approval-meta', `in ${approval.cwd}`));
    }
    if (approval.kind === 'fileChange') {
      if (changes.length) {
        const files = el('ul', 'approval-files');
        for (const change of changes) files.append(el('li', '', displayPath(change.path, this.context.cwd())));
        element.append(files);
      }
      if (approval.grantRoot) element.append(el('div', 'approval-meta', `and allow writes under ${approval.grantRoot} for this session`));
    }
    if (approval.reason) element.append(el('p', 'approval-reason', approval.reason));

    const actions = el('div', 'approval-buttons');
    const outcome = el('div', 'approval-outcome');
    outcome.setAttribute('role', 'status');
    outcome.tabIndex = -1;
    const buttons = approval.options.map((option) => {
      const button = el('button', `approval-button tone-${option.tone}`);
      button.type = 'button';
      appendLabel(button, option);
      button.setAttribute('aria-label', labelText(option));
      button.addEventListener('click', () => {
        if (button.disabled) return;
        for (const other of buttons) other.disabled = true;
        setText(outcome, `Sending: ${labelText(option)}…`);
        // The clicked button is about to be disabled; keep focus inside the card.
        outcome.focus();
        this.context.answerApproval(approval, option.decision);
      });
      return button;
    });
    actions.append(...buttons);
    element.append(actions, outcome);
    return { element, buttons, outcome };
  }

  private refresh(card: Card, approval: ApprovalState): void {
    const pending = approval.status === 'pending';
    for (const button of card.buttons) button.disabled = !pending;
    card.element.classList.toggle('settled', approval.status === 'settled');
    if (approval.status === 'settled') {
      card.outcome.replaceChildren();
      appendLabel(card.outcome, outcomeLabel(approval.decision));
    } else if (approval.status === 'answering' && !card.outcome.textContent) {
      setText(card.outcome, 'Sending your answer…');
    } else if (pending) setText(card.outcome, '');
  }
}

function approvalTitle(approval: ApprovalState): string {
  if (approval.networkHost) return `Allow network access to ${approval.networkHost}?`;
  return approval.kind === 'command' ? 'Run this command?' : 'Apply these changes?';
}

/** "Always allow" + `<code>git pull</code>`, as text nodes only. */
function appendLabel(parent: HTMLElement, label: DecisionLabel): void {
  parent.append(label.text);
  if (label.code !== null) parent.append(' ', el('code', '', label.code));
}

function cssSafe(key: string): string {
  return key.replace(/[^A-Za-z0-9_-]/g, '_');
}
