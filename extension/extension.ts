/**
 * Entry point: builds the window's services (CodexWindow) and hands them
 * to `context.subscriptions`; `deactivate` waits for the servers to exit,
 * so a reload or shutdown leaves no App Server behind. Returns the small
 * API of `api.ts`.
 */
import * as vscode from 'vscode';
import { createApi, type CodexThreadsApi } from './api';
import { CodexWindow } from './codex-window';

let codexWindow: CodexWindow | undefined;

export function activate(context: vscode.ExtensionContext): CodexThreadsApi {
  const log = vscode.window.createOutputChannel('Codex', { log: true });
  context.subscriptions.push(log);
  codexWindow = new CodexWindow({
    extensionUri: context.extensionUri,
    version: String(context.extension.packageJSON.version ?? '0.0.0'),
    secrets: context.secrets,
    globalState: context.globalState,
    workspaceState: context.workspaceState,
    log,
  });
  context.subscriptions.push(codexWindow);
  return createApi(codexWindow);
}

export async function deactivate(): Promise<void> {
  await codexWindow?.shutdown();
  codexWindow = undefined;
}
