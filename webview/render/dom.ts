/**
 * Tiny DOM builders. Text always goes in through `textContent`; the only
 * HTML this webview sets comes from `sanitize.ts`. No inline styles: the CSP
 * forbids them, so all looks live in the stylesheet, keyed by class names.
 */

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

export function button(text: string, className: string, onClick: () => void): HTMLButtonElement {
  const element = el('button', className, text);
  element.type = 'button';
  element.addEventListener('click', onClick);
  return element;
}

/** Sets text only when it changed: streaming updates touch the DOM as little as possible. */
export function setText(element: Node, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/**
 * A `<details>` whose open state outlives its element: the virtual list drops
 * rows that scroll away and rebuilds them later, and a section the user
 * expanded must come back expanded.
 */
export function persistentDetails(memory: Map<string, boolean>, id: string, defaultOpen: boolean, summary: string | Node): HTMLDetailsElement {
  const details = el('details');
  const summaryElement = el('summary');
  summaryElement.append(summary);
  details.append(summaryElement);
  details.open = memory.get(id) ?? defaultOpen;
  details.addEventListener('toggle', () => memory.set(id, details.open));
  return details;
}
