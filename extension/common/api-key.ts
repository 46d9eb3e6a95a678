/**
 * The OpenAI API key, kept in VS Code's SecretStorage (never in settings,
 * which sync in plain text). Commands ask the user; the server manager reads.
 */
import * as vscode from 'vscode';

export const API_KEY_SECRET = 'codexThreads.openaiApiKey';

export async function readApiKey(secrets: vscode.SecretStorage): Promise<string | undefined> {
  return (await secrets.get(API_KEY_SECRET)) || undefined;
}

/** Asks for a key and stores it; resolves true when one was stored. */
export async function promptForApiKey(secrets: vscode.SecretStorage): Promise<boolean> {
  const key = await vscode.window.showInputBox({
    title: 'Codex: Set API Key',
    prompt: 'OpenAI API key, stored in VS Code secret storage',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Enter a key, or press Escape to cancel'),
  });
  if (!key?.trim()) return false;
  await secrets.store(API_KEY_SECRET, key.trim());
  return true;
}

export async function clearApiKey(secrets: vscode.SecretStorage): Promise<void> {
  await secrets.delete(API_KEY_SECRET);
}
