/**
 * "Codex: Ask about selection": the user's question, then the selected
 * code with its file and line range in a fenced block. Host-free.
 */
export interface SelectionContext {
  /** Workspace-relative path of the file (absolute outside the workspace). */
  path: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  languageId: string;
  text: string;
}

export const DEFAULT_QUESTION = 'Explain this code.';

export function selectionPrompt(question: string, selection: SelectionContext): string {
  const range = selection.startLine === selection.endLine ? `line ${selection.startLine}` : `lines ${selection.startLine}-${selection.endLine}`;
  // A fence longer than any backtick run inside, so the code cannot close it.
  const longest = Math.max(2, ...Array.from(selection.text.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  const body = selection.text.endsWith('\n') ? selection.text : `${selection.text}\n`;
  return `${question.trim() || DEFAULT_QUESTION}\n\nFrom \`${selection.path}\` (${range}):\n\n${fence}${selection.languageId}\n${body}${fence}`;
}
