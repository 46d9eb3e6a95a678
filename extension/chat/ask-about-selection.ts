/**
 * "Codex: Ask about selection": asks for a question, then sends it with the
 * active editor's selection (or the cursor's line), its file and line range
 * to the current chat tab, or to a new thread in the file's folder.
 */
import * as vscode from 'vscode';
import type { ChatPanels } from './chat-panels';
import { DEFAULT_QUESTION, selectionPrompt } from './selection-prompt';

export async function askAboutSelection(panels: ChatPanels, newThreadFolder: () => Promise<string | undefined>): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Codex: select some code in an editor first.');
    return;
  }
  const { document, selection } = editor;
  const range = selection.isEmpty ? document.lineAt(selection.active.line).range : selection;
  const text = document.getText(range);
  if (!text.trim()) {
    void vscode.window.showInformationMessage('Codex: the selection is empty.');
    return;
  }
  const startLine = range.start.line + 1;
  // A selection ending at the start of a line does not include that line.
  const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
  const path = vscode.workspace.asRelativePath(document.uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
  const question = await vscode.window.showInputBox({
    title: 'Ask Codex about the selection',
    prompt: `${path}, ${startLine === endLine ? `line ${startLine}` : `lines ${startLine}-${endLine}`}`,
    placeHolder: DEFAULT_QUESTION,
  });
  if (question === undefined) return;

  let panel = panels.current;
  if (!panel || ['closed', 'failed'].includes(panel.session.status.phase)) {
    const cwd = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? (await newThreadFolder());
    if (!cwd) return;
    panel = panels.open({ cwd });
  }
  panel.reveal(true);
  try {
    await panel.sendPrompt(selectionPrompt(question, { path, startLine, endLine, languageId: document.languageId, text }));
  } catch (error) {
    void vscode.window.showErrorMessage(`Codex: ${error instanceof Error ? error.message : String(error)}`);
  }
}
