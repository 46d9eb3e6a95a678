/**
 * Which folder a new thread works in: the workspace folder of the active
 * file; with several folders and no active file, the user picks one; with
 * none, the home folder. Undefined when the user cancels the picker.
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';

export async function pickThreadFolder(): Promise<string | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return homedir();
  if (folders.length === 1) return folders[0].uri.fsPath;
  const active = vscode.window.activeTextEditor?.document.uri;
  const owner = active && vscode.workspace.getWorkspaceFolder(active);
  if (owner) return owner.uri.fsPath;
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the new Codex thread', ignoreFocusOut: true });
  return picked?.uri.fsPath;
}
